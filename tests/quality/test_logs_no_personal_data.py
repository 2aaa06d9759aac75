"""Personal data never reaches the logs.

Every logger is captured at DEBUG while a person with marked personal data signs up, fails to
sign in, asks for a password reset, registers for an event, books a room and asks a partner
for a consultation, and the outbox delivers every email that causes (including a delivery that
fails and is retried). None of the markers may appear in any log record, message or arguments.
"""

import logging

import pytest
from django.core import mail

from accounts.models import User
from events import services as event_services
from notifications.models import Notification
from notifications.tasks import send_notification
from tests.factories import EventFactory, PartnerMemberFactory, StartupMembershipFactory
from tests.partners.factories import RoomFactory, next_weekday

pytestmark = pytest.mark.django_db

EMAIL = "pii.marker.7731@example.kr"
NAME = "Piimarker Seventy"
PHONE = "010-7731-4455"
MARKERS = ["pii.marker.7731", "Piimarker", "7731-4455"]


def leaks(records) -> list[str]:
    found = []
    for record in records:
        if record.name.startswith("factory"):  # the test's own factories, not the platform
            continue
        texts = [record.getMessage(), repr(record.args), repr(getattr(record, "exc_text", ""))]
        for marker in MARKERS:
            if any(marker in text for text in texts):
                found.append(f"{record.name}: {record.getMessage()[:200]}")
    return found


def test_personal_data_stays_out_of_the_logs(client, caplog, settings):
    caplog.set_level(logging.DEBUG)
    for name in ("django", "django.request", "celery", "allauth", "notifications", "partners"):
        logging.getLogger(name).setLevel(logging.DEBUG)

    client.post(
        "/accounts/signup/",
        {"email": EMAIL, "name": NAME, "password1": "Sup3r-secret-pass!", "password2": "x"},
    )  # refused: passwords differ
    client.post(
        "/accounts/signup/",
        {
            "email": EMAIL,
            "name": NAME,
            "password1": "Sup3r-secret-pass!",
            "password2": "Sup3r-secret-pass!",
            "consent_collection": "on",
        },
    )
    client.post("/accounts/login/", {"login": EMAIL, "password": "wrong password"})
    client.post("/accounts/password/reset/", {"email": EMAIL})

    person = User.objects.get(email=EMAIL)
    membership = StartupMembershipFactory(user=person, startup__name=f"{NAME} Bio")
    event = EventFactory()
    event_services.register(event, user=person, affiliation=PHONE)
    client.force_login(person)
    room = RoomFactory()
    day = next_weekday(1)
    client.post(
        f"/partners/office/{room.slug}/book/",
        {
            "date": day.isoformat(),
            "start": "10:00",
            "end": "11:00",
            "purpose": f"Call {PHONE}",
            "attendees": 2,
        },
    )
    rep = PartnerMemberFactory()
    client.post(
        f"/partners/{rep.partner.slug}/consult/",
        {
            "topic": f"Topic by {NAME}",
            "area": membership.startup.therapeutic_areas.first() or "",
            "ask": PHONE,
            "mode": "online",
            "time1_date": day.isoformat(),
            "time1_start": "14:00",
            "time1_end": "15:00",
        },
    )
    pending = list(Notification.objects.filter(status="pending").order_by("pk"))
    assert len(pending) >= 3
    for notification in pending[:-1]:
        send_notification.apply(args=[notification.pk])
    # A delivery that fails is logged and retried: the failure must not name the person.
    settings.EMAIL_BACKEND = "tests.support.email_backends.FailingBackend"
    send_notification.apply(args=[pending[-1].pk])

    assert Notification.objects.filter(email=EMAIL).exists()  # the flows did send to them
    assert len(mail.outbox) >= 1
    assert len(caplog.records) > 0
    assert leaks(caplog.records) == []
