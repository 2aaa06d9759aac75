"""iCalendar invitations (RFC 5545) built with `icalendar`.

A calendar keeps one event per UID: send the same UID with a higher SEQUENCE to update it,
and METHOD:CANCEL with STATUS:CANCELLED to remove it, instead of creating a duplicate.
"""

from datetime import UTC, datetime

from icalendar import Calendar, Event, vCalAddress, vText

PRODID = "-//Seoul BioHub Open Innovation//openinnovation.seoulbiohub.kr//"


def build_event(
    *,
    uid: str,
    sequence: int,
    starts_at: datetime,
    ends_at: datetime,
    summary: str,
    description: str = "",
    location: str = "",
    url: str = "",
    organizer: str | None = None,
    attendees: list[str] = (),
    cancelled: bool = False,
    stamp: datetime | None = None,
) -> str:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("method", "CANCEL" if cancelled else "REQUEST")
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
    if organizer:
        event["organizer"] = vCalAddress(f"mailto:{organizer}")
    for email in attendees:
        attendee = vCalAddress(f"mailto:{email}")
        attendee.params["role"] = vText("REQ-PARTICIPANT")
        event.add("attendee", attendee, encode=0)
    calendar.add_component(event)
    return calendar.to_ical().decode("utf-8")
