"""No two active sessions of a coach, or of a startup, overlap: the exclusion constraints of
migration 0003 on PostgreSQL, under concurrent bookings.

Data is committed (`transactional_db`) so that every thread, on its own connection, sees it.
The services line up bookings of one coach (or one startup) on row locks; the constraint is
shown on its own against writers outside those locks, and the harness tests at the end show
the race is real: every racer passes the overlap check in Python, the constraint lets one
through, and with the constraints switched off all twenty are written.
"""

import importlib
import threading
import time
from collections.abc import Callable
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import IntegrityError, OperationalError, connection, transaction

from core.db import refused_by_database
from mentoring import selectors, services
from mentoring.models import Engagement, Session, SessionStatus
from mentoring.services import BookingError
from tests.factories import (
    AvailabilityWindowFactory,
    CoachFactory,
    EngagementFactory,
    SessionFactory,
    StartupMembershipFactory,
)
from tests.support.race import race

pytestmark = pytest.mark.postgres

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
