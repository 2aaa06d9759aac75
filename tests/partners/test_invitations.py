"""Meeting-room and consultation invitations (RFC 5546): every REQUEST and CANCEL names its
ORGANIZER and its ATTENDEEs, keeps its UID and raises its SEQUENCE."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from icalendar import Calendar

from notifications.models import Notification
from partners import services
from partners.models import MeetingMode
from tests.factories import (
    PartnerFactory,
    PartnerMemberFactory,
    StartupMembershipFactory,
    UserFactory,
)
from tests.partners.factories import ConsultationRequestFactory, RoomFactory, seoul

pytestmark = pytest.mark.django_db
# Monday 2 March 2026, 09:00 in Seoul; the meetings are on Wednesday 4 March.
NOW = datetime(2026, 3, 2, 9, 0, tzinfo=ZoneInfo("Asia/Seoul"))
WEDNESDAY = NOW.date().replace(day=4)


@pytest.fixture(autouse=True)
def pinned_clock():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture(autouse=True)
def office(settings):
    settings.CALENDAR_ORGANIZER = "Seoul BioHub programme office <office@seoulbiohub.kr>"


def invitation(kind: str, recipient) -> tuple[str, dict]:
    """METHOD and the one VEVENT's identity and people, of the invite `recipient` got."""
    ics = Notification.objects.get(kind=kind, recipient=recipient).context["ics"]
    calendar = Calendar.from_ical(ics)
    (event,) = calendar.walk("VEVENT")
    attendees = event.get("attendee", [])
    attendees = attendees if isinstance(attendees, list) else [attendees]
    return str(calendar["method"]), {
        "uid": str(event["uid"]),
        "sequence": event.decoded("sequence"),
        "organizer": (str(event["organizer"]), str(event["organizer"].params.get("CN", ""))),
        "attendees": sorted(str(a) for a in attendees),
    }


def test_room_booking_invite_and_cancel_come_from_the_office_to_the_booker():
    member = StartupMembershipFactory(user=UserFactory(name="Kim Minji"))
    booking = services.book_room(
        RoomFactory(),
        actor=member.user,
        startup=member.startup,
        starts_at=seoul(WEDNESDAY, 10),
        ends_at=seoul(WEDNESDAY, 11),
        purpose="Investor call",
        attendees=2,
    )
    services.cancel_booking(booking, actor=member.user, reason="Moved online")

    method, invite = invitation("partners.booking_confirmed", member.user)
    cancel_method, cancel = invitation("partners.booking_cancelled", member.user)
    office = ("mailto:office@seoulbiohub.kr", "Seoul BioHub programme office")
    assert (method, invite["organizer"], invite["attendees"]) == (
        "REQUEST",
        office,
        [f"mailto:{member.user.email}"],
    )
    assert (cancel_method, cancel["organizer"], cancel["attendees"]) == (
        "CANCEL",
        office,
        [f"mailto:{member.user.email}"],
    )
    assert cancel["uid"] == invite["uid"] == f"room-booking-{booking.uid}@seoulbiohub.kr"
    assert cancel["sequence"] > invite["sequence"]


def test_consultation_invite_and_cancel_come_from_the_partner_to_both_sides():
    partner = PartnerFactory(name_ko="한국BMS", name_en="BMS Korea")
    rep = PartnerMemberFactory(partner=partner, user=UserFactory(language="en")).user
    member = StartupMembershipFactory(user=UserFactory(language="ko"))
    RoomFactory()
    consultation = ConsultationRequestFactory(
        partner=partner, startup=member.startup, mode=MeetingMode.ONLINE
    )
    consultation = services.accept_consultation(
        consultation,
        actor=rep,
        time=consultation.proposed_times.get(),
        video_link="https://meet.example.com/a",
    )
    services.cancel_consultation(consultation, actor=member.user, reason="Travel")

    everyone = sorted([f"mailto:{rep.email}", f"mailto:{member.user.email}"])
    uid = f"consultation-{consultation.uid}@seoulbiohub.kr"
    for person, partner_name in ((rep, "BMS Korea"), (member.user, "한국BMS")):
        method, invite = invitation("partners.consultation_accepted", person)
        cancel_method, cancel = invitation("partners.consultation_cancelled", person)
        assert (method, cancel_method) == ("REQUEST", "CANCEL")
        for sent in (invite, cancel):
            assert sent["organizer"] == (f"mailto:{rep.email}", partner_name)
            assert (sent["uid"], sent["attendees"]) == (uid, everyone)
        assert cancel["sequence"] > invite["sequence"]
