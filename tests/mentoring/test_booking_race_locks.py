"""Bookings and reschedules racing a writer whose transaction is still open, on PostgreSQL:
what the check in Python cannot see, the exclusion constraints of migration 0003 refuse with
the friendly message, and a slot being booked or rescheduled into makes the other wait.

Data is committed (`transactional_db`) so that every thread, on its own connection, sees it.
"""

import threading
import time
from collections.abc import Callable

import pytest
from django.db import IntegrityError, OperationalError, connection, transaction

from mentoring import services
from mentoring.models import Session
from mentoring.services import BookingError
from tests.factories import SessionFactory
from tests.mentoring.race_helpers import (
    BUFFER,
    DAY,
    DEADLINE,
    HOUR,
    NEXT_WEEK,
    NOW,
    SLOT,
    active_sessions,
    book,
    coach,
    engagement,
)

pytestmark = pytest.mark.postgres


def wait_event(pid: int) -> tuple[str, str] | None:
    """What the backend `pid` is waiting for, as (type, event), or None."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT wait_event_type, wait_event FROM pg_stat_activity WHERE pid = %s", [pid]
        )
        row = cursor.fetchone()
    return (row[0], row[1]) if row is not None and row[0] is not None else None


def race_an_uncommitted_writer(write: Callable[[], object], take: Callable[[], object]):
    """`write` puts a session in the slot and keeps its transaction open while `take` (a
    service call) runs in another thread. Once `take` is seen waiting on a lock in PostgreSQL,
    the writer commits. Returns what `take` waited on and what it raised."""
    holding, release = threading.Event(), threading.Event()
    outcome: dict = {}

    def writer():
        try:
            with transaction.atomic():
                write()
                holding.set()
                release.wait(DEADLINE)
        except BaseException as error:
            outcome["writer"] = error
        finally:
            connection.close()

    def taker():
        try:
            holding.wait(DEADLINE)
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_backend_pid()")
                outcome["pid"] = cursor.fetchone()[0]
            take()
        except BaseException as error:
            outcome["taker"] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=writer), threading.Thread(target=taker)]
    for thread in threads:
        thread.start()
    waited_on = None
    try:
        deadline = time.monotonic() + DEADLINE
        while time.monotonic() < deadline and waited_on is None:
            if "pid" in outcome:
                event = wait_event(outcome["pid"])
                waited_on = event if event is not None and event[0] == "Lock" else None
            time.sleep(0.05)
    finally:
        release.set()
        for thread in threads:
            thread.join(timeout=DEADLINE)
    assert [t for t in threads if t.is_alive()] == []
    assert "writer" not in outcome
    return waited_on, outcome.get("taker")


@pytest.mark.parametrize("verb", ["book", "reschedule"])
def test_constraint_refuses_what_the_check_in_python_cannot_see_with_the_friendly_message(
    transactional_db, verb
):
    """Staff move another session of the coach into the slot (an UPDATE of its times, as the
    admin would write it) and have not committed yet: the check in Python cannot see it, so the
    service reaches its INSERT (or UPDATE). PostgreSQL makes it wait for the writer, then
    refuses it; the service turns the IntegrityError into the "taken" message."""
    the_coach = coach()
    moved_by_staff = SessionFactory(engagement=engagement(the_coach), starts_at=SLOT + 2 * DAY)
    racer = engagement(the_coach)
    if verb == "book":

        def take():
            return book(racer)

    else:
        session = services.book_session(racer, actor=None, starts_at=NEXT_WEEK, now=NOW)

        def take():
            return services.reschedule_session(
                session, actor=the_coach.user, starts_at=SLOT, reason="Clash", now=NOW
            )

    def write():
        Session.objects.filter(pk=moved_by_staff.pk).update(
            starts_at=SLOT, ends_at=SLOT + HOUR, blocked_until=SLOT + HOUR + BUFFER
        )

    waited_on, refusal = race_an_uncommitted_writer(write, take)

    assert waited_on == ("Lock", "transactionid")  # the constraint, waiting for the writer
    assert isinstance(refusal, BookingError)
    assert refusal.code == "taken"
    assert isinstance(refusal.__cause__, IntegrityError)
    assert sorted(active_sessions()) == sorted(
        [(the_coach.pk, moved_by_staff.startup_id, SLOT)]
        + ([(the_coach.pk, racer.startup_id, NEXT_WEEK)] if verb == "reschedule" else [])
    )


def test_booking_racing_an_uncommitted_new_session_gets_the_friendly_message(transactional_db):
    """Staff add a session in the slot (an INSERT, as the admin would write it) and have not
    committed yet while a startup books the slot."""
    the_coach = coach()
    added_by_staff, racer = engagement(the_coach), engagement(the_coach)

    waited_on, refusal = race_an_uncommitted_writer(
        lambda: SessionFactory(engagement=added_by_staff, starts_at=SLOT), lambda: book(racer)
    )

    assert waited_on == ("Lock", "transactionid")
    assert isinstance(refusal, BookingError), repr(refusal)
    assert refusal.code == "taken"
    assert active_sessions() == [(the_coach.pk, added_by_staff.startup_id, SLOT)]


def test_rescheduling_into_a_slot_being_booked_waits_for_the_booking_and_says_taken(
    transactional_db,
):
    """A startup's booking of the slot is written and not yet committed while the coach moves
    another session into the same slot. Rescheduling takes the booking's locks (engagement,
    coach, startup) in the same order, so it waits for the booking to commit, then its own
    check in Python sees the new session and refuses with the friendly message: the
    constraint never has to step in (without those locks it did, and two movers of one
    startup could deadlock)."""
    the_coach = coach()
    booker, mover = engagement(the_coach), engagement(the_coach)
    session = services.book_session(mover, actor=None, starts_at=NEXT_WEEK, now=NOW)

    waited_on, refusal = race_an_uncommitted_writer(
        lambda: book(booker),
        lambda: services.reschedule_session(
            session, actor=the_coach.user, starts_at=SLOT, reason="Clash", now=NOW
        ),
    )

    assert waited_on is not None  # the mover queued behind the booking's row locks
    assert isinstance(refusal, BookingError), repr(refusal)
    assert refusal.code == "taken"
    assert refusal.__cause__ is None  # refused by the check after the lock, not the constraint
    assert sorted(active_sessions()) == sorted(
        [(the_coach.pk, booker.startup_id, SLOT), (the_coach.pk, mover.startup_id, NEXT_WEEK)]
    )


def test_booking_a_slot_being_rescheduled_into_waits_and_says_taken(transactional_db):
    """The other way round: the coach's move into the slot is not committed yet while a
    startup books it; the booking waits on the same locks and is refused by its check."""
    the_coach = coach()
    booker, mover = engagement(the_coach), engagement(the_coach)
    session = services.book_session(mover, actor=None, starts_at=NEXT_WEEK, now=NOW)

    waited_on, refusal = race_an_uncommitted_writer(
        lambda: services.reschedule_session(
            session, actor=the_coach.user, starts_at=SLOT, reason="Clash", now=NOW
        ),
        lambda: book(booker),
    )

    assert waited_on is not None
    assert isinstance(refusal, BookingError), repr(refusal)
    assert (refusal.code, refusal.__cause__) == ("taken", None)
    assert active_sessions() == [(the_coach.pk, mover.startup_id, SLOT)]


def test_an_open_reschedule_locks_what_booking_locks_and_not_the_people(transactional_db):
    """While a move is being written, the coach's and the founders' user rows stay free
    (signing in writes last_login): rescheduling locks the engagement, coach, startup and the
    session, like booking, not every row its query joins."""
    the_coach = coach()
    mover = engagement(the_coach)
    founder = mover.startup.memberships.get().user
    session = services.book_session(mover, actor=None, starts_at=NEXT_WEEK, now=NOW)
    holding, release = threading.Event(), threading.Event()
    errors: list[BaseException] = []

    def mover_thread():
        try:
            with transaction.atomic():
                services.reschedule_session(
                    session, actor=the_coach.user, starts_at=SLOT, reason="Clash", now=NOW
                )
                holding.set()
                release.wait(DEADLINE)
        except BaseException as error:
            errors.append(error)
            holding.set()
        finally:
            connection.close()

    thread = threading.Thread(target=mover_thread)
    thread.start()
    try:
        assert holding.wait(DEADLINE)
        user_model = type(founder)
        with transaction.atomic():
            free = [
                user_model.objects.select_for_update(nowait=True).get(pk=pk).pk
                for pk in (the_coach.user_id, founder.pk)
            ]
            # ...while the coach row is held
            with pytest.raises(OperationalError), transaction.atomic():
                type(the_coach).objects.select_for_update(nowait=True).get(pk=the_coach.pk)
    finally:
        release.set()
        thread.join(DEADLINE)
    assert errors == []
    assert free == [the_coach.user_id, founder.pk]
