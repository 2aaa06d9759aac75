"""Events services: registering, and the waiting list."""

from datetime import timedelta

import pytest
from django.core import mail
from django.db import IntegrityError, transaction
from django.utils import timezone, translation

from core.exceptions import TransitionNotAllowed
from core.models import AuditEntry
from events import selectors, services
from events.models import Registration, RegistrationStatus
from events.services import RegistrationError
from notifications.models import Notification
from tests.events.service_helpers import (
    HOUR,
    full_event,
    mails,
    parse,
    recipients,
    register,
    statuses,
)
from tests.factories import EventFactory, RegistrationFactory, UserFactory

pytestmark = pytest.mark.django_db

# --- registering ------------------------------------------------------------------------------


def test_register_confirms_while_seats_are_left_and_counts_the_seat():
    event = EventFactory()
    user = UserFactory()

    registration = services.register(event, user=user, affiliation="KIST")

    event.refresh_from_db()
    assert (registration.status, registration.mode, registration.waitlisted_at) == (
        RegistrationStatus.CONFIRMED,
        "onsite",
        None,
    )
    assert (event.confirmed_onsite, event.confirmed_online) == (1, 0)
    entry = AuditEntry.objects.get(action="events.registration.created")
    assert (entry.actor, entry.object_id, entry.data) == (
        user,
        str(registration.pk),
        {"status": "confirmed", "mode": "onsite"},
    )
    assert recipients("events.registration_confirmed") == [user.pk]


def test_register_when_full_goes_on_the_waiting_list_without_taking_a_seat():
    event, _, _ = full_event()

    registration = register(event)

    event.refresh_from_db()
    assert registration.status == RegistrationStatus.WAITLISTED
    assert registration.waitlisted_at is not None
    assert selectors.waitlist_position(registration) == 1
    assert event.confirmed_onsite == 10
    assert recipients("events.registration_waitlisted") == [registration.user_id]


def test_confirmation_email_carries_the_calendar_invitation(django_capture_on_commit_callbacks):
    event = EventFactory()
    user = UserFactory()

    with django_capture_on_commit_callbacks(execute=True):
        services.register(event, user=user)

    assert mails("events.registration_confirmed") == [[user.email]]
    (message,) = mail.outbox
    ((name, ics, mimetype),) = message.attachments
    assert (name, mimetype) == ("invite.ics", "text/calendar; method=REQUEST")
    assert parse(ics)[1]["UID"] == f"event-{event.uid}@seoulbiohub.kr"


@pytest.mark.parametrize(
    ("fields", "at"),
    [
        ({"registration_opens_at_in": 2 * HOUR}, HOUR),  # not open yet
        ({"registration_closes_at_in": HOUR}, HOUR),  # closed at that moment
        ({"registration_closes_at_in": HOUR}, 2 * HOUR),  # closed
        ({}, timedelta(days=7)),  # the event has started
        ({}, timedelta(days=8)),  # the event is over
        ({"status": "draft"}, HOUR),
        ({"status": "cancelled"}, HOUR),
    ],
)
def test_register_refused_when_registration_is_closed(fields, at):
    now = timezone.now()
    extra = {}
    if "registration_opens_at_in" in fields:
        extra["registration_opens_at"] = now + fields["registration_opens_at_in"]
    if "registration_closes_at_in" in fields:
        extra["registration_closes_at"] = now + fields["registration_closes_at_in"]
    event = EventFactory(
        starts_at=now + timedelta(days=7), status=fields.get("status", "published"), **extra
    )

    with pytest.raises(RegistrationError) as caught:
        register(event, now=now + at)

    assert caught.value.code == "closed"
    assert Registration.objects.count() == 0
    event.refresh_from_db()
    assert event.confirmed_onsite == 0


def test_register_accepted_within_the_registration_window():
    now = timezone.now()
    event = EventFactory(
        starts_at=now + timedelta(days=7),
        registration_opens_at=now + HOUR,
        registration_closes_at=now + 2 * HOUR,
    )

    registration = register(event, now=now + HOUR)

    assert registration.status == RegistrationStatus.CONFIRMED


def test_registering_twice_is_refused():
    event = EventFactory()
    user = UserFactory()
    services.register(event, user=user)

    with pytest.raises(RegistrationError) as caught:
        services.register(event, user=user)

    assert caught.value.code == "twice"
    assert Registration.objects.count() == 1
    event.refresh_from_db()
    assert event.confirmed_onsite == 1


@pytest.mark.parametrize("active", ["pending", "confirmed", "waitlisted"])
def test_database_refuses_a_second_active_registration_of_the_same_person(active):
    first = RegistrationFactory(status=active)

    with pytest.raises(IntegrityError), transaction.atomic():
        RegistrationFactory(event=first.event, user=first.user, status="confirmed")

    assert Registration.objects.count() == 1


def test_database_accepts_any_number_of_cancelled_registrations_of_the_same_person():
    first = RegistrationFactory(status="cancelled")
    RegistrationFactory(event=first.event, user=first.user, status="cancelled")
    RegistrationFactory(event=first.event, user=first.user, status="confirmed")

    assert Registration.objects.count() == 3


def test_person_may_register_again_after_cancelling():
    event = EventFactory()
    user = UserFactory()
    first = services.register(event, user=user)
    services.cancel_registration(first, actor=user)

    second = services.register(event, user=user)

    event.refresh_from_db()
    assert (second.pk != first.pk, second.status, event.confirmed_onsite) == (
        True,
        RegistrationStatus.CONFIRMED,
        1,
    )
    assert statuses([first]) == [RegistrationStatus.CANCELLED]


def test_online_registration_refused_for_an_event_on_site_only():
    event = EventFactory(format="onsite", capacity_online=5)

    with pytest.raises(RegistrationError) as caught:
        register(event, mode="online")

    assert caught.value.code == "mode"
    assert Registration.objects.count() == 0


def test_onsite_registration_refused_for_an_event_online_only():
    event = EventFactory(format="online", capacity_onsite=0, capacity_online=5)

    with pytest.raises(RegistrationError) as caught:
        register(event, mode="onsite")

    assert caught.value.code == "mode"


def test_online_registration_of_a_hybrid_event_takes_an_online_place():
    event = EventFactory(hybrid=True)

    registration = register(event, mode="online")

    event.refresh_from_db()
    assert (registration.status, event.confirmed_onsite, event.confirmed_online) == (
        RegistrationStatus.CONFIRMED,
        0,
        1,
    )
    notification = Notification.objects.get(kind="events.registration_confirmed")
    # A week ahead: the joining link is released only shortly before the start.
    assert notification.context["online_link"] == ""


def test_seats_on_site_and_online_are_counted_apart():
    event, _, _ = full_event(hybrid=True)

    onsite = register(event, mode="onsite")
    online = register(event, mode="online")

    assert (onsite.status, online.status) == (
        RegistrationStatus.WAITLISTED,
        RegistrationStatus.CONFIRMED,
    )


# --- the waiting list -------------------------------------------------------------------------


def test_waitlist_positions_follow_the_order_people_registered():
    _, _, waitlisted = full_event(waiting=4)

    assert [selectors.waitlist_position(r) for r in waitlisted] == [1, 2, 3, 4]


def test_waitlist_positions_are_distinct_when_people_join_at_the_same_moment():
    """A caller passing `now` (a view, a batch) stamps the same time on each: the position
    must still tell the people apart, as the promotion order does (waitlisted_at, id)."""
    event, _, _ = full_event()
    now = timezone.now()
    waitlisted = [register(event, now=now) for _ in range(3)]

    assert [selectors.waitlist_position(r) for r in waitlisted] == [1, 2, 3]


def test_waitlist_position_is_none_unless_waiting():
    _, (confirmed, *_), _ = full_event()

    assert selectors.waitlist_position(confirmed) is None


def test_cancellations_promote_in_order_one_per_freed_seat():
    event, confirmed, waitlisted = full_event(waiting=4)

    services.cancel_registration(confirmed[0], actor=confirmed[0].user)
    assert statuses(waitlisted) == ["confirmed", "waitlisted", "waitlisted", "waitlisted"]
    assert [selectors.waitlist_position(Registration.objects.get(pk=r.pk)) for r in waitlisted] == [
        None,
        1,
        2,
        3,
    ]

    services.cancel_registration(confirmed[1], actor=confirmed[1].user)
    services.cancel_registration(confirmed[2], actor=None)

    assert statuses(waitlisted) == ["confirmed", "confirmed", "confirmed", "waitlisted"]
    event.refresh_from_db()
    assert event.confirmed_onsite == 10
    promoted = Registration.objects.get(pk=waitlisted[0].pk)
    assert promoted.waitlisted_at is None
    assert recipients("events.registration_promoted") == [r.user_id for r in waitlisted[:3]]
    assert list(
        AuditEntry.objects.filter(action="events.registration.promoted")
        .order_by("id")
        .values_list("object_id", flat=True)
    ) == [str(r.pk) for r in waitlisted[:3]]


def test_promotion_is_emailed_once_to_each_promoted_person(django_capture_on_commit_callbacks):
    _, confirmed, waitlisted = full_event(waiting=3)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_registration(confirmed[0], actor=None)
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_registration(confirmed[1], actor=None)

    assert mails("events.registration_promoted") == [
        [waitlisted[0].user.email],
        [waitlisted[1].user.email],
    ]


def test_cancelling_when_nobody_waits_frees_the_seat():
    event, confirmed, _ = full_event()

    services.cancel_registration(confirmed[0], actor=None)

    event.refresh_from_db()
    assert event.confirmed_onsite == 9
    assert recipients("events.registration_promoted") == []


@pytest.mark.parametrize("cancelled", ["waitlisted", "pending"])
def test_cancelling_a_registration_without_a_seat_promotes_nobody(cancelled):
    event, _, waitlisted = full_event(waiting=2)
    if cancelled == "pending":
        target = RegistrationFactory(event=event, status="pending")
    else:
        target = waitlisted[0]

    services.cancel_registration(target, actor=target.user)

    event.refresh_from_db()
    assert statuses([target]) == ["cancelled"]
    assert event.confirmed_onsite == 10
    remaining = [r for r in waitlisted if r.pk != target.pk]
    assert statuses(remaining) == ["waitlisted"] * len(remaining)
    assert recipients("events.registration_promoted") == []


def test_online_cancellation_promotes_the_first_person_waiting_online_only():
    event = EventFactory(hybrid=True, capacity_onsite=1, capacity_online=1)
    register(event, mode="onsite")
    online = register(event, mode="online")
    waiting_onsite = register(event, mode="onsite")
    waiting_online = register(event, mode="online")

    services.cancel_registration(online, actor=None)

    assert statuses([waiting_onsite, waiting_online]) == ["waitlisted", "confirmed"]
    event.refresh_from_db()
    assert (event.confirmed_onsite, event.confirmed_online) == (1, 1)


@pytest.mark.parametrize("after", [timedelta(0), HOUR])
def test_cancelling_after_the_start_is_refused(after):
    event, confirmed, waitlisted = full_event(waiting=1)

    with pytest.raises(RegistrationError) as caught:
        services.cancel_registration(confirmed[0], actor=None, now=event.starts_at + after)

    assert caught.value.code == "started"
    assert statuses([confirmed[0], waitlisted[0]]) == ["confirmed", "waitlisted"]
    event.refresh_from_db()
    assert event.confirmed_onsite == 10


def test_cancelling_twice_is_refused():
    registration = register(EventFactory())
    services.cancel_registration(registration, actor=None)

    with translation.override("en"), pytest.raises(TransitionNotAllowed) as caught:
        services.cancel_registration(registration, actor=None)

    assert (caught.value.code, str(caught.value)) == (
        "cancelled",
        "This registration is already cancelled.",
    )
