"""No two confirmed bookings of a room overlap: the exclusion constraint of migration 0003 on
PostgreSQL, under concurrent bookings.

Data is committed (`transactional_db`) so that every thread, on its own connection, sees it.
The last tests show the race is real: racers that all pass the overlap check in Python are
stopped by the constraint alone, and with the constraint dropped every one of them is written.
"""

import importlib
import threading
from contextlib import contextmanager

import pytest
from django.apps import apps
from django.db import IntegrityError, OperationalError, connection, transaction

from partners import services
from partners.models import BookingStatus, RoomBooking
from partners.selectors import confirmed_overlapping
from partners.services import BookingError
from tests.factories import StartupMembershipFactory
from tests.partners.factories import RoomBookingFactory, RoomFactory, next_weekday, seoul
from tests.support.race import race

pytestmark = pytest.mark.postgres

RACERS = 12
migration_0003 = importlib.import_module("partners.migrations.0003_booking_no_overlap")


def confirmed() -> list[int]:
    return list(
        RoomBooking.objects.filter(status=BookingStatus.CONFIRMED).values_list("pk", flat=True)
    )


def test_concurrent_overlapping_bookings_leave_exactly_one(transactional_db):
    room = RoomFactory()
    day = next_weekday(1)
    members = [StartupMembershipFactory() for _ in range(RACERS)]

    def book(n):
        member = members[n]
        start = seoul(day, 10, 30 if n % 2 else 0)  # 10:00–11:00 and 10:30–11:30 overlap
        return services.book_room(
            room,
            actor=member.user,
            startup=member.startup,
            starts_at=start,
            ends_at=start.replace(hour=start.hour + 1),
            purpose="Pitch practice",
            attendees=2,
        )

    results, refusals = race(book, range(RACERS))

    assert len(results) == 1
    assert len(refusals) == RACERS - 1
    assert {refusal.code for refusal in refusals} == {"taken"}
    assert confirmed() == [results[0].pk]


def test_the_database_refuses_an_overlap_written_directly(transactional_db):
    first = RoomBookingFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        RoomBookingFactory(
            room=first.room, starts_at=first.starts_at.replace(minute=30), ends_at=first.ends_at
        )
    assert confirmed() == [first.pk]


def test_back_to_back_bookings_are_allowed(transactional_db):
    first = RoomBookingFactory()
    second = RoomBookingFactory(
        room=first.room,
        starts_at=first.ends_at,
        ends_at=first.ends_at.replace(hour=first.ends_at.hour + 1),
    )
    assert sorted(confirmed()) == sorted([first.pk, second.pk])


@pytest.mark.parametrize(
    "status", [BookingStatus.CANCELLED, BookingStatus.DECLINED, BookingStatus.PENDING]
)
def test_only_confirmed_bookings_hold_the_room(transactional_db, status):
    inactive = RoomBookingFactory(status=status)
    RoomBookingFactory(room=inactive.room, starts_at=inactive.starts_at, ends_at=inactive.ends_at)
    assert RoomBooking.objects.count() == 2


def test_cancelling_frees_the_range_at_once(transactional_db):
    room = RoomFactory()
    day = next_weekday(1)
    first, second = StartupMembershipFactory(), StartupMembershipFactory()
    times = {"starts_at": seoul(day, 10), "ends_at": seoul(day, 11)}
    booking = services.book_room(
        room, actor=first.user, startup=first.startup, purpose="A", attendees=2, **times
    )
    services.cancel_booking(booking, actor=first.user, reason="Plans changed")
    again = services.book_room(
        room, actor=second.user, startup=second.startup, purpose="B", attendees=2, **times
    )
    assert confirmed() == [again.pk]


# --- the race harness proves itself -------------------------------------------------------------


def book_with_plain_check(room, start, end, *, checked: threading.Barrier, passed: list):
    """book_room's overlap check without the room lock, then the INSERT; `checked` holds every
    racer between the two, so each one checks before any of them writes."""
    with transaction.atomic():
        if confirmed_overlapping(room, start, end).exists():
            raise BookingError("taken", code="taken")
        passed.append(1)
        checked.wait()
        try:
            with transaction.atomic():
                return RoomBookingFactory(room=room, starts_at=start, ends_at=end)
        except (IntegrityError, OperationalError) as error:
            raise BookingError("refused by the constraint", code="refused") from error


@contextmanager
def constraint_dropped():
    with connection.schema_editor() as editor:
        migration_0003.drop(apps, editor)
    try:
        yield
    finally:
        with connection.schema_editor() as editor:
            migration_0003.create(apps, editor)


def _race_plainly(room, day) -> tuple[list, list, list]:
    checked, passed = threading.Barrier(RACERS, timeout=30), []
    start, end = seoul(day, 10), seoul(day, 11)
    results, refusals = race(
        lambda _n: book_with_plain_check(room, start, end, checked=checked, passed=passed),
        range(RACERS),
    )
    return results, refusals, passed


def test_every_racer_passes_the_check_and_the_constraint_lets_one_through(transactional_db):
    room = RoomFactory()
    results, refusals, passed = _race_plainly(room, next_weekday(1))
    assert len(passed) == RACERS  # the check in Python let everyone through
    assert len(results) == 1
    assert {r.code for r in refusals} == {"refused"}


def test_without_the_constraint_every_racer_is_written(transactional_db):
    room = RoomFactory()
    with constraint_dropped():
        results, _refusals, passed = _race_plainly(room, next_weekday(1))
        assert len(passed) == RACERS
        assert len(results) == RACERS  # the double booking the constraint prevents
        RoomBooking.objects.all().delete()  # so the constraint can come back
