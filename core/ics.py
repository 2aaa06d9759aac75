"""iCalendar invitations (RFC 5545, RFC 5546 iTIP) built with `icalendar`.

A calendar keeps one event per UID: send the same UID with a higher SEQUENCE to update it,
and METHOD:CANCEL with STATUS:CANCELLED to remove it, instead of creating a duplicate.

RFC 5546 §3.2: a REQUEST names its ORGANIZER and at least one ATTENDEE, a CANCEL names its
ORGANIZER and the attendees it removes, a PUBLISH (a file anyone may download) names its
ORGANIZER and no attendee. `build_event` refuses an invitation without them, so no builder
can forget them again.
"""

from collections.abc import Iterable
from datetime import UTC, datetime
from email.utils import parseaddr

from django.conf import settings
from icalendar import Calendar, Event, vCalAddress, vText

PRODID = "-//Seoul BioHub Open Innovation//openinnovation.seoulbiohub.kr//"

# A person in an invitation: an address, or (address, display name).
Person = str | tuple[str, str]


def programme_office() -> tuple[str, str]:
    """The organiser of what the programme office runs (seminars, meeting rooms): the
    CALENDAR_ORGANIZER setting when set, else the DEFAULT_FROM_EMAIL, as (address, name)."""
    name, address = parseaddr(
        getattr(settings, "CALENDAR_ORGANIZER", "") or settings.DEFAULT_FROM_EMAIL
    )
    return address, name


def _address(person: Person, **params: str) -> vCalAddress:
    email, name = (person, "") if isinstance(person, str) else person
    address = vCalAddress(f"mailto:{email}")
    if name:
        address.params["cn"] = vText(name)
    for key, value in params.items():
        address.params[key] = vText(value)
    return address


def build_event(
    *,
    uid: str,
    sequence: int,
    starts_at: datetime,
    ends_at: datetime,
    summary: str,
    organizer: Person,
    attendees: Iterable[Person] = (),
    description: str = "",
    location: str = "",
    url: str = "",
    cancelled: bool = False,
    publish: bool = False,
    stamp: datetime | None = None,
) -> str:
    """One event as METHOD:REQUEST (an invitation to `attendees`), METHOD:CANCEL
    (`cancelled`: removes it from their calendars) or METHOD:PUBLISH (`publish`: a file to
    download, addressed to nobody; STATUS:CANCELLED when `cancelled`)."""
    attendees = list(attendees)
    if not organizer:
        raise ValueError("An iCalendar event needs an ORGANIZER (RFC 5546 §3.2).")
    if publish:  # a cancelled event stays PUBLISH, with STATUS:CANCELLED
        method = "PUBLISH"
        attendees = []
    else:
        method = "CANCEL" if cancelled else "REQUEST"
        if not attendees:
            raise ValueError(f"METHOD:{method} needs at least one ATTENDEE (RFC 5546 §3.2).")
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("method", method)
    event = Event()
    event.add("uid", uid)
    event.add("sequence", sequence)
    event.add("dtstamp", (stamp or datetime.now(UTC)).astimezone(UTC))
    event.add("dtstart", starts_at.astimezone(UTC))
    event.add("dtend", ends_at.astimezone(UTC))
    event.add("summary", summary)
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    if description:
        event.add("description", description)
    if location:
        event["location"] = vText(location)
    if url:
        event.add("url", url)
    event["organizer"] = _address(organizer)
    answer = {} if cancelled else {"partstat": "NEEDS-ACTION"}
    for person in attendees:
        event.add("attendee", _address(person, role="REQ-PARTICIPANT", **answer), encode=0)
    calendar.add_component(event)
    return calendar.to_ical().decode("utf-8")


def build_calendar(events: list[dict], *, name: str = "") -> str:
    """A subscription feed: one calendar, one VEVENT per dict (the keyword arguments of
    `build_event` except organizer and attendees). No METHOD: a feed is published, not an
    invitation; a cancelled event stays in it with STATUS:CANCELLED and its own UID."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    if name:
        calendar.add("x-wr-calname", name)
    now = datetime.now(UTC)
    for entry in events:
        event = Event()
        event.add("uid", entry["uid"])
        event.add("sequence", entry.get("sequence", 0))
        event.add("dtstamp", (entry.get("stamp") or now).astimezone(UTC))
        event.add("dtstart", entry["starts_at"].astimezone(UTC))
        event.add("dtend", entry["ends_at"].astimezone(UTC))
        event.add("summary", entry["summary"])
        event.add("status", "CANCELLED" if entry.get("cancelled") else "CONFIRMED")
        if entry.get("description"):
            event.add("description", entry["description"])
        if entry.get("location"):
            event["location"] = vText(entry["location"])
        if entry.get("url"):
            event.add("url", entry["url"])
        calendar.add_component(event)
    return calendar.to_ical().decode("utf-8")
