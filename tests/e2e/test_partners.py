"""A consultation in a real browser: a startup asks BMS, the BMS rep accepts in person.

The founder (English profile, Seoul time) opens the BMS profile, requests a consultation with
two preferred times and a deck; the BMS rep signs in on another browser, sees the request on
/partners/requests/, accepts the second time in person. A meeting room is booked for it, and
both sides see the meeting with its room and an "Add to calendar (.ics)" link that downloads
the invitation.
"""

from pathlib import Path

import pytest
from icalendar import Calendar
from playwright.sync_api import Page, expect

from partners.models import BookingStatus, ConsultationRequest, ConsultationStatus
from tests.e2e.test_review_and_selection import sign_in_in_english
from tests.factories import (
    PartnerFactory,
    PartnerMemberFactory,
    StartupMembershipFactory,
    TherapeuticAreaFactory,
    UserFactory,
)
from tests.partners.factories import RoomFactory, next_weekday

TOPIC = "CD47 × CD33 bispecific: co-development interest"


@pytest.fixture
def cast():
    bms = PartnerFactory(slug="bms", name_en="Bristol Myers Squibb", name_ko="한국BMS제약")
    rep = UserFactory(name="Park Partner", language="en", time_zone="Asia/Seoul")
    PartnerMemberFactory(partner=bms, user=rep)
    founder = UserFactory(name="Kim Min-ji", language="en", time_zone="Asia/Seoul")
    StartupMembershipFactory(user=founder, startup__name="홍릉테라퓨틱스")
    TherapeuticAreaFactory(name_en="Oncology", name_ko="종양")
    room = RoomFactory(name_en="Hongneung Room", name_ko="홍릉 회의실", floor="GCB 3F")
    return bms, rep, founder, room


def test_startup_requests_and_the_bms_rep_accepts_in_person(page: Page, new_context, cast):
    _bms, rep, founder, room = cast
    day = next_weekday(1)

    # 1. The founder asks BMS for a consultation.
    sign_in_in_english(page, founder)
    page.goto("/partners/bms/")
    page.get_by_role("link", name="Request a consultation").click()
    page.get_by_label("Topic").fill(TOPIC)
    page.get_by_label("Therapeutic area").select_option(label="Oncology")
    page.get_by_label("What do you want from the partner?").fill("Feedback on our IND plan.")
    page.get_by_label("In person at the partnering office").check()
    page.locator("#id_time1_date").fill(day.isoformat())
    page.locator("#id_time1_start").select_option("10:00")
    page.locator("#id_time1_end").select_option("11:00")
    page.locator("#id_time2_date").fill(day.isoformat())
    page.locator("#id_time2_start").select_option("14:00")
    page.locator("#id_time2_end").select_option("15:00")
    page.locator("#id_deck").set_input_files(
        files=[
            {
                "name": "deck.pdf",
                "mimeType": "application/pdf",
                "buffer": b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n",
            }
        ]
    )
    page.get_by_role("button", name="Send the request").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TOPIC)
    expect(page.get_by_text("Your request has been sent to")).to_be_visible()
    consultation = ConsultationRequest.objects.get()

    # 2. The BMS rep, on their own browser, accepts the afternoon time in person.
    rep_page = new_context().new_page()
    sign_in_in_english(rep_page, rep)
    rep_page.goto("/partners/requests/")
    rep_page.get_by_role("link", name=TOPIC).click()
    afternoon = consultation.proposed_times.order_by("starts_at").last()
    rep_page.locator(f"input[name=accept-time][value='{afternoon.pk}']").check()
    rep_page.get_by_role("button", name="Accept", exact=True).click()
    expect(rep_page.get_by_text("The meeting is agreed.")).to_be_visible()
    expect(rep_page.get_by_text("Room: Hongneung Room (GCB 3F)")).to_be_visible()

    consultation.refresh_from_db()
    assert consultation.status == ConsultationStatus.ACCEPTED
    assert consultation.booking.room == room
    assert consultation.booking.status == BookingStatus.CONFIRMED
    assert consultation.starts_at == afternoon.starts_at

    # 3. Both see the meeting with the calendar link; the invitation downloads.
    for viewer in (rep_page, page):
        viewer.goto(consultation.get_absolute_url())
        expect(viewer.get_by_text("Room: Hongneung Room (GCB 3F)")).to_be_visible()
        link = viewer.get_by_role("link", name="Add to calendar (.ics)")
        expect(link).to_be_visible()
        with viewer.expect_download() as download:
            link.click()
        calendar = Calendar.from_ical(Path(download.value.path()).read_bytes())
        event = next(c for c in calendar.walk("VEVENT"))
        assert event["uid"] == f"consultation-{consultation.uid}@seoulbiohub.kr"
        assert "Hongneung Room" in str(event["location"])
        assert event.decoded("dtstart") == afternoon.starts_at
