"""Shared set-up of the coaching tests."""

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from tests import factories

NOW = datetime(2026, 3, 2, 3, 0, tzinfo=UTC)
NEW_YORK = ZoneInfo("America/New_York")


def new_york(month: int, day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=NEW_YORK).astimezone(UTC)


TUESDAY_9 = new_york(3, 3, 9)  # Tue 3 Mar 14:00 UTC, 23:00 in Seoul
TUESDAY_1015 = new_york(3, 3, 10, 15)
WEDNESDAY_9 = new_york(3, 4, 9)


def iso(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def startup_with_founder(language="en"):
    membership = factories.StartupMembershipFactory(
        user__language=language, user__time_zone="Asia/Seoul"
    )
    return membership.startup, membership.user


def founder_of(engagement):
    return engagement.startup.memberships.get().user


def html(response) -> str:
    return response.content.decode()
