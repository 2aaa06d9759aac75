"""Coach utilisation per month: hours offered, booked and held, each in the coach's own zone.

A read (selector) for the staff dashboard and the coach's own page. Four queries whatever the
number of coaches, months or sessions: the coaches, their weekly windows, their date
exceptions and their sessions of the period; the months are counted in Python, each coach's
days and months in the coach's zone.

- Offered: the weekly windows on each date of the month, without the blocked dates, plus the
  extra windows, overlaps counted once, measured in real time (a 01:00–04:00 window on the
  night the clocks go forward offers two hours). The windows are the coach's current weekly
  pattern (saving availability replaces it; earlier patterns are not kept), the exceptions
  those of the month.
- Booked: sessions starting in the month that were not cancelled (held, no-shows and those
  still to come).
- Held: sessions starting in the month that were held.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from core.slots import local_instant
from mentoring.models import (
    AvailabilityException,
    AvailabilityWindow,
    Coach,
    Session,
    SessionStatus,
)

HOUR = timedelta(hours=1)


@dataclass(frozen=True)
class MonthUse:
    coach_id: int
    coach: str
    time_zone: str
    month: date  # the first day of the month
    offered: float  # hours
    booked: float
    held: float

    @property
    def booked_share(self) -> float | None:
        """Booked hours as a share of the offered hours (None when nothing was offered)."""
        return self.booked / self.offered if self.offered else None


def month_start(day: date) -> date:
    return day.replace(day=1)


def next_month(month: date) -> date:
    return (month.replace(day=28) + timedelta(days=4)).replace(day=1)


def months_between(first: date, last: date) -> list[date]:
    """The first days of the months from `first`'s to `last`'s, both included."""
    months, month = [], month_start(first)
    while month <= last:
        months.append(month)
        month = next_month(month)
    return months


def coach_utilisation(*, months: list[date], coach_ids: list[int] | None = None) -> list[MonthUse]:
    """One row per coach and month (months: first days, ascending), coaches by name."""
    if not months:
        return []
    coaches = Coach.objects.select_related("user").order_by("user__name", "pk")
    if coach_ids is not None:
        coaches = coaches.filter(pk__in=coach_ids)
    coaches = list(coaches)
    ids = [coach.pk for coach in coaches]
    first, end = months[0], next_month(months[-1])
    weekly: dict[int, dict[int, list]] = defaultdict(lambda: defaultdict(list))
    for coach_id, weekday, starts, ends in AvailabilityWindow.objects.filter(
        coach__in=ids
    ).values_list("coach_id", "weekday", "starts", "ends"):
        weekly[coach_id][weekday].append((starts, ends))
    blocked: dict[int, set[date]] = defaultdict(set)
    extra: dict[int, dict[date, list]] = defaultdict(lambda: defaultdict(list))
    for coach_id, day, kind, starts, ends in AvailabilityException.objects.filter(
        coach__in=ids, date__gte=first, date__lt=end
    ).values_list("coach_id", "date", "kind", "starts", "ends"):
        if kind == AvailabilityException.Kind.BLOCKED:
            blocked[coach_id].add(day)
        else:
            extra[coach_id][day].append((starts, ends))
    # Every zone is within a day of UTC: a day either side catches each coach's local month.
    sessions = Session.objects.filter(
        coach__in=ids,
        starts_at__gte=datetime.combine(first - timedelta(days=1), time.min, tzinfo=UTC),
        starts_at__lt=datetime.combine(end + timedelta(days=1), time.min, tzinfo=UTC),
    ).exclude(status=SessionStatus.CANCELLED)
    booked: dict[tuple[int, date], timedelta] = defaultdict(timedelta)
    held: dict[tuple[int, date], timedelta] = defaultdict(timedelta)
    zones = {coach.pk: ZoneInfo(coach.time_zone) for coach in coaches}
    for coach_id, starts_at, ends_at, status in sessions.values_list(
        "coach_id", "starts_at", "ends_at", "status"
    ):
        key = (coach_id, month_start(starts_at.astimezone(zones[coach_id]).date()))
        booked[key] += ends_at - starts_at
        if status == SessionStatus.COMPLETED:
            held[key] += ends_at - starts_at
    return [
        MonthUse(
            coach_id=coach.pk,
            coach=coach.user.get_full_name() or coach.user.email,
            time_zone=coach.time_zone,
            month=month,
            offered=_hours(
                _offered(
                    month,
                    zone=zones[coach.pk],
                    weekly=weekly[coach.pk],
                    blocked=blocked[coach.pk],
                    extra=extra[coach.pk],
                )
            ),
            booked=_hours(booked[(coach.pk, month)]),
            held=_hours(held[(coach.pk, month)]),
        )
        for coach in coaches
        for month in months
    ]


def _offered(month: date, *, zone: ZoneInfo, weekly, blocked, extra) -> timedelta:
    total, day = timedelta(), month
    while day < next_month(month):
        windows = [] if day in blocked else list(weekly.get(day.weekday(), []))
        windows += extra.get(day, [])
        total += _covered(
            [(local_instant(day, s, zone), local_instant(day, e, zone)) for s, e in windows]
        )
        day += timedelta(days=1)
    return total


def _covered(ranges: list[tuple[datetime, datetime]]) -> timedelta:
    """The time the ranges cover, overlaps counted once."""
    total, reached = timedelta(), None
    for starts, ends in sorted(ranges):
        if reached is not None and starts < reached:
            starts = reached
        if ends > starts:
            total += ends - starts
            reached = ends
    return total


def _hours(duration: timedelta) -> float:
    return round(duration / HOUR, 2)
