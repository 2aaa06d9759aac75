"""Shared set-up of the coaching tests."""

from datetime import UTC, date, datetime
from email.message import Message
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from core.exceptions import DomainError
from mentoring import services
from mentoring.models import Coach, Engagement, Session
from mentoring.services import BookingError
from tests.factories import (
    AvailabilityWindowFactory,
    CoachFactory,
    EngagementFactory,
    StartupMembershipFactory,
)

NEW_YORK = ZoneInfo("America/New_York")
SEOUL = ZoneInfo("Asia/Seoul")
# Monday 2 March 2026, 07:00 in New York (EST), 21:00 in Seoul.
NOW = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)
WEEKDAYS = range(5)


def new_york(month: int, day: int, hour: int, minute: int = 0) -> datetime:
    """A wall-clock time in New York in 2026, as a UTC instant (so that adding hours to it
    adds real hours)."""
    return datetime(2026, month, day, hour, minute, tzinfo=NEW_YORK).astimezone(UTC)


# Slots of the coach below: 09:00–10:00 and 10:15–11:15 New York on weekdays.
TUESDAY_9 = new_york(3, 3, 9)  # 26 hours after NOW
TUESDAY_1015 = new_york(3, 3, 10, 15)
WEDNESDAY_9 = new_york(3, 4, 9)
THURSDAY_9 = new_york(3, 5, 9)


def coach_in(zone: str = "America/New_York", *, weekdays=WEEKDAYS, **fields) -> Coach:
    """A coach with weekday windows 09:00–12:00 in `zone`: one-hour sessions, a 15-minute
    buffer, 24 hours' notice, up to 60 days ahead."""
    rules = {
        "session_minutes": 60,
        "buffer_minutes": 15,
        "min_notice_hours": 24,
        "horizon_days": 60,
    }
    coach = CoachFactory(time_zone=zone, **{**rules, **fields})
    for weekday in weekdays:
        AvailabilityWindowFactory(coach=coach, weekday=weekday)
    return coach


def engagement_with(coach: Coach, *, startup=None, **fields) -> Engagement:
    """An engagement of `coach` with `startup`, or with a new startup that has one founder."""
    if startup is None:
        startup = StartupMembershipFactory().startup
    return EngagementFactory(
        coach=coach,
        startup=startup,
        starts_on=date(2026, 3, 1),
        ends_on=date(2026, 12, 31),
        **fields,
    )


def founder(engagement: Engagement):
    return engagement.startup.memberships.order_by("pk").first().user


def book(engagement: Engagement, starts_at: datetime, *, now: datetime = NOW) -> Session:
    return services.book_session(
        engagement, actor=founder(engagement), starts_at=starts_at, now=now
    )


def refusal(call, *args, raises: type[DomainError] = BookingError, **kwargs) -> str:
    """The code of the error (a BookingError unless `raises` says otherwise) that `call`
    raises."""
    with pytest.raises(raises) as caught:
        call(*args, **kwargs)
    return caught.value.code


def starts(slots) -> list[datetime]:
    return [slot.starts_at for slot in slots]


def parse_ics(text: str):
    calendar = Calendar.from_ical(text)
    (event,) = calendar.walk("VEVENT")
    return calendar, event


def invite_part(message) -> Message:
    """The text/calendar part of a sent email, as a mail client sees it."""
    (part,) = [p for p in message.message().walk() if p.get_content_type() == "text/calendar"]
    return part


def has_hangul(text: str) -> bool:
    return any("가" <= char <= "힣" for char in text)
