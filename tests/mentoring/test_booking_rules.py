"""Coaching services: slots across daylight saving, free slots, booking and its rules."""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from core.audit import history_for
from mentoring import selectors, services
from mentoring.models import AvailabilityException, Engagement, Session, SessionStatus
from tests.factories import (
    AvailabilityWindowFactory,
    CoachFactory,
)
from tests.mentoring.service_helpers import (
    NOW,
    SEOUL,
    THURSDAY_9,
    TUESDAY_9,
    TUESDAY_1015,
    WEDNESDAY_9,
    book,
    coach_in,
    engagement_with,
    founder,
    new_york,
    refusal,
    starts,
)

pytestmark = pytest.mark.django_db

# --- slots across daylight saving, through the service -------------------------------------


@pytest.mark.parametrize(
    ("zone", "now", "local_days", "seoul"),
    [
        (
            "America/New_York",
            datetime(2026, 3, 2, 12, 0, tzinfo=UTC),
            [date(2026, 3, 3), date(2026, 3, 10)],
            [datetime(2026, 3, 3, 23, 0), datetime(2026, 3, 10, 22, 0)],
        ),
        (
            "America/New_York",
            datetime(2026, 10, 26, 12, 0, tzinfo=UTC),
            [date(2026, 10, 27), date(2026, 11, 3)],
            [datetime(2026, 10, 27, 22, 0), datetime(2026, 11, 3, 23, 0)],
        ),
        (
            "Europe/Berlin",
            datetime(2026, 3, 23, 0, 0, tzinfo=UTC),
            [date(2026, 3, 24), date(2026, 3, 31)],
            [datetime(2026, 3, 24, 17, 0), datetime(2026, 3, 31, 16, 0)],
        ),
        (
            "Europe/Berlin",
            datetime(2026, 10, 19, 0, 0, tzinfo=UTC),
            [date(2026, 10, 20), date(2026, 10, 27)],
            [datetime(2026, 10, 20, 16, 0), datetime(2026, 10, 27, 17, 0)],
        ),
    ],
    ids=["new-york-spring", "new-york-autumn", "munich-spring", "munich-autumn"],
)
def test_tuesday_nine_oclock_stays_nine_local_across_daylight_saving(zone, now, local_days, seoul):
    coach = CoachFactory(time_zone=zone, session_minutes=60, min_notice_hours=24)
    AvailabilityWindowFactory(coach=coach, weekday=1, starts=time(9), ends=time(10))
    engagement = engagement_with(coach)

    slots = selectors.free_slots(engagement, first_day=now.date(), days=9, now=now)

    assert [s.starts_at.astimezone(SEOUL).replace(tzinfo=None) for s in slots] == seoul
    sessions = [book(engagement, slot.starts_at, now=now) for slot in slots]
    local = [s.starts_at.astimezone(ZoneInfo(zone)) for s in sessions]
    assert [(moment.date(), moment.time()) for moment in local] == [
        (day, time(9)) for day in local_days
    ]


# --- free slots -------------------------------------------------------------------------------


def test_free_slots_leave_out_the_notice_period_and_what_the_coach_has_booked():
    coach = coach_in()
    engagement, other = engagement_with(coach), engagement_with(coach)
    book(other, TUESDAY_9)

    slots = selectors.free_slots(engagement, first_day=date(2026, 3, 2), days=3, now=NOW)

    # Monday's slots are inside the 24 hours' notice; Tuesday 09:00 is the other startup's.
    assert starts(slots) == [TUESDAY_1015, WEDNESDAY_9, new_york(3, 4, 10, 15)]


def test_free_slots_leave_out_what_the_startup_has_booked_with_another_coach():
    engagement = engagement_with(coach_in())
    with_other_coach = engagement_with(coach_in(), startup=engagement.startup)
    book(with_other_coach, WEDNESDAY_9)

    slots = selectors.free_slots(engagement, first_day=date(2026, 3, 4), days=1, now=NOW)

    assert starts(slots) == [new_york(3, 4, 10, 15)]


def test_free_slots_end_at_the_horizon():
    engagement = engagement_with(coach_in(horizon_days=3))

    slots = selectors.free_slots(engagement, first_day=date(2026, 3, 2), days=7, now=NOW)

    # NOW + 3 days is Thursday 07:00 New York: Thursday's slots are too far ahead.
    assert starts(slots) == [TUESDAY_9, TUESDAY_1015, WEDNESDAY_9, new_york(3, 4, 10, 15)]


# --- booking and its rules -------------------------------------------------------------------


def test_book_session_writes_the_slot_with_the_buffer_and_audits_it():
    engagement = engagement_with(coach_in())
    actor = founder(engagement)

    session = services.book_session(
        engagement, actor=actor, starts_at=TUESDAY_9, agenda="Term sheet", now=NOW
    )

    session.refresh_from_db()
    assert (session.starts_at, session.ends_at, session.blocked_until) == (
        datetime(2026, 3, 3, 14, 0, tzinfo=UTC),
        datetime(2026, 3, 3, 15, 0, tzinfo=UTC),
        datetime(2026, 3, 3, 15, 15, tzinfo=UTC),
    )
    assert (session.coach, session.startup, session.status) == (
        engagement.coach,
        engagement.startup,
        SessionStatus.BOOKED,
    )
    assert (session.booked_by, session.agenda, session.sequence) == (actor, "Term sheet", 0)
    entry = history_for(session).get()
    assert (entry.action, entry.actor) == ("mentoring.session.booked", actor)


def test_booking_refused_when_the_allotment_is_used():
    engagement = engagement_with(coach_in(), allotment=2)
    book(engagement, TUESDAY_9)
    book(engagement, WEDNESDAY_9)

    assert refusal(book, engagement, THURSDAY_9) == "allotment"
    assert selectors.sessions_counted(engagement) == 2


def test_booking_refused_inside_the_notice_period_and_allowed_at_its_edge():
    engagement = engagement_with(coach_in())

    assert refusal(book, engagement, TUESDAY_9, now=TUESDAY_9 - timedelta(hours=23)) == "notice"
    assert refusal(book, engagement, new_york(3, 2, 10, 15)) == "notice"
    session = book(engagement, TUESDAY_9, now=TUESDAY_9 - timedelta(hours=24))
    assert session.starts_at == TUESDAY_9


def test_booking_refused_beyond_the_horizon_and_allowed_at_its_edge():
    engagement = engagement_with(coach_in())
    last_day = new_york(4, 30, 9)

    too_early = last_day - timedelta(days=60, minutes=1)
    assert refusal(book, engagement, last_day, now=too_early) == "horizon"
    assert book(engagement, last_day, now=last_day - timedelta(days=60)).starts_at == last_day


@pytest.mark.parametrize(
    "starts_at",
    [
        new_york(3, 3, 9, 30),  # inside a window, but not where a slot starts
        new_york(3, 3, 11, 30),  # a session from 11:30 would end after the window
        new_york(3, 7, 9),  # Saturday: no window
        new_york(3, 3, 8),  # before the window
    ],
    ids=["between-slots", "end-of-window", "saturday", "before-window"],
)
def test_booking_refused_where_the_coach_has_no_slot(starts_at):
    engagement = engagement_with(coach_in())

    assert refusal(book, engagement, starts_at) == "not_available"
    assert Session.objects.count() == 0


def test_blocked_day_and_extra_window_change_what_can_be_booked():
    coach = coach_in()
    engagement = engagement_with(coach)
    AvailabilityException.objects.create(coach=coach, date=date(2026, 3, 3), kind="blocked")
    AvailabilityException.objects.create(
        coach=coach, date=date(2026, 3, 7), kind="extra", starts=time(13), ends=time(14)
    )

    assert refusal(book, engagement, TUESDAY_9) == "not_available"
    assert book(engagement, new_york(3, 7, 13)).starts_at == new_york(3, 7, 13)


def test_booking_refused_when_the_coach_has_that_slot_with_another_startup():
    coach = coach_in()
    book(engagement_with(coach), TUESDAY_9)

    assert refusal(book, engagement_with(coach), TUESDAY_9) == "taken"


def test_booking_refused_when_the_startup_has_that_time_with_another_coach():
    engagement = engagement_with(coach_in())
    book(engagement_with(coach_in(), startup=engagement.startup), TUESDAY_9)

    assert refusal(book, engagement, TUESDAY_9) == "taken"


def test_coach_buffer_is_kept_and_back_to_back_after_it_is_allowed():
    coach = coach_in()
    # An extra window on Tuesday gives a 10:00 slot, inside the buffer of the 09:00 session.
    AvailabilityException.objects.create(
        coach=coach, date=date(2026, 3, 3), kind="extra", starts=time(10), ends=time(11)
    )
    first = book(engagement_with(coach), TUESDAY_9)

    assert refusal(book, engagement_with(coach), new_york(3, 3, 10)) == "taken"
    second = book(engagement_with(coach), TUESDAY_1015)
    assert second.starts_at == first.blocked_until


def test_booking_refused_when_the_engagement_has_ended():
    engagement = engagement_with(coach_in(), status=Engagement.Status.COMPLETED)

    assert refusal(book, engagement, TUESDAY_9) == "ended"
