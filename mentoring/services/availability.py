"""Coaches' availability and engagements: weekly windows, free slots, pairing startups."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from challenges.models import Application, ApplicationStatus
from core.audit import log_action
from core.slots import Slot, generate_slots, local_instant, overlaps
from mentoring.models import (
    AvailabilityException,
    AvailabilityWindow,
    Coach,
    Engagement,
    Session,
    SessionStatus,
)
from mentoring.services.common import BookingError
from notifications.services import notify


def availability_slots(coach: Coach, *, first_day: date, days: int) -> list[Slot]:
    """The coach's slots from the weekly windows and the date exceptions, in their zone."""
    exceptions = list(coach.exceptions.filter(date__gte=first_day))
    return generate_slots(
        zone=coach.time_zone,
        first_day=first_day,
        days=days,
        weekly=coach.windows.values_list("weekday", "starts", "ends"),
        blocked_days=[e.date for e in exceptions if e.kind == AvailabilityException.Kind.BLOCKED],
        extra_windows=_extra_windows(exceptions),
        length=timedelta(minutes=coach.session_minutes),
        gap=timedelta(minutes=coach.buffer_minutes),
    )


def _extra_windows(exceptions) -> dict:
    extra: dict = {}
    for exception in exceptions:
        if exception.kind == AvailabilityException.Kind.EXTRA:
            extra.setdefault(exception.date, []).append((exception.starts, exception.ends))
    return extra


def busy_periods(engagement: Engagement, *, start, end, excluding: int | None = None):
    """Active sessions of the coach or the startup that touch [start, end)."""
    sessions = Session.objects.exclude(status=SessionStatus.CANCELLED).filter(
        starts_at__lt=end, blocked_until__gt=start
    )
    coach_or_startup = sessions.filter(coach=engagement.coach_id) | sessions.filter(
        startup=engagement.startup_id
    )
    if excluding is not None:
        coach_or_startup = coach_or_startup.exclude(pk=excluding)
    return list(coach_or_startup.values_list("starts_at", "blocked_until"))


def engagement_period(engagement: Engagement) -> tuple[datetime, datetime]:
    """The engagement's days as instants, in Seoul where the programme runs: [start, end)."""
    zone = ZoneInfo(settings.TIME_ZONE)
    return (
        local_instant(engagement.starts_on, time.min, zone),
        local_instant(engagement.ends_on + timedelta(days=1), time.min, zone),
    )


def free_slots(
    engagement: Engagement,
    *,
    first_day: date,
    days: int,
    now: datetime | None = None,
    excluding: int | None = None,
) -> list[Slot]:
    """Slots the startup may book: inside the notice, the horizon and the engagement's period,
    not overlapping any active session of the coach or of the startup (the coach's buffer
    included). `excluding`: a session being moved, whose own time counts as free."""
    now = now or timezone.now()
    coach = engagement.coach
    period_start, period_end = engagement_period(engagement)
    earliest = max(now + timedelta(hours=coach.min_notice_hours), period_start)
    latest = now + timedelta(days=coach.horizon_days)
    slots = [
        slot
        for slot in availability_slots(coach, first_day=first_day, days=days)
        if earliest <= slot.starts_at <= latest and slot.starts_at < period_end
    ]
    if not slots:
        return []
    buffer = timedelta(minutes=coach.buffer_minutes)
    busy = busy_periods(
        engagement,
        start=slots[0].starts_at,
        end=slots[-1].ends_at + buffer,
        excluding=excluding,
    )
    return [
        slot
        for slot in slots
        if not any(overlaps(slot.starts_at, slot.ends_at + buffer, s, b) for s, b in busy)
    ]


@transaction.atomic
def start_engagement(
    *,
    coach: Coach,
    startup,
    actor,
    starts_on: date,
    ends_on: date,
    allotment: int = 6,
    goals: str = "",
    application=None,
) -> Engagement:
    """Pair a selected startup with a coach. Tells the coach and the startup's members."""
    if ends_on < starts_on:
        raise BookingError(_("The engagement must end on or after its first day."), code="dates")
    if application is not None:
        application = Application.objects.select_for_update().get(pk=application.pk)
        if application.status != ApplicationStatus.SELECTED or application.startup_id != startup.pk:
            raise BookingError(
                _("Only the startup of a selected application can be coached."), code="not_selected"
            )
        if Engagement.objects.filter(application=application).exists():
            raise BookingError(
                _("Coaching has already started for this application."), code="duplicate"
            )
    engagement = Engagement.objects.create(
        coach=coach,
        startup=startup,
        application=application,
        starts_on=starts_on,
        ends_on=ends_on,
        allotment=allotment,
        goals=goals,
    )
    log_action(
        engagement,
        "mentoring.engagement.started",
        actor=actor,
        data={"coach": coach.pk, "allotment": allotment},
    )
    context = {
        "coach": coach.user.get_full_name(),
        "startup": startup.name,
        "allotment": allotment,
        "url": reverse("mentoring:dashboard"),
    }
    for person in [coach.user, *(m.user for m in startup.memberships.select_related("user"))]:
        notify(
            person,
            "mentoring.engagement_started",
            {**context, "startup": startup.name_in(person.language)},
            key=f"mentoring.engagement_started:{engagement.pk}:{person.pk}",
        )
    return engagement


@transaction.atomic
def save_availability(
    coach: Coach,
    *,
    actor,
    windows: list[tuple[int, object, object]],
    exceptions: list[tuple[date, str, object, object]],
    rules: dict,
) -> Coach:
    """Replace the coach's weekly windows and date exceptions, and save the booking rules.
    Booked sessions are kept: changing availability never cancels anything."""
    coach = Coach.objects.select_for_update().get(pk=coach.pk)
    for name, value in rules.items():
        setattr(coach, name, value)
    coach.save(update_fields=[*rules, "updated_at"])
    coach.windows.all().delete()
    AvailabilityWindow.objects.bulk_create(
        AvailabilityWindow(coach=coach, weekday=w, starts=s, ends=e) for w, s, e in windows
    )
    coach.exceptions.all().delete()
    AvailabilityException.objects.bulk_create(
        AvailabilityException(coach=coach, date=d, kind=k, starts=s, ends=e)
        for d, k, s, e in exceptions
    )
    log_action(
        coach,
        "mentoring.coach.availability_saved",
        actor=actor,
        data={"windows": len(windows), "exceptions": len(exceptions), **rules},
    )
    return coach
