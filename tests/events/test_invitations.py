"""Seminar invitations (RFC 5546): each one is addressed to its registrant by the programme
office, keeps the event's UID, and a later message always carries a higher SEQUENCE, down to
the cancel a person gets when they cancel their own registration."""

from datetime import UTC, datetime

import pytest
import time_machine
from django.core import mail

from events import services
from events.models import RegistrationStatus
from notifications.models import Notification
from notifications.services import render_notification
from tests.events.service_helpers import mails, parse, register
from tests.factories import EventFactory, UserFactory

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 3, 2, 0, 0, tzinfo=UTC)
OFFICE = ("mailto:office@seoulbiohub.kr", "Seoul BioHub programme office")


@pytest.fixture(autouse=True)
def pinned_clock():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture(autouse=True)
def office(settings):
    settings.CALENDAR_ORGANIZER = "Seoul BioHub programme office <office@seoulbiohub.kr>"


def sent(kind: str, person) -> tuple[str, dict]:
    """The METHOD and the VEVENT of the invite of `kind` that `person` got."""
    notification = Notification.objects.get(kind=kind, recipient=person)
    calendar, event = parse(notification.context["ics"])
    return str(calendar["method"]), {
        "uid": str(event["uid"]),
        "sequence": event.decoded("sequence"),
        "status": str(event["status"]),
        "organizer": (str(event["organizer"]), str(event["organizer"].params["CN"])),
        "attendee": str(event["attendee"]),
    }


def test_each_registrant_gets_an_invite_from_the_office_addressed_to_them_alone():
    event = EventFactory()
    first, second = register(event), register(event)

    for registration in (first, second):
        method, invite = sent("events.registration_confirmed", registration.user)
        assert (method, invite) == (
            "REQUEST",
            {
                "uid": f"event-{event.uid}@seoulbiohub.kr",
                "sequence": 0,
                "status": "CONFIRMED",
                "organizer": OFFICE,
                "attendee": f"mailto:{registration.user.email}",
            },
        )


def test_changed_and_cancelled_event_invites_keep_the_uid_and_raise_the_sequence():
    event = EventFactory()
    registration = register(event)
    services.publish_event_change(event, actor=None, fields=["venue"])
    services.cancel_event(event, actor=None)

    _, invite = sent("events.registration_confirmed", registration.user)
    _, changed = sent("events.event_changed", registration.user)
    method, cancel = sent("events.event_cancelled", registration.user)
    assert method == "CANCEL"
    assert [m["uid"] for m in (changed, cancel)] == [invite["uid"]] * 2
    assert invite["sequence"] < changed["sequence"] < cancel["sequence"]
    assert {(m["organizer"], m["attendee"]) for m in (invite, changed, cancel)} == {
        (OFFICE, f"mailto:{registration.user.email}")
    }


def test_cancelling_ones_own_registration_sends_a_calendar_cancel_outranking_the_invite(
    django_capture_on_commit_callbacks,
):
    event = EventFactory()
    person = UserFactory(language="en")
    with django_capture_on_commit_callbacks(execute=True):
        registration = register(event, person)
        services.publish_event_change(event, actor=None, fields=["starts_at"])
        services.cancel_registration(registration, actor=person)

    _, latest = sent("events.event_changed", person)
    method, cancel = sent("events.registration_cancelled", person)
    assert (method, cancel["status"], cancel["uid"]) == ("CANCEL", "CANCELLED", latest["uid"])
    assert cancel["sequence"] > latest["sequence"]
    assert (cancel["organizer"], cancel["attendee"]) == (OFFICE, f"mailto:{person.email}")
    assert mails("events.registration_cancelled") == [[person.email]]
    message = mail.outbox[-1]
    ((name, ics, mimetype),) = message.attachments
    assert (name, mimetype) == ("invite.ics", "text/calendar; method=CANCEL")
    told = Notification.objects.get(kind="events.registration_cancelled", recipient=person)
    assert ics == told.context["ics"]
    assert message.subject == f"Registration cancelled: {event.title_en}"
    assert "removes it from your calendar" in message.body


def test_a_person_who_registers_again_gets_an_invite_newer_than_their_cancel():
    event = EventFactory()
    person = UserFactory()
    services.cancel_registration(register(event, person), actor=person)

    again = register(event, person)

    _, cancel = sent("events.registration_cancelled", person)
    invites = Notification.objects.filter(
        kind="events.registration_confirmed", recipient=person
    ).order_by("id")
    _, invite = parse(invites.last().context["ics"])
    assert again.status == RegistrationStatus.CONFIRMED
    assert (str(invite["uid"]), invite.decoded("sequence")) == (
        cancel["uid"],
        cancel["sequence"] + 1,
    )


@pytest.mark.parametrize("language", ["ko", "en"])
def test_cancelling_without_a_seat_is_told_without_a_calendar_cancel(language):
    event = EventFactory(capacity_onsite=1)
    register(event)
    person = UserFactory(language=language)
    waiting = register(event, person)
    event.refresh_from_db()
    sequence = event.sequence

    services.cancel_registration(waiting, actor=person)

    notification = Notification.objects.get(kind="events.registration_cancelled")
    assert (notification.recipient, notification.context["ics"]) == (person, "")
    subject, text, _html = render_notification(notification)
    title = event.title_ko if language == "ko" else event.title_en
    assert title in subject
    assert "calendar" not in text.lower()
    event.refresh_from_db()
    assert event.sequence == sequence


def test_the_downloadable_event_file_is_published_by_the_office_to_nobody(client):
    event = EventFactory()

    response = client.get(f"/events/{event.slug}/event.ics")

    calendar, vevent = parse(response.content.decode())
    assert str(calendar["method"]) == "PUBLISH"
    assert str(vevent["organizer"]) == OFFICE[0]
    assert "attendee" not in vevent
