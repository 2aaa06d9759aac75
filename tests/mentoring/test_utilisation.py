"""Coach utilisation per month against hand-counted hours, across daylight-saving changes.

March 2026 in New York: Sundays 1, 8, 15, 22, 29 and Tuesdays 3, 10, 17, 24, 31; the clocks
go forward at 02:00 on Sunday 8 March, so a 01:00–04:00 window offers two hours that night.
Munich goes forward on Sunday 29 March; New York goes back on Sunday 1 November (four hours).
"""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from mentoring.models import AvailabilityException, AvailabilityWindow
from mentoring.utilisation import coach_utilisation, months_between
from tests.factories import CoachFactory, EngagementFactory, SessionFactory

pytestmark = pytest.mark.django_db

NEW_YORK, MUNICH = ZoneInfo("America/New_York"), ZoneInfo("Europe/Berlin")
SUNDAY, TUESDAY = 6, 1
FEBRUARY, MARCH, APRIL = date(2026, 2, 1), date(2026, 3, 1), date(2026, 4, 1)


def at(zone, month, day, hour, minute=0) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=zone).astimezone(UTC)


def coach_with(zone: str, windows, name="Coach"):
    coach = CoachFactory(time_zone=zone, user__name=name)
    AvailabilityWindow.objects.bulk_create(
        AvailabilityWindow(coach=coach, weekday=day, starts=time(s), ends=time(e))
        for day, s, e in windows
    )
    return coach


def session(coach, starts_at, *, minutes=60, status="completed", **fields):
    engagement = EngagementFactory(coach=coach, starts_on=date(2026, 1, 1))
    return SessionFactory(
        engagement=engagement,
        starts_at=starts_at,
        ends_at=starts_at + timedelta(minutes=minutes),
        blocked_until=starts_at + timedelta(minutes=minutes + 15),
        status=status,
        **fields,
    )


def rows(months, **kwargs):
    return [
        (row.coach, row.month, row.offered, row.booked, row.held)
        for row in coach_utilisation(months=months, **kwargs)
    ]


def test_new_york_coach_in_the_month_the_clocks_go_forward():
    coach = coach_with("America/New_York", [(SUNDAY, 1, 4), (TUESDAY, 9, 12)], name="NY")
    AvailabilityException.objects.bulk_create(
        [
            # Tuesday 17 March blocked: three hours fewer.
            AvailabilityException(coach=coach, date=date(2026, 3, 17), kind="blocked"),
            # Friday 20 March 14:00–15:30: an hour and a half more.
            AvailabilityException(
                coach=coach,
                date=date(2026, 3, 20),
                kind="extra",
                starts=time(14, 0),
                ends=time(15, 30),
            ),
            # Tuesday 24 March 11:00–13:00 overlaps the weekly 09:00–12:00: one hour more.
            AvailabilityException(
                coach=coach,
                date=date(2026, 3, 24),
                kind="extra",
                starts=time(11),
                ends=time(13),
            ),
        ]
    )
    # Tuesday 31 March 21:00 in New York is 1 April in UTC (and in Seoul): March's.
    session(coach, at(NEW_YORK, 3, 31, 21))
    # Sunday 1 March 00:30 in New York, still to come: booked, not held.
    session(coach, at(NEW_YORK, 3, 1, 0, 30), status="booked")
    # Saturday 28 February 23:00 in New York is 1 March in UTC: February's.
    session(coach, at(NEW_YORK, 2, 28, 23))
    # A no-show is booked time, not held; a cancelled session is neither.
    session(coach, at(NEW_YORK, 3, 10, 9), status="no_show")
    session(coach, at(NEW_YORK, 3, 3, 9), status="cancelled")
    # Tuesday 24 March 09:00, an hour and a half, held.
    session(coach, at(NEW_YORK, 3, 24, 9), minutes=90)

    # March offered: Sundays 3 + 2 (8 March) + 3 + 3 + 3 = 14; Tuesdays 4 × 3 = 12 (17th
    # blocked) + 1 (24th) = 13; Friday 20th 1.5. Booked: 1 + 1 + 1 + 1.5. Held: 1 + 1.5.
    # February: Sundays 1, 8, 15, 22 and Tuesdays 3, 10, 17, 24, three hours each.
    assert rows([FEBRUARY, MARCH, APRIL]) == [
        ("NY", FEBRUARY, 24.0, 1.0, 1.0),
        ("NY", MARCH, 28.5, 4.5, 2.5),
        # April: Sundays 5, 12, 19, 26 and Tuesdays 7, 14, 21, 28.
        ("NY", APRIL, 24.0, 0.0, 0.0),
    ]


def test_munich_coach_in_the_month_the_clocks_go_forward():
    coach = coach_with("Europe/Berlin", [(SUNDAY, 1, 4)], name="Munich")
    # Sunday 29 March 01:00–02:00 CET is 00:00 UTC; it belongs to March in Munich.
    session(coach, at(MUNICH, 3, 29, 1))
    # Wednesday 1 April 00:30 in Munich is 31 March 22:30 in UTC: April's in Munich.
    session(coach, at(MUNICH, 4, 1, 0, 30), status="booked")
    # Sundays 1, 8, 15, 22: 3 hours; 29 March: 2.
    assert rows([MARCH, APRIL]) == [
        ("Munich", MARCH, 14.0, 1.0, 1.0),
        # Sundays 5, 12, 19, 26.
        ("Munich", APRIL, 12.0, 1.0, 0.0),
    ]


def test_new_york_coach_in_the_month_the_clocks_go_back():
    coach_with("America/New_York", [(SUNDAY, 1, 4), (TUESDAY, 9, 12)], name="NY")
    # Sunday 1 November 01:00–04:00 lasts four hours; Sundays 8–29 three; Tuesdays 3–24 three.
    assert rows([date(2026, 11, 1)]) == [("NY", date(2026, 11, 1), 16.0 + 12.0, 0.0, 0.0)]


def test_the_booked_share_and_coaches_by_name():
    busy = coach_with("Asia/Seoul", [(TUESDAY, 9, 12)], name="B Busy")
    coach_with("Asia/Seoul", [], name="A Idle")
    session(busy, at(ZoneInfo("Asia/Seoul"), 3, 3, 9), minutes=120)
    [idle, used] = coach_utilisation(months=[MARCH])
    assert (idle.coach, idle.offered, idle.booked_share) == ("A Idle", 0.0, None)
    # Tuesdays 3, 10, 17, 24, 31: 15 hours offered, 2 booked.
    assert (used.coach, used.offered, used.booked, used.booked_share) == (
        "B Busy",
        15.0,
        2.0,
        2 / 15,
    )


def test_a_constant_number_of_queries(django_assert_num_queries):
    def coach_and_sessions(n):
        coach = coach_with("America/New_York", [(TUESDAY, 9, 12)], name=f"C{n}")
        AvailabilityException.objects.create(coach=coach, date=date(2026, 3, 17), kind="blocked")
        session(coach, at(NEW_YORK, 3, 3, 9))
        session(coach, at(NEW_YORK, 3, 10, 9), status="no_show")

    coach_and_sessions(1)
    with django_assert_num_queries(4):
        coach_utilisation(months=[FEBRUARY, MARCH, APRIL])
    for n in range(2, 6):
        coach_and_sessions(n)
    with django_assert_num_queries(4):
        assert len(coach_utilisation(months=[FEBRUARY, MARCH, APRIL])) == 15


def test_months_between():
    assert months_between(date(2025, 11, 20), date(2026, 2, 3)) == [
        date(2025, 11, 1),
        date(2025, 12, 1),
        date(2026, 1, 1),
        date(2026, 2, 1),
    ]
