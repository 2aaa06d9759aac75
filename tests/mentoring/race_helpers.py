"""What the booking race tests share: the slot they race for, a coach, an engagement, a booking."""

import importlib
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from mentoring import services
from mentoring.models import Engagement, Session, SessionStatus
from tests.factories import (
    AvailabilityWindowFactory,
    CoachFactory,
    EngagementFactory,
    StartupMembershipFactory,
)

DEADLINE = 30.0  # seconds; no wait in this file is longer
RACERS = 20
NOW = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)  # Monday, 07:00 in New York
# Tuesday 3 March 2026, 09:00–10:00 New York (EST), blocked until 10:15 with the buffer.
SLOT = datetime(2026, 3, 3, 9, 0, tzinfo=ZoneInfo("America/New_York")).astimezone(UTC)
NEXT_WEEK = datetime(2026, 3, 10, 9, 0, tzinfo=ZoneInfo("America/New_York")).astimezone(UTC)
HOUR = timedelta(hours=1)
DAY = timedelta(days=1)
BUFFER = timedelta(minutes=15)

migration_0003 = importlib.import_module("mentoring.migrations.0003_session_exclusion_constraints")


def coach():
    """A New York coach with a Tuesday window 09:00–12:00: hour-long sessions, 15 minutes'
    buffer, 24 hours' notice."""
    coach = CoachFactory(session_minutes=60, buffer_minutes=15, min_notice_hours=24)
    AvailabilityWindowFactory(coach=coach, weekday=1)
    return coach


def engagement(coach, startup=None) -> Engagement:
    if startup is None:
        startup = StartupMembershipFactory().startup
    return EngagementFactory(
        coach=coach, startup=startup, starts_on=date(2026, 3, 1), ends_on=date(2026, 12, 31)
    )


def book(engagement: Engagement) -> Session:
    return services.book_session(engagement, actor=None, starts_at=SLOT, now=NOW)


def active_sessions() -> list[tuple]:
    return list(
        Session.objects.exclude(status=SessionStatus.CANCELLED).values_list(
            "coach_id", "startup_id", "starts_at"
        )
    )
