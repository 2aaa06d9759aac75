"""Coaching services: cancelling and rescheduling a booked session."""

from datetime import date, time, timedelta

import pytest

from core.exceptions import TransitionNotAllowed
from mentoring import selectors, services
from mentoring.models import AvailabilityException, Session, SessionStatus
from tests.factories import StaffFactory
from tests.mentoring.service_helpers import (
    NOW,
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

# --- cancelling ------------------------------------------------------------------------------


def test_late_cancellation_by_the_startup_counts_against_the_allotment():
    engagement = engagement_with(coach_in(), allotment=1)
    session = book(engagement, TUESDAY_9)

    services.cancel_session(
        session,
        actor=founder(engagement),
        reason="Our CSO is ill",
        now=TUESDAY_9 - timedelta(hours=23),
    )

    session.refresh_from_db()
    assert (session.status, session.late_cancellation) == (SessionStatus.CANCELLED, True)
    assert selectors.sessions_counted(engagement) == 1
    assert refusal(book, engagement, THURSDAY_9, now=TUESDAY_9) == "allotment"


def test_cancellation_by_the_startup_a_day_ahead_does_not_count():
    engagement = engagement_with(coach_in(), allotment=1)
    session = book(engagement, TUESDAY_9)

    services.cancel_session(
        session, actor=founder(engagement), reason="Moved our board meeting", now=NOW
    )

    session.refresh_from_db()
    assert (session.status, session.late_cancellation) == (SessionStatus.CANCELLED, False)
    assert selectors.sessions_counted(engagement) == 0


@pytest.mark.parametrize("who", ["coach", "staff"])
def test_late_cancellation_by_the_coach_or_staff_does_not_count(who):
    engagement = engagement_with(coach_in(), allotment=1)
    session = book(engagement, TUESDAY_9)
    actor = engagement.coach.user if who == "coach" else StaffFactory()

    services.cancel_session(
        session, actor=actor, reason="Travelling", now=TUESDAY_9 - timedelta(hours=2)
    )

    session.refresh_from_db()
    assert (session.status, session.late_cancellation) == (SessionStatus.CANCELLED, False)
    assert selectors.sessions_counted(engagement) == 0
    assert book(engagement, THURSDAY_9).starts_at == THURSDAY_9


def test_cancelled_slot_is_bookable_again_at_once():
    coach = coach_in()
    engagement = engagement_with(coach)
    session = book(engagement, TUESDAY_9)
    services.cancel_session(session, actor=founder(engagement), reason="Clash", now=NOW)

    other = engagement_with(coach)
    assert starts(selectors.free_slots(other, first_day=date(2026, 3, 3), days=1, now=NOW)) == [
        TUESDAY_9,
        TUESDAY_1015,
    ]
    assert book(other, TUESDAY_9).starts_at == TUESDAY_9


def test_cancel_needs_a_reason_a_booked_session_and_a_future_start():
    engagement = engagement_with(coach_in())
    session = book(engagement, TUESDAY_9)
    actor = founder(engagement)

    assert refusal(services.cancel_session, session, actor=actor, reason="  ", now=NOW) == (
        "reason_required"
    )
    assert refusal(services.cancel_session, session, actor=actor, reason="x", now=TUESDAY_9) == (
        "started"
    )
    services.cancel_session(session, actor=actor, reason="Clash", now=NOW)
    again = {"actor": actor, "reason": "x", "now": NOW, "raises": TransitionNotAllowed}
    assert refusal(services.cancel_session, session, **again) == "not_booked"


# --- rescheduling ----------------------------------------------------------------------------


def test_reschedule_moves_the_session_and_frees_the_old_slot_at_once():
    coach = coach_in()
    engagement = engagement_with(coach)
    session = book(engagement, TUESDAY_9)

    moved = services.reschedule_session(
        session, actor=founder(engagement), starts_at=WEDNESDAY_9, reason="Clash", now=NOW
    )

    moved.refresh_from_db()
    assert (moved.pk, moved.starts_at, moved.ends_at, moved.blocked_until, moved.sequence) == (
        session.pk,
        WEDNESDAY_9,
        WEDNESDAY_9 + timedelta(hours=1),
        WEDNESDAY_9 + timedelta(minutes=75),
        1,
    )
    other = engagement_with(coach)
    assert book(other, TUESDAY_9).starts_at == TUESDAY_9
    assert refusal(book, engagement_with(coach), WEDNESDAY_9) == "taken"
    assert selectors.sessions_counted(engagement) == 1


def test_startup_cannot_reschedule_within_24_hours_but_the_coach_can():
    engagement = engagement_with(coach_in())
    session = book(engagement, WEDNESDAY_9)
    late = WEDNESDAY_9 - timedelta(hours=23)  # Tuesday 10:00 New York

    assert (
        refusal(
            services.reschedule_session,
            session,
            actor=founder(engagement),
            starts_at=THURSDAY_9,
            reason="Clash",
            now=late,
        )
        == "cutoff"
    )
    moved = services.reschedule_session(
        session, actor=engagement.coach.user, starts_at=THURSDAY_9, reason="Clash", now=late
    )
    assert moved.starts_at == THURSDAY_9


def test_reschedule_follows_the_booking_rules():
    coach = coach_in()
    engagement = engagement_with(coach)
    session = book(engagement, WEDNESDAY_9)
    book(engagement_with(coach), THURSDAY_9)
    actor = founder(engagement)

    def move(starts_at):
        return refusal(
            services.reschedule_session,
            session,
            actor=actor,
            starts_at=starts_at,
            reason="Clash",
            now=NOW,
        )

    assert move(THURSDAY_9) == "taken"
    assert move(new_york(3, 5, 9, 30)) == "not_available"
    assert move(new_york(3, 2, 10, 15)) == "notice"
    assert move(new_york(5, 4, 9)) == "horizon"
    session.refresh_from_db()
    assert (session.starts_at, session.sequence) == (WEDNESDAY_9, 0)


def test_session_can_move_to_a_slot_that_overlaps_its_old_time():
    """Its own old time does not block the session: 09:00 can move to 10:00 (an extra window)."""
    coach = coach_in()
    AvailabilityException.objects.create(
        coach=coach, date=date(2026, 3, 3), kind="extra", starts=time(10), ends=time(11)
    )
    engagement = engagement_with(coach)
    session = book(engagement, TUESDAY_9)

    moved = services.reschedule_session(
        session, actor=founder(engagement), starts_at=new_york(3, 3, 10), reason="Later", now=NOW
    )

    assert moved.starts_at == new_york(3, 3, 10)
    assert Session.objects.get().blocked_until == new_york(3, 3, 11, 15)


def test_cancelled_session_cannot_be_moved():
    engagement = engagement_with(coach_in())
    session = book(engagement, TUESDAY_9)
    services.cancel_session(session, actor=founder(engagement), reason="Clash", now=NOW)

    assert (
        refusal(
            services.reschedule_session,
            session,
            actor=engagement.coach.user,
            starts_at=WEDNESDAY_9,
            reason="Clash",
            now=NOW,
        )
        == "not_booked"
    )
