"""The suite must not depend on the hour it runs at: the factories' default times, and the
BIOHUB_TEST_NOW switch that `make test-clock` uses to run the suite at chosen instants."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone

from tests.conftest import _pinned_instant
from tests.factories import EventFactory

# The zones the site shows times in: the viewer's (Seoul by default) and the coaches'.
ZONES = [ZoneInfo(z) for z in ("Asia/Seoul", "Asia/Shanghai", "Europe/Berlin", "America/New_York")]
# Every hour of the days Munich (25 October 2026) and New York (1 November) leave summer time.
INSTANTS = [
    datetime(2026, 10, 25, tzinfo=UTC) + timedelta(hours=h, minutes=30) for h in range(24)
] + [datetime(2026, 11, 1, tzinfo=UTC) + timedelta(hours=h, minutes=30) for h in range(24)]


@pytest.mark.parametrize("now", INSTANTS, ids=lambda now: f"{now:%Y-%m-%dT%H:%MZ}")
def test_default_event_is_on_one_day_in_every_zone_whatever_the_hour(now):
    with time_machine.travel(now.timestamp(), tick=False):
        event = EventFactory.build()
        today_in_seoul = timezone.localdate(timezone=ZONES[0])
    days = {
        zone.key: {
            timezone.localdate(event.starts_at, zone),
            timezone.localdate(event.ends_at, zone),
        }
        for zone in ZONES
    }
    assert {zone: len(dates) for zone, dates in days.items()} == {z.key: 1 for z in ZONES}
    assert days["Asia/Seoul"] == {today_in_seoul + timedelta(days=7)}
    assert event.starts_at.tzinfo == UTC  # as read back from the database


def test_pinned_instant_is_read_with_its_offset():
    assert (
        _pinned_instant("2026-11-01T01:30:00-05:00")
        == datetime(2026, 11, 1, 6, 30, tzinfo=UTC).timestamp()
    )
    assert (
        _pinned_instant("2026-10-25T23:30:00+09:00")
        == datetime(2026, 10, 25, 14, 30, tzinfo=UTC).timestamp()
    )


def test_pinned_instant_without_an_offset_is_refused():
    with pytest.raises(pytest.UsageError, match="no UTC offset"):
        _pinned_instant("2026-11-01T01:30:00")
