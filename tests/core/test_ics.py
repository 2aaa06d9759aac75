"""Calendar invitations (core.ics): what a calendar needs to add, update and remove one event."""

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from core.ics import PRODID, build_event, programme_office

SEOUL = ZoneInfo("Asia/Seoul")
STAMP = datetime(2026, 3, 1, 9, 30, tzinfo=UTC)


def invite(**fields) -> str:
    return build_event(
        **{
            "uid": "session-1@seoulbiohub.kr",
            "sequence": 0,
            "starts_at": datetime(2026, 3, 10, 22, 0, tzinfo=SEOUL),
            "ends_at": datetime(2026, 3, 10, 23, 0, tzinfo=SEOUL),
            "summary": "1:1 coaching: Hongneung Therapeutics × Jane Doe",
            "organizer": "coach@example.com",
            "attendees": ["founder@example.kr"],
            "stamp": STAMP,
            **fields,
        }
    )


def parse(text: str):
    """The calendar and its one event."""
    calendar = Calendar.from_ical(text)
    (event,) = calendar.walk("VEVENT")
    return calendar, event


def test_invite_parses_with_its_identity_and_times_in_utc():
    calendar, event = parse(invite(sequence=3))

    assert (str(calendar["version"]), str(calendar["prodid"])) == ("2.0", PRODID)
    assert str(calendar["method"]) == "REQUEST"
    assert str(event["uid"]) == "session-1@seoulbiohub.kr"
    assert event.decoded("sequence") == 3
    assert str(event["status"]) == "CONFIRMED"
    assert event.decoded("dtstart") == datetime(2026, 3, 10, 13, 0, tzinfo=UTC)
    assert event.decoded("dtend") == datetime(2026, 3, 10, 14, 0, tzinfo=UTC)
    assert event.decoded("dtstamp") == STAMP
    assert str(event["summary"]) == "1:1 coaching: Hongneung Therapeutics × Jane Doe"


def test_times_are_written_as_utc_with_z_whatever_zone_they_come_in():
    text = invite(
        starts_at=datetime(2026, 3, 10, 9, 0, tzinfo=ZoneInfo("America/New_York")),
        ends_at=datetime(2026, 3, 10, 10, 0, tzinfo=ZoneInfo("America/New_York")),
    )

    lines = text.split("\r\n")
    assert "DTSTART:20260310T130000Z" in lines
    assert "DTEND:20260310T140000Z" in lines
    assert "VTIMEZONE" not in text


def test_lines_end_with_crlf_and_are_folded_at_75_octets():
    text = invite(description="회의 안건 " * 40)

    assert text.endswith("END:VCALENDAR\r\n")
    assert "\n" not in text.replace("\r\n", "")
    assert max(len(line.encode()) for line in text.split("\r\n")) <= 75
    _, event = parse(text)
    assert str(event["description"]) == "회의 안건 " * 40


def test_cancellation_has_method_cancel_and_status_cancelled_with_the_same_uid():
    calendar, event = parse(invite(sequence=2, cancelled=True))

    assert str(calendar["method"]) == "CANCEL"
    assert str(event["status"]) == "CANCELLED"
    assert str(event["uid"]) == "session-1@seoulbiohub.kr"
    assert event.decoded("sequence") == 2


def test_organizer_attendees_location_and_url_are_written_and_escaped():
    _, event = parse(
        invite(
            organizer="coach@example.com",
            attendees=["coach@example.com", "founder@example.kr"],
            location="BMS partnering office, Seoul Bio Hub; Hongneung",
            url="https://openinnovation.seoulbiohub.kr/coaching/sessions/1/",
            description="Term sheet, CMC plan",
        )
    )

    assert str(event["organizer"]) == "mailto:coach@example.com"
    assert [str(a) for a in event["attendee"]] == [
        "mailto:coach@example.com",
        "mailto:founder@example.kr",
    ]
    assert [a.params["ROLE"] for a in event["attendee"]] == ["REQ-PARTICIPANT"] * 2
    assert str(event["location"]) == "BMS partnering office, Seoul Bio Hub; Hongneung"
    assert str(event["url"]) == "https://openinnovation.seoulbiohub.kr/coaching/sessions/1/"
    assert str(event["description"]) == "Term sheet, CMC plan"


def test_empty_optional_fields_are_left_out():
    _, event = parse(invite())

    assert [name for name in ("description", "location", "url") if name in event] == []


def test_names_go_in_cn_and_a_request_asks_each_attendee_for_an_answer():
    _, event = parse(
        invite(
            organizer=("office@seoulbiohub.kr", "Seoul BioHub"),
            attendees=[("founder@example.kr", "김민지")],
        )
    )

    assert (str(event["organizer"]), event["organizer"].params["CN"]) == (
        "mailto:office@seoulbiohub.kr",
        "Seoul BioHub",
    )
    attendee = event["attendee"]  # one attendee: the property itself, not a list
    assert (str(attendee), attendee.params["CN"], attendee.params["PARTSTAT"]) == (
        "mailto:founder@example.kr",
        "김민지",
        "NEEDS-ACTION",
    )


def test_a_cancel_names_its_organizer_and_the_attendees_it_removes():
    calendar, event = parse(invite(cancelled=True))

    assert str(calendar["method"]) == "CANCEL"
    assert str(event["organizer"]) == "mailto:coach@example.com"
    assert str(event["attendee"]) == "mailto:founder@example.kr"
    assert "PARTSTAT" not in event["attendee"].params


@pytest.mark.parametrize("cancelled", [False, True])
def test_an_invitation_without_attendee_or_organizer_is_refused(cancelled):
    with pytest.raises(ValueError, match="ATTENDEE"):
        invite(attendees=[], cancelled=cancelled)
    with pytest.raises(ValueError, match="ORGANIZER"):
        invite(organizer="", cancelled=cancelled)


@pytest.mark.parametrize("cancelled", [False, True])
def test_a_published_file_has_an_organizer_and_no_attendee(cancelled):
    calendar, event = parse(invite(publish=True, cancelled=cancelled))

    assert str(calendar["method"]) == "PUBLISH"
    assert str(event["status"]) == ("CANCELLED" if cancelled else "CONFIRMED")
    assert str(event["organizer"]) == "mailto:coach@example.com"
    assert "attendee" not in event


def test_the_programme_office_is_the_setting_else_the_sender_of_emails(settings):
    settings.DEFAULT_FROM_EMAIL = "Seoul BioHub <noreply@seoulbiohub.kr>"
    settings.CALENDAR_ORGANIZER = ""
    assert programme_office() == ("noreply@seoulbiohub.kr", "Seoul BioHub")

    settings.CALENDAR_ORGANIZER = "Programme office <office@seoulbiohub.kr>"
    assert programme_office() == ("office@seoulbiohub.kr", "Programme office")
