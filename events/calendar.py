"""An event in calendars: the emailed invitation, the event's file and the public feed.

All three are built from one entry (`event_entry`), so a subscribed calendar, a downloaded
file and an accepted invitation show the same UID, SEQUENCE, place and link and stay one
event in the reader's calendar.
"""

from collections.abc import Iterable

from django.conf import settings
from django.utils.translation import gettext as _

from core.ics import build_calendar, build_event, programme_office
from events.models import Event, EventStatus

# The version of what the public feed shows (core.page_cache): bumped by every change to an
# event (the signals in events.apps, and services.common.raise_sequence's UPDATE).
FEED_VERSION = "events.feed"


def event_location(event: Event) -> str:
    """The venue and the address in the active language (Korean when no English is given)."""
    return ", ".join(part for part in (event.venue_display, event.address_display) if part)


def event_entry(event: Event) -> dict:
    """One VEVENT in the active language: the keyword arguments of `core.ics.build_event`
    except the organiser and attendees, as `core.ics.build_calendar` takes them."""
    return {
        "uid": f"event-{event.uid}@seoulbiohub.kr",
        "sequence": event.sequence,
        "starts_at": event.starts_at,
        "ends_at": event.ends_at,
        "summary": event.title,
        "description": event.summary,
        "location": event_location(event),
        "url": settings.SITE_URL + event.get_absolute_url(),
        "cancelled": event.status == EventStatus.CANCELLED,
        # The public files are the same bytes until the event changes (their ETag is strong).
        "stamp": event.updated_at,
    }


def event_ics(
    event: Event, *, attendee=None, cancelled: bool = False, publish: bool = False
) -> str:
    """The event as iCalendar, organised by the programme office: an invitation to
    `attendee` (METHOD:REQUEST, or CANCEL when `cancelled` or the event is), or the public
    file (`publish`: METHOD:PUBLISH, addressed to nobody). One UID whatever the form."""
    entry = event_entry(event)
    return build_event(
        **{
            **entry,
            "cancelled": cancelled or entry["cancelled"],
            "stamp": entry["stamp"] if publish else None,
        },
        organizer=programme_office(),
        attendees=[(attendee.email, attendee.get_full_name())] if attendee else [],
        publish=publish,
    )


def feed_ics(events: Iterable[Event]) -> str:
    """The public subscription feed of `events`, named in the active language."""
    return build_calendar(
        [event_entry(event) for event in events],
        name=_("Seoul BioHub Open Innovation events"),
    )
