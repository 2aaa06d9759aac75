"""Bookable time slots from weekly wall-clock windows, correct across daylight saving.

Windows are wall-clock times in a zone ("Tuesdays 09:00–12:00 America/New_York"). They are
turned into instants date by date in that zone, so 09:00 stays 09:00 local when the clocks
change; all arithmetic after that is in UTC. Pure functions: no database, no clock.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo


@dataclass(frozen=True)
class Slot:
    starts_at: datetime  # UTC
    ends_at: datetime  # UTC


def local_instant(day: date, at: time, zone: ZoneInfo) -> datetime:
    """The UTC instant of a wall-clock time on a date in `zone`."""
    return datetime.combine(day, at, tzinfo=zone).astimezone(UTC)


def generate_slots(
    *,
    zone: str,
    first_day: date,
    days: int,
    weekly: Iterable[tuple[int, time, time]],
    blocked_days: Iterable[date] = (),
    extra_windows: Mapping[date, list[tuple[time, time]]] | None = None,
    length: timedelta,
    gap: timedelta = timedelta(0),
) -> list[Slot]:
    """Slots of `length`, one after another with `gap` between them, inside each window.

    `weekly`: (weekday 0=Monday, starts, ends) in `zone`. `blocked_days` drop the weekly
    windows of those dates; `extra_windows` add windows on given dates.
    """
    tz = ZoneInfo(zone)
    by_weekday: dict[int, list[tuple[time, time]]] = {}
    for weekday, starts, ends in weekly:
        by_weekday.setdefault(weekday, []).append((starts, ends))
    blocked = set(blocked_days)
    extra = extra_windows or {}
    slots = []
    for offset in range(days):
        day = first_day + timedelta(days=offset)
        windows = [] if day in blocked else list(by_weekday.get(day.weekday(), []))
        windows += extra.get(day, [])
        for starts, ends in sorted(windows):
            cursor, window_end = local_instant(day, starts, tz), local_instant(day, ends, tz)
            while cursor + length <= window_end:
                slots.append(Slot(cursor, cursor + length))
                cursor += length + gap
    return slots


def overlaps(a_start: datetime, a_end: datetime, b_start: datetime, b_end: datetime) -> bool:
    """Half-open ranges: [a_start, a_end) and [b_start, b_end); back to back is no overlap."""
    return a_start < b_end and b_start < a_end
