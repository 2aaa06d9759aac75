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
