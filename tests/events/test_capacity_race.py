"""No event is overbooked, however many people register at once: the event row lock of
events.services on PostgreSQL, and the database checks on their own.

Data is committed (`transactional_db`) so that every thread, on its own connection, sees it.
The harness test at the end proves the race is real: a registration without the lock and the
counters, racing the same way, confirms more people than there are seats.
"""

import threading

import pytest
from django.db import IntegrityError, transaction
from django.db.models import F

from events import selectors, services
from events.models import Event, Registration, RegistrationStatus
from tests.factories import EventFactory, UserFactory
from tests.support.race import race

DEADLINE = 30.0  # seconds; no wait in this file is longer
SEATS = 10
RACERS = 30


def register_without_lock(event: Event, *, user, checked: threading.Barrier) -> Registration:
    """register's check without the event lock and without the counters: count the confirmed
    rows, compare, then insert. `checked` holds each thread between the count and the insert."""
    with transaction.atomic():
        confirmed = Registration.objects.filter(
            event=event, status=RegistrationStatus.CONFIRMED
        ).count()
        status = (
            RegistrationStatus.CONFIRMED if confirmed < SEATS else RegistrationStatus.WAITLISTED
        )
        checked.wait()
        return Registration.objects.create(event=event, user=user, status=status)


def statuses(event: Event) -> dict[str, int]:
    counts: dict[str, int] = {}
    for status in Registration.objects.filter(event=event).values_list("status", flat=True):
        counts[status] = counts.get(status, 0) + 1
    return counts


@pytest.mark.postgres
def test_thirty_people_racing_for_ten_seats_get_ten_seats_and_an_ordered_waiting_list(
    transactional_db,
):
    event = EventFactory(capacity_onsite=SEATS)
    users = UserFactory.create_batch(RACERS)

    registrations, refusals = race(lambda user: services.register(event, user=user), users)

    assert (len(registrations), refusals) == (RACERS, [])
    assert statuses(event) == {"confirmed": SEATS, "waitlisted": RACERS - SEATS}
    event.refresh_from_db()
    assert (event.confirmed_onsite, event.confirmed_online) == (SEATS, 0)
    # Rows are inserted under the event lock, so their ids give the order people joined.
    waitlisted = list(
        Registration.objects.filter(event=event, status=RegistrationStatus.WAITLISTED).order_by(
            "id"
        )
    )
    stamps = [r.waitlisted_at for r in waitlisted]
    assert stamps == sorted(set(stamps))  # strictly increasing
    positions = [selectors.waitlist_position(r) for r in waitlisted]
    assert positions == list(range(1, RACERS - SEATS + 1))


@pytest.mark.postgres
def test_racing_cancellations_each_promote_one_person_in_order(transactional_db):
    """Ten people cancel at once with twenty waiting: ten are promoted, the first ten who
    joined the list, and the count of seats stays at ten."""
    event = EventFactory(capacity_onsite=SEATS)
    confirmed = [services.register(event, user=UserFactory()) for _ in range(SEATS)]
    waiting = [services.register(event, user=UserFactory()) for _ in range(RACERS - SEATS)]

    cancelled, refusals = race(
        lambda registration: services.cancel_registration(registration, actor=None), confirmed
    )

    assert (len(cancelled), refusals) == (SEATS, [])
    event.refresh_from_db()
    assert event.confirmed_onsite == SEATS
    assert [Registration.objects.get(pk=r.pk).status for r in waiting] == (
        ["confirmed"] * SEATS + ["waitlisted"] * (RACERS - 2 * SEATS)
    )


@pytest.mark.postgres
def test_race_harness_catches_a_registration_without_lock(transactional_db):
    """Proof that the race above is a real one: without the lock and the counters every racer
    counts the same confirmed rows before any of them inserts, and all thirty are confirmed
    for ten seats."""
    event = EventFactory(capacity_onsite=SEATS)
    users = UserFactory.create_batch(RACERS)
    checked = threading.Barrier(RACERS, timeout=DEADLINE)

    registrations, refusals = race(
        lambda user: register_without_lock(event, user=user, checked=checked), users
    )

    assert (len(registrations), refusals) == (RACERS, [])
    confirmed = statuses(event).get("confirmed", 0)
    assert confirmed > SEATS
    assert confirmed == RACERS


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("counter", "capacity"),
    [("confirmed_onsite", "capacity_onsite"), ("confirmed_online", "capacity_online")],
)
def test_database_alone_refuses_a_count_above_capacity(counter, capacity):
    event = EventFactory(hybrid=True)
    room = getattr(event, capacity)
    Event.objects.filter(pk=event.pk).update(**{counter: F(counter) + room})

    with pytest.raises(IntegrityError), transaction.atomic():
        Event.objects.filter(pk=event.pk).update(**{counter: F(counter) + 1})

    event.refresh_from_db()
    assert getattr(event, counter) == room
