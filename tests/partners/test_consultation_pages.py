"""The consultation pages end to end through the test client: request, answer, meet."""

from datetime import timedelta

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from notifications.models import Notification
from partners.models import BookingStatus, ConsultationRequest, ConsultationStatus, RoomBooking
from tests.factories import (
    PartnerFactory,
    PartnerMemberFactory,
    StartupMembershipFactory,
    TherapeuticAreaFactory,
    UserFactory,
)
from tests.partners.factories import ConsultationRequestFactory, RoomFactory, next_weekday

pytestmark = pytest.mark.django_db


def pdf(name="deck.pdf"):
    return SimpleUploadedFile(name, b"%PDF-1.7\n" + b"0" * 2048 + b"\n%%EOF\n", "application/pdf")


@pytest.fixture
def bms():
    partner = PartnerFactory(slug="bms", name_en="Bristol Myers Squibb")
    rep = PartnerMemberFactory(partner=partner, user=UserFactory(language="en")).user
    return partner, rep


@pytest.fixture
def founder():
    membership = StartupMembershipFactory(user=UserFactory(language="ko"))
    return membership.user, membership.startup


def _request_data(area, day, **extra):
    return {
        "topic": "PD-1 bispecific",
        "area": area.pk,
        "ask": "Feedback on our IND plan.",
        "mode": "in_person",
        "time1_date": day.isoformat(),
        "time1_start": "14:00",
        "time1_end": "15:00",
        **extra,
    }


def test_a_founder_requests_and_the_rep_accepts_in_person(client, bms, founder):
    partner, rep = bms
    user, _startup = founder
    room = RoomFactory()
    area = TherapeuticAreaFactory()
    day = next_weekday(1)
    client.force_login(user)
    page = client.get(f"/partners/{partner.slug}/consult/")
    assert page.status_code == 200
    data = _request_data(area, day, deck=pdf())  # one startup: not asked
    response = client.post(f"/partners/{partner.slug}/consult/", data)
    consultation = ConsultationRequest.objects.get()
    assert response.status_code == 302
    assert response["Location"] == consultation.get_absolute_url()
    assert consultation.deck_name == "deck.pdf"
    assert Notification.objects.filter(
        recipient=rep, kind="partners.consultation_requested", language="en"
    ).exists()

    client.force_login(rep)
    detail = client.get(consultation.get_absolute_url())
    assert b"Accept a time" in detail.content
    time = consultation.proposed_times.get()
    response = client.post(
        f"/partners/requests/{consultation.pk}/accept/", {"accept-time": time.pk}
    )
    assert response.status_code == 302
    consultation.refresh_from_db()
    assert consultation.status == ConsultationStatus.ACCEPTED
    assert consultation.booking.room == room
    assert consultation.booking.status == BookingStatus.CONFIRMED
    page = client.get(consultation.get_absolute_url())
    assert f"/partners/requests/{consultation.pk}.ics".encode() in page.content
    ics = client.get(f"/partners/requests/{consultation.pk}.ics")
    assert ics["Content-Type"].startswith("text/calendar")
    assert room.name_en.encode() in ics.content
    invited = Notification.objects.filter(kind="partners.consultation_accepted")
    assert {n.recipient for n in invited} == {rep, user}
    assert all("BEGIN:VCALENDAR" in n.context["ics"] for n in invited)

    client.force_login(user)
    assert (
        f"/partners/requests/{consultation.pk}.ics".encode()
        in client.get(consultation.get_absolute_url()).content
    )


def test_a_refused_request_shows_the_reason_and_saves_nothing(client, bms, founder):
    partner, _rep = bms
    user, startup = founder
    client.force_login(user)
    tomorrow_morning = next_weekday(1) - timedelta(days=30)  # in the past
    data = _request_data(TherapeuticAreaFactory(), tomorrow_morning, startup=startup.pk)
    response = client.post(f"/partners/{partner.slug}/consult/", data)
    assert response.status_code == 200
    assert b"24" in response.content
    assert not ConsultationRequest.objects.exists()


def test_other_partners_rep_gets_404_everywhere(client, bms):
    partner, _rep = bms
    consultation = ConsultationRequestFactory(partner=partner)
    stranger = PartnerMemberFactory().user
    client.force_login(stranger)
    base = f"/partners/requests/{consultation.pk}"
    assert client.get(f"{base}/").status_code == 404
    assert client.get(f"{base}.ics").status_code == 404
    assert client.get(f"{base}/deck/").status_code == 404
    for action in ("accept", "propose", "decline", "withdraw", "cancel", "outcome", "times"):
        assert client.post(f"{base}/{action}/", {}).status_code == 404
    assert consultation.topic.encode() not in client.get("/partners/requests/").content


def test_a_startup_sees_only_its_own_requests(client, founder):
    user, startup = founder
    mine = ConsultationRequestFactory(startup=startup, topic="Ours")
    ConsultationRequestFactory(topic="Someone else's")
    client.force_login(user)
    page = client.get("/partners/requests/")
    assert b"Ours" in page.content
    assert b"Someone else's" not in page.content
    assert client.get(mine.get_absolute_url()).status_code == 200


def test_after_the_meeting_both_sides_record_an_outcome(client, bms, founder):
    partner, rep = bms
    user, startup = founder
    consultation = ConsultationRequestFactory(partner=partner, startup=startup, mode="online")
    time = consultation.proposed_times.get()
    client.force_login(rep)
    client.post(
        f"/partners/requests/{consultation.pk}/accept/",
        {"accept-time": time.pk, "accept-video_link": "https://meet.example.com/x"},
    )
    consultation.refresh_from_db()
    assert consultation.status == ConsultationStatus.ACCEPTED
    early = client.post(
        f"/partners/requests/{consultation.pk}/outcome/", {"outcome-outcome": "nda"}
    )
    assert early.status_code == 200  # the page again, with the reason
    assert b"once the meeting has taken place" in early.content
    assert not consultation.outcomes.exists()
    with time_machine.travel(consultation.ends_at + timedelta(hours=1)):
        client.force_login(rep)  # sessions last 12 hours
        response = client.post(
            f"/partners/requests/{consultation.pk}/outcome/", {"outcome-outcome": "nda"}
        )
        assert response["Location"] == consultation.get_absolute_url()
        client.force_login(user)
        client.post(
            f"/partners/requests/{consultation.pk}/outcome/", {"outcome-outcome": "follow_up"}
        )
    assert sorted(consultation.outcomes.values_list("side", "outcome")) == [
        ("partner", "nda"),
        ("startup", "follow_up"),
    ]


def test_cancelling_frees_the_room(client, bms, founder):
    partner, rep = bms
    user, startup = founder
    RoomFactory()
    consultation = ConsultationRequestFactory(partner=partner, startup=startup)
    client.force_login(rep)
    client.post(
        f"/partners/requests/{consultation.pk}/accept/",
        {"accept-time": consultation.proposed_times.get().pk},
    )
    client.force_login(user)
    response = client.post(
        f"/partners/requests/{consultation.pk}/cancel/", {"cancel-reason": "Ill"}
    )
    assert response.status_code == 302
    assert RoomBooking.objects.get().status == BookingStatus.CANCELLED
