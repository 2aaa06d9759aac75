"""Shared set-up of the events tests."""

from datetime import timedelta

from django.core import mail
from icalendar import Calendar

from events import services
from events.models import Event, Registration
from notifications.models import Notification
from tests.factories import EventFactory, UserFactory

HOUR = timedelta(hours=1)


def register(event, user=None, **kwargs) -> Registration:
    return services.register(event, user=user or UserFactory(), **kwargs)


def full_event(*, waiting: int = 0, **fields) -> tuple[Event, list, list]:
    """An event whose seats are all taken through the service, with `waiting` people on the
    waiting list in the order they registered. Returns (event, confirmed, waitlisted)."""
    event = EventFactory(**fields)
    confirmed = [register(event) for _ in range(event.capacity_onsite)]
    waitlisted = [register(event) for _ in range(waiting)]
    event.refresh_from_db()
    return event, confirmed, waitlisted


def statuses(registrations) -> list[str]:
    return [Registration.objects.get(pk=r.pk).status for r in registrations]


def recipients(kind: str) -> list:
    return list(
        Notification.objects.filter(kind=kind).order_by("id").values_list("recipient", flat=True)
    )


def mails(kind: str) -> list[list[str]]:
    """Addressees of the emails sent for notifications of `kind`, in the order sent."""
    return [
        message.to
        for message in mail.outbox
        if message.extra_headers["X-BioHub-Notification"].startswith(f"{kind}:")
    ]


def parse(ics: str):
    (vevent,) = Calendar.from_ical(ics).walk("VEVENT")
    return Calendar.from_ical(ics), vevent
