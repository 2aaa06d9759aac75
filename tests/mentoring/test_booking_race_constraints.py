"""No two active sessions of a coach, or of a startup, overlap: the exclusion constraints of
migration 0003 on PostgreSQL, under concurrent bookings.

Data is committed (`transactional_db`) so that every thread, on its own connection, sees it.
The services line up bookings of one coach (or one startup) on row locks; the constraint is
shown on its own, and the harness tests at the end show the race is real: every racer passes
the overlap check in Python, the constraint lets one through, and with the constraints
switched off all twenty are written. Writers outside the locks: test_booking_race_locks.py.
"""

import threading
from contextlib import contextmanager
from datetime import timedelta

import pytest
from django.db import IntegrityError, OperationalError, connection, transaction

from core.db import refused_by_database
from mentoring import selectors
from mentoring.models import Engagement, Session, SessionStatus
from mentoring.services import BookingError
from tests.factories import (
    SessionFactory,
    StartupMembershipFactory,
)
from tests.mentoring.race_helpers import (
    BUFFER,
    DEADLINE,
    HOUR,
    RACERS,
    SLOT,
    active_sessions,
    book,
    coach,
    engagement,
    migration_0003,
)
from tests.support.race import race

pytestmark = pytest.mark.postgres


# --- the services under a race ---------------------------------------------------------------


def test_twenty_startups_racing_for_one_coach_slot_get_one_session(transactional_db):
    """Twenty engagements with one coach. book_session locks the engagement row together with
    the rows it selects with it (coach, coach's user, startup), so the racers line up on the
    coach row and each one after the first is refused by the check in Python; the constraint
    alone is shown below."""
    the_coach = coach()
    engagements = [engagement(the_coach) for _ in range(RACERS)]

    sessions, refusals = race(book, engagements)

    assert (len(sessions), [r.code for r in refusals]) == (1, ["taken"] * (RACERS - 1))
    (session,) = sessions
    assert active_sessions() == [(the_coach.pk, session.startup_id, SLOT)]


def test_one_startup_racing_for_one_time_with_twenty_coaches_gets_one_session(transactional_db):
    """One startup, twenty coaches with the same free hour: the racers line up on the startup
    row (see above) and nineteen are refused."""
    startup = StartupMembershipFactory().startup
    engagements = [engagement(coach(), startup) for _ in range(RACERS)]

    sessions, refusals = race(book, engagements)

    assert (len(sessions), [r.code for r in refusals]) == (1, ["taken"] * (RACERS - 1))
    (session,) = sessions
    assert active_sessions() == [(session.coach_id, startup.pk, SLOT)]


def test_twenty_bookings_in_one_engagement_get_one_session(transactional_db):
    """The same engagement twenty times: its row lock lines the bookings up."""
    the_engagement = engagement(coach())

    sessions, refusals = race(book, [the_engagement] * RACERS)

    assert (len(sessions), [r.code for r in refusals]) == (1, ["taken"] * (RACERS - 1))
    assert selectors.sessions_counted(the_engagement) == 1


# --- the constraint alone ---------------------------------------------------------------------


def overlapping(first: Session, *, same: str, **fields) -> dict:
    """Fields of a session that shares `first`'s coach or startup and starts 10 minutes before
    `first`'s buffer ends."""
    other = engagement(
        first.coach if same == "coach" else coach(),
        first.startup if same == "startup" else None,
    )
    starts_at = first.blocked_until - timedelta(minutes=10)
    return {
        "engagement": other,
        "starts_at": starts_at,
        "ends_at": starts_at + HOUR,
        "blocked_until": starts_at + HOUR + BUFFER,
        **fields,
    }


@pytest.mark.django_db
@pytest.mark.parametrize("same", ["coach", "startup"])
def test_database_refuses_an_overlapping_active_session_written_directly(same):
    first = SessionFactory(starts_at=SLOT)

    with pytest.raises(IntegrityError), transaction.atomic():
        SessionFactory(**overlapping(first, same=same))

    assert Session.objects.count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize("same", ["coach", "startup"])
def test_cancelled_session_blocks_nothing_in_the_database(same):
    first = SessionFactory(starts_at=SLOT, status=SessionStatus.CANCELLED)

    SessionFactory(**overlapping(first, same=same))
    SessionFactory(**overlapping(first, same=same, status=SessionStatus.CANCELLED))

    assert Session.objects.count() == 3


@pytest.mark.django_db
def test_database_refuses_to_reactivate_a_cancelled_session_over_an_active_one():
    cancelled = SessionFactory(starts_at=SLOT, status=SessionStatus.CANCELLED)
    SessionFactory(**overlapping(cancelled, same="coach"))

    with pytest.raises(IntegrityError), transaction.atomic():
        Session.objects.filter(pk=cancelled.pk).update(status=SessionStatus.BOOKED)


@pytest.mark.django_db
@pytest.mark.parametrize("same", ["coach", "startup"])
def test_back_to_back_sessions_are_allowed_in_the_database(same):
    first = SessionFactory(starts_at=SLOT)
    starts_at = first.blocked_until

    SessionFactory(
        **overlapping(
            first,
            same=same,
            starts_at=starts_at,
            ends_at=starts_at + HOUR,
            blocked_until=starts_at + HOUR + BUFFER,
        )
    )

    assert Session.objects.count() == 2


# --- the race harness proves itself -----------------------------------------------------------


def book_with_plain_check(engagement: Engagement, *, checked: threading.Barrier, passed: list):
    """book_session's overlap check as a plain query, then the INSERT; `checked` holds every
    racer between the two, so each one checks before any of them writes."""
    with transaction.atomic():
        taken = (
            Session.objects.exclude(status=SessionStatus.CANCELLED)
            .filter(coach=engagement.coach, starts_at__lt=SLOT + HOUR + BUFFER)
            .filter(blocked_until__gt=SLOT)
            .exists()
        )
        if taken:
            raise BookingError("taken", code="taken")
        passed.append(engagement.pk)
        checked.wait()
        try:
            with transaction.atomic():
                return SessionFactory(engagement=engagement, starts_at=SLOT)
        except (IntegrityError, OperationalError) as error:
            # Refused by the constraint; or two racers each wrote their row before either
            # checked the other's, and PostgreSQL ended one of them as a deadlock.
            if not refused_by_database(error):
                raise
            raise BookingError("refused by the database", code="refused") from error


@contextmanager
def exclusion_constraints_switched_off():
    """Drop the constraints of migration 0003 for the block and put them back after it."""
    with connection.schema_editor() as editor:
        migration_0003.drop(None, editor)
    try:
        yield
    finally:
        Session.objects.all().delete()
        with connection.schema_editor() as editor:
            migration_0003.create(None, editor)


def constraint_names() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT conname FROM pg_constraint WHERE conrelid = 'mentoring_session'::regclass "
            "AND contype = 'x' ORDER BY conname"
        )
        return [name for (name,) in cursor.fetchall()]


def test_race_harness_every_racer_passes_the_check_and_only_the_constraint_stops_them(
    transactional_db,
):
    """The check in Python alone lets all twenty through; the database writes one."""
    the_coach = coach()
    engagements = [engagement(the_coach) for _ in range(RACERS)]
    checked, passed = threading.Barrier(RACERS, timeout=DEADLINE), []

    sessions, refusals = race(
        lambda e: book_with_plain_check(e, checked=checked, passed=passed), engagements
    )

    assert len(passed) == RACERS
    assert (len(sessions), [r.code for r in refusals]) == (1, ["refused"] * (RACERS - 1))
    assert len(active_sessions()) == 1


def test_race_harness_without_the_constraints_writes_every_racers_session(transactional_db):
    """Proof that the race above is a real one: with the constraints switched off, the same
    twenty racers write twenty sessions of one coach at the same hour."""
    the_coach = coach()
    engagements = [engagement(the_coach) for _ in range(RACERS)]
    checked, passed = threading.Barrier(RACERS, timeout=DEADLINE), []

    with exclusion_constraints_switched_off():
        assert constraint_names() == []
        sessions, refusals = race(
            lambda e: book_with_plain_check(e, checked=checked, passed=passed), engagements
        )
        assert (len(passed), len(sessions), refusals) == (RACERS, RACERS, [])
        assert {starts_at for _, _, starts_at in active_sessions()} == {SLOT}
        assert len(active_sessions()) == RACERS

    assert constraint_names() == [
        "mentoring_session_coach_no_overlap",
        "mentoring_session_startup_no_overlap",
    ]
