"""The event's own life: published, changed after publication, cancelled."""

from django.db import transaction
from django.utils.translation import gettext as _

from core.audit import log_action
from core.transitions import ensure
from events.models import EVENT_TRANSITIONS, Event, EventStatus, RegistrationStatus
from events.services.common import lock_event, raise_sequence, tell

# A change of these reaches the registrants' calendars and inboxes.
ATTENDEE_FIELDS = {
    "starts_at",
    "ends_at",
    "time_zone",
    "venue",
    "venue_en",
    "address",
    "address_en",
    "format",
    "online_link",
    "title_ko",
    "title_en",
}


@transaction.atomic
def publish_event(event: Event, *, actor) -> Event:
    """A draft goes on the public calendar and opens for registration. Locks the event row;
    audit-logged; nobody is told."""
    event = lock_event(event)
    ensure(
        EVENT_TRANSITIONS,
        event.status,
        EventStatus.PUBLISHED,
        message=_("Only a draft can be published."),
        code="not_draft",
    )
    event.status = EventStatus.PUBLISHED
    event.save(update_fields=["status", "updated_at"])
    log_action(
        event,
        "events.event.published",
        actor=actor,
        data={"from": EventStatus.DRAFT, "to": EventStatus.PUBLISHED},
    )
    return event


@transaction.atomic
def publish_event_change(event: Event, *, actor, fields: list[str]) -> Event:
    """After staff edit a published event: SEQUENCE goes up so subscribed calendars update
    it, and when the time, place or title changed, confirmed registrants get the updated
    invitation (same UID, new SEQUENCE), each in their language. Audit-logged."""
    raise_sequence(event)
    log_action(event, "events.event.changed", actor=actor, data={"fields": fields})
    if ATTENDEE_FIELDS & set(fields):
        for registration in event.registrations.filter(
            status=RegistrationStatus.CONFIRMED
        ).select_related("user"):
            registration.event = event
            tell(
                registration,
                "events.event_changed",
                suffix=f"changed-{event.sequence}",
                with_invite=True,
            )
    return event


@transaction.atomic
def cancel_event(event: Event, *, actor, reason: str = "") -> Event:
    """The organisers cancel the event: SEQUENCE goes up and every registrant is told, with a
    calendar cancel. Locks the event row; audit-logged; a second call changes nothing."""
    event = lock_event(event)
    if event.status == EventStatus.CANCELLED:
        return event
    event.status = EventStatus.CANCELLED
    event.sequence += 1
    event.save(update_fields=["status", "sequence", "updated_at"])
    log_action(event, "events.event.cancelled", actor=actor, data={"reason": reason})
    for registration in event.registrations.exclude(
        status=RegistrationStatus.CANCELLED
    ).select_related("user"):
        registration.event = event
        tell(registration, "events.event_cancelled", suffix="event-cancelled", with_invite=True)
    return event
