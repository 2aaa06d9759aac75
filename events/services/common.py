"""What the events services share: their errors, the event lock, the seat counters, the
calendar SEQUENCE and the message to a registrant."""

from django.db.models import F
from django.utils import timezone

from core.exceptions import DomainError
from core.i18n import in_language
from core.page_cache import content_changed
from events.calendar import FEED_VERSION, event_ics
from events.models import Event, Registration, RegistrationMode, RegistrationStatus
from notifications.services import notify

COUNTER = {RegistrationMode.ONSITE: "confirmed_onsite", RegistrationMode.ONLINE: "confirmed_online"}


class EventError(DomainError):
    """The event's own state refuses the change (not a draft, not taking place)."""


class RegistrationError(DomainError):
    """A person's registration, or their check-in code, is refused."""


def lock_event(event: Event) -> Event:
    """The event row, locked until the transaction ends: seats change one at a time."""
    return Event.objects.select_for_update().get(pk=event.pk)


def confirm_seat(event: Event, registration: Registration) -> None:
    """Take a seat: the counter goes up under the event lock; the database check refuses an
    overbooking even if a caller forgot the lock. The caller saves the registration."""
    counter = COUNTER[registration.mode]
    Event.objects.filter(pk=event.pk).update(**{counter: F(counter) + 1})
    setattr(event, counter, getattr(event, counter) + 1)
    content_changed()  # the seats left on the event's page (not in the feed)
    registration.status = RegistrationStatus.CONFIRMED
    registration.waitlisted_at = None


def free_seat(event: Event, registration: Registration) -> None:
    """Give back the seat the registration held (the event row is locked)."""
    counter = COUNTER[registration.mode]
    Event.objects.filter(pk=event.pk).update(**{counter: F(counter) - 1})
    setattr(event, counter, getattr(event, counter) - 1)
    content_changed()


def raise_sequence(event: Event) -> None:
    """SEQUENCE + 1 in the database, and updated_at with it: the public files' Last-Modified
    (views.calendar) must move whenever what they show does. Public pages and the feed are
    built again (core.page_cache)."""
    Event.objects.filter(pk=event.pk).update(sequence=F("sequence") + 1, updated_at=timezone.now())
    event.refresh_from_db(fields=["sequence", "updated_at"])
    content_changed(FEED_VERSION)  # an UPDATE: no signal tells the public pages and the feed


def outrank_their_cancel(event: Event, registration: Registration) -> None:
    """Before a person's first invitation: when they cancelled an earlier registration, their
    calendar holds a METHOD:CANCEL at the event's SEQUENCE, and a REQUEST at that same
    SEQUENCE may be taken for an older message. Raise it (the event row is locked)."""
    earlier = (
        Registration.objects.filter(
            event=event, user=registration.user_id, status=RegistrationStatus.CANCELLED
        )
        .exclude(pk=registration.pk)
        .exists()
    )
    if earlier:
        raise_sequence(event)


def tell(
    registration: Registration,
    kind: str,
    *,
    suffix: str,
    with_invite: bool,
    cancelled: bool = False,
) -> None:
    """Notify the registrant (an outbox row, sent after commit) in their language;
    `with_invite` attaches the invitation addressed to them (its CANCEL when `cancelled` or
    the event is cancelled). `suffix` names the occasion: one message per registration and
    occasion."""
    event = registration.event
    person = registration.user
    online = registration.mode == RegistrationMode.ONLINE
    with in_language(person):
        notify(
            person,
            kind,
            {
                "event_title": event.title,
                "starts_at": event.starts_at,
                "ends_at": event.ends_at,
                "event_zone": event.time_zone,
                "venue": event.venue_display,
                "mode": registration.mode,
                # Never before its release time (a confirmation weeks ahead carries no link).
                "online_link": (
                    event.online_link
                    if online and event.online_link_released(timezone.now())
                    else ""
                ),
                "url": event.get_absolute_url(),
                "ics": (
                    event_ics(event, attendee=person, cancelled=cancelled) if with_invite else ""
                ),
            },
            key=f"{kind}:{registration.pk}:{suffix}",
        )
