"""A coach's availability: weekly windows, date exceptions and booking rules."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone

from core.audit import log_action
from mentoring.models import AvailabilityException, AvailabilityWindow, Coach


@transaction.atomic
def save_availability(
    coach: Coach,
    *,
    actor,
    windows: list[tuple[int, object, object]],
    exceptions: list[tuple[date, str, object, object]],
    rules: dict,
    now: datetime | None = None,
) -> Coach:
    """Replace the coach's weekly windows and the date exceptions from today on (in the coach's
    zone), and save the booking rules. Earlier exceptions stay: they are the record of the
    hours the coach offered (mentoring.utilisation); the page lists only today's and later.

    Locks the coach row; records `mentoring.coach.availability_saved`. Booked sessions are
    kept: changing availability never cancels anything, and nobody is notified.
    """
    now = now or timezone.now()
    coach = Coach.objects.select_for_update().get(pk=coach.pk)
    today = timezone.localtime(now, ZoneInfo(coach.time_zone)).date()
    for name, value in rules.items():
        setattr(coach, name, value)
    coach.save(update_fields=[*rules, "updated_at"])
    coach.windows.all().delete()
    AvailabilityWindow.objects.bulk_create(
        AvailabilityWindow(coach=coach, weekday=w, starts=s, ends=e) for w, s, e in windows
    )
    coach.exceptions.filter(date__gte=today).delete()
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
