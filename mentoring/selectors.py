"""Reads of the coaching app: free slots, sessions used, dashboards and staff statistics.

The booking services call the slot reads here under their row locks (a free slot is checked
again inside the transaction that books it); the pages call the same reads to show what can
be booked.
"""

from datetime import date, datetime, time, timedelta
from typing import NamedTuple
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import (
    Avg,
    Count,
    DurationField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
    Sum,
)
from django.utils import timezone

from accounts import topics
from accounts.models import Startup
from accounts.selectors import is_startup_member, startup_people
from challenges.models import Application, ApplicationStatus
from core.fragments import topic
from core.slots import Slot, generate_slots, local_instant, overlaps
from mentoring.models import (
    AssessmentSide,
    AvailabilityException,
    Coach,
    Engagement,
    EngagementAssessment,
    NoShowSide,
    Session,
    SessionStatus,
)

# --- slots ------------------------------------------------------------------------------------


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


def is_busy(engagement: Engagement, slot: Slot, *, excluding: int | None = None) -> bool:
    """The slot, with the coach's buffer after it, touches an active session of the coach or
    of the startup. `excluding`: a session being moved, whose own time counts as free."""
    return bool(_busy_slots(engagement, [slot], excluding=excluding))


def _busy_slots(engagement: Engagement, slots: list[Slot], *, excluding: int | None) -> set:
    buffer = timedelta(minutes=engagement.coach.buffer_minutes)
    busy = busy_periods(
        engagement, start=slots[0].starts_at, end=slots[-1].ends_at + buffer, excluding=excluding
    )
    return {
        slot
        for slot in slots
        if any(overlaps(slot.starts_at, slot.ends_at + buffer, s, b) for s, b in busy)
    }


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
    busy = _busy_slots(engagement, slots, excluding=excluding)
    return [slot for slot in slots if slot not in busy]


def next_clock_change(
    engagement: Engagement, *, first_day: date, days: int, now: datetime
) -> datetime | None:
    """The first instant after `now` at which `free_slots` of these days can change by the
    clock alone: a slot coming within the coach's notice (it goes) or within the horizon (it
    comes). None when no slot of these days ever will."""
    coach = engagement.coach
    notice, horizon = timedelta(hours=coach.min_notice_hours), timedelta(days=coach.horizon_days)
    moments = [
        moment
        for slot in availability_slots(coach, first_day=first_day, days=days)
        for moment in (slot.starts_at - notice, slot.starts_at - horizon)
        if moment > now
    ]
    return min(moments, default=None)


# --- kept pages (core.fragments) -------------------------------------------------------------


def engagement_topic(pk) -> str:
    """An engagement's row and its sessions (the allotment used)."""
    return topic("engagement", pk)


def coach_topic(pk) -> str:
    """A coach's booking rules, availability and sessions (whatever the engagement)."""
    return topic("coach", pk)


def startup_sessions_topic(pk) -> str:
    """A startup's sessions (whatever the coach): they block the startup's time."""
    return topic("startup-sessions", pk)


def engagement_people(pk) -> tuple[int, int, int] | None:
    """(startup id, coach id, coach's user id) of an engagement, or None if there is none."""
    return (
        Engagement.objects.filter(pk=pk)
        .values_list("startup_id", "coach_id", "coach__user_id")
        .first()
    )


def booking_topics(engagement_pk, startup_id, coach_id, coach_user_id) -> list[str]:
    """What the booking page of an engagement is built from: the engagement and its sessions,
    the coach's availability and sessions, the startup's sessions, the startup's and the
    coach's names."""
    return [
        engagement_topic(engagement_pk),
        coach_topic(coach_id),
        startup_sessions_topic(startup_id),
        topics.startup(startup_id),
        topics.person(coach_user_id),
    ]


# --- the allotment ----------------------------------------------------------------------------


def counted_against_allotment(prefix: str = "") -> Q:
    """Sessions that use up the allotment: booked, held, no-show, and late cancellations.
    `prefix`: the path to the sessions ("sessions__" from an engagement)."""
    return ~Q(**{f"{prefix}status": SessionStatus.CANCELLED}) | Q(
        **{f"{prefix}late_cancellation": True}
    )


def with_sessions_used(engagements: QuerySet[Engagement]) -> QuerySet[Engagement]:
    """The engagements with `used`: how many of their sessions count against the allotment."""
    return engagements.annotate(
        used=Count("sessions", filter=counted_against_allotment("sessions__"))
    )


def sessions_counted(engagement: Engagement) -> int:
    """Sessions used: booked, held, no-show, and late cancellations."""
    return engagement.sessions.filter(counted_against_allotment()).count()


class Allotment(NamedTuple):
    used: int
    remaining: int
    can_book: bool  # the engagement is active and has sessions left


def allotment_of(engagement: Engagement, *, used: int | None = None) -> Allotment:
    """The engagement's sessions used and left. `used`: already counted (see
    with_sessions_used), else counted now."""
    if used is None:
        used = sessions_counted(engagement)
    remaining = max(engagement.allotment - used, 0)
    return Allotment(
        used=used,
        remaining=remaining,
        can_book=engagement.status == Engagement.Status.ACTIVE and remaining > 0,
    )


# --- people -----------------------------------------------------------------------------------


def session_people(session: Session) -> list:
    """Everyone taking part in a session: the coach, then the startup's (active) people."""
    return [session.coach.user, *startup_people(session.startup)]


# --- dashboards -------------------------------------------------------------------------------


def engagements_of_startup_member(user):
    """The engagements of the startups `user` belongs to, newest first, with `used`."""
    return with_sessions_used(
        Engagement.objects.filter(startup__memberships__user=user).select_related(
            "coach__user", "coach__partner", "startup"
        )
    ).order_by("-starts_on")


def engagements_of_coach(user):
    """The engagements `user` coaches, newest first, with `used`."""
    return with_sessions_used(
        Engagement.objects.filter(coach__user=user).select_related("startup", "coach")
    ).order_by("-starts_on")


def upcoming_sessions(*, engagements, now=None):
    """Booked sessions of the engagements that have not ended, soonest first."""
    now = now or timezone.now()
    return (
        Session.objects.filter(
            engagement__in=engagements, status=SessionStatus.BOOKED, ends_at__gt=now
        )
        .select_related("coach__user", "startup")
        .order_by("starts_at")
    )


def past_sessions(*, engagements, now=None):
    """Sessions of the engagements that have ended (cancelled ones left out), latest first."""
    now = now or timezone.now()
    return (
        Session.objects.filter(engagement__in=engagements, ends_at__lte=now)
        .exclude(status=SessionStatus.CANCELLED)
        .select_related("coach__user", "startup")
        .order_by("-starts_at")
    )


# --- goals, progress and the final assessment ------------------------------------------------


def first_held_session_id(engagement: Engagement) -> int | None:
    """The engagement's first held session: the one whose write-up agrees the goals."""
    return (
        engagement.sessions.filter(status=SessionStatus.COMPLETED)
        .order_by("starts_at", "pk")
        .values_list("pk", flat=True)
        .first()
    )


def progress_history(engagement: Engagement) -> list[Session]:
    """The held sessions of the engagement with the coach's progress, oldest first."""
    return list(
        engagement.sessions.filter(status=SessionStatus.COMPLETED)
        .only("pk", "starts_at", "ends_at", "progress_percent", "progress_comment", "status")
        .order_by("starts_at", "pk")
    )


def assessment_is_open(engagement: Engagement, *, now: datetime | None = None) -> bool:
    """From the engagement's last day (a Seoul date), or once it is marked completed."""
    now = now or timezone.now()
    today = timezone.localtime(now, ZoneInfo(settings.TIME_ZONE)).date()
    return engagement.status == Engagement.Status.COMPLETED or today >= engagement.ends_on


def assessment_side(user, engagement: Engagement) -> str | None:
    """The side `user` assesses for: the engagement's coach, a member of its startup, or none."""
    if user.is_authenticated and engagement.coach.user_id == user.pk:
        return AssessmentSide.COACH
    if is_startup_member(user, engagement.startup):
        return AssessmentSide.STARTUP
    return None


def visible_assessments(
    engagement: Engagement, *, side: str | None, staff: bool
) -> list[EngagementAssessment]:
    """The final assessments `side` may read: staff every one; each side its own, and the
    other side's once both have submitted (so neither is swayed by the other)."""
    assessments = list(engagement.assessments.select_related("submitted_by"))
    if staff or len(assessments) == len(AssessmentSide.values):
        return assessments
    return [a for a in assessments if a.side == side]


# --- staff ------------------------------------------------------------------------------------


def selected_without_engagement():
    """Selected applications whose startup has not been paired with a coach for them yet."""
    return (
        Application.objects.filter(status=ApplicationStatus.SELECTED)
        .exclude(Exists(Engagement.objects.filter(application=OuterRef("pk"))))
        .select_related("startup", "challenge", "therapeutic_area")
        .order_by("challenge__closes_at", "startup__name")
    )


def coaching_statistics():
    """Per coach and per startup: sessions held, no-shows by side, average rating, hours."""
    held = Q(sessions__status=SessionStatus.COMPLETED)
    no_show = Q(sessions__status=SessionStatus.NO_SHOW)
    duration = ExpressionWrapper(
        F("sessions__ends_at") - F("sessions__starts_at"), output_field=DurationField()
    )

    def stats(queryset):
        return queryset.annotate(
            held=Count("sessions", filter=held),
            no_shows=Count("sessions", filter=no_show),
            coach_no_shows=Count(
                "sessions", filter=no_show & Q(sessions__no_show_by=NoShowSide.COACH)
            ),
            rating=Avg("sessions__rating", filter=held),
            hours=Sum(duration, filter=held),
        )

    return (
        stats(Coach.objects.select_related("user")).order_by("user__name"),
        stats(
            Startup.objects.filter(Exists(Engagement.objects.filter(startup=OuterRef("pk"))))
        ).order_by("name"),
    )
