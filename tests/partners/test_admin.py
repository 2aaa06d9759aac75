"""Staff's admin: approving and declining bookings, the per-partner summary, holidays."""

import datetime as dt
import io
from datetime import timedelta

import pytest
import time_machine
from django.contrib import messages
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.models import AuditEntry
from notifications.models import Notification
from partners import selectors, services
from partners.models import (
    BookingStatus,
    ClosedDate,
    ConsultationOutcome,
    ConsultationStatus,
)
from tests.factories import (
    PartnerFactory,
    PartnerMemberFactory,
    StaffFactory,
    StartupMembershipFactory,
    UserFactory,
)
from tests.partners.factories import (
    ClosedDateFactory,
    ConsultationRequestFactory,
    RoomBookingFactory,
    RoomFactory,
    next_weekday,
    seoul,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff():
    return StaffFactory()


def _pending(room, hour_from, hour_to, day):
    member = StartupMembershipFactory()
    return services.book_room(
        room,
        actor=member.user,
        startup=member.startup,
        starts_at=seoul(day, hour_from),
        ends_at=seoul(day, hour_to),
        purpose="Meeting",
        attendees=2,
    )


def test_approving_declines_the_overlapping_requests_each_told(client, staff):
    room = RoomFactory(requires_approval=True)
    day = next_weekday(1)
    first = _pending(room, 10, 11, day)
    rivals = [_pending(room, 10, 12, day), _pending(room, 9, 11, day)]
    apart = _pending(room, 14, 15, day)
    awaiting = Notification.objects.filter(
        recipient=staff, kind="partners.booking_awaiting_approval"
    )
    assert awaiting.count() == 4
    assert awaiting.get(key__contains=f":{first.pk}:").context["url"] == (
        f"/admin/partners/roombooking/{first.pk}/change/"
    )
    client.force_login(staff)
    client.post(
        "/admin/partners/roombooking/", {"action": "approve", "_selected_action": [first.pk]}
    )
    statuses = {b.pk: b.status for b in type(first).objects.all()}
    assert statuses == {
        first.pk: BookingStatus.CONFIRMED,
        rivals[0].pk: BookingStatus.DECLINED,
        rivals[1].pk: BookingStatus.DECLINED,
        apart.pk: BookingStatus.PENDING,
    }
    declined = Notification.objects.filter(kind="partners.booking_declined")
    told = {n.recipient_id: n.context["overlapped"] for n in declined}
    assert told == {rivals[0].booked_by_id: True, rivals[1].booked_by_id: True}
    confirmed = Notification.objects.filter(kind="partners.booking_confirmed")
    assert [n.recipient_id for n in confirmed] == [first.booked_by_id]


def test_declining_asks_for_a_reason_and_tells_the_booker(client, staff):
    room = RoomFactory(requires_approval=True)
    booking = _pending(room, 10, 11, next_weekday(1))
    client.force_login(staff)
    url = "/admin/partners/roombooking/"
    form = client.post(url, {"action": "decline", "_selected_action": [booking.pk]})
    assert form.status_code == 200  # the reason form
    booking.refresh_from_db()
    assert booking.status == BookingStatus.PENDING
    client.post(
        url,
        {
            "action": "decline",
            "_selected_action": [booking.pk],
            "apply": "1",
            "reason": "The room is being repainted.",
        },
    )
    booking.refresh_from_db()
    assert booking.status == BookingStatus.DECLINED
    assert booking.decline_reason == "The room is being repainted."
    told = Notification.objects.get(kind="partners.booking_declined")
    assert told.context["reason"] == "The room is being repainted."
    assert told.recipient == booking.booked_by


def test_declining_without_a_reason_declines_nothing(client, staff):
    room = RoomFactory(requires_approval=True)
    booking = _pending(room, 10, 11, next_weekday(1))
    client.force_login(staff)
    page = client.post(
        "/admin/partners/roombooking/",
        {"action": "decline", "_selected_action": [booking.pk], "apply": "1", "reason": " "},
    )
    assert page.status_code == 200
    assert list(page.context["form"].errors) == ["reason"]
    booking.refresh_from_db()
    assert booking.status == BookingStatus.PENDING
    assert Notification.objects.filter(kind="partners.booking_declined").count() == 0


def _summary_fixture():
    """One partner with an open request and a meeting held last month with both outcomes."""
    partner = PartnerFactory(name_en="Nordhavn", name_ko="노르드하븐", sort_order=1)
    ConsultationRequestFactory(partner=partner)
    held = ConsultationRequestFactory(partner=partner, mode="online")
    held.status = ConsultationStatus.ACCEPTED
    held.starts_at = seoul(next_weekday(1), 14) - timedelta(days=30)
    held.ends_at = held.starts_at + timedelta(hours=1)
    held.save()
    for side, outcome in (("partner", "nda"), ("startup", "follow_up")):
        ConsultationOutcome.objects.create(
            consultation=held, side=side, outcome=outcome, recorded_by=held.requested_by
        )
    coming = ConsultationRequestFactory(partner=partner)
    coming.status = ConsultationStatus.ACCEPTED
    coming.starts_at = seoul(next_weekday(1), 14)
    coming.ends_at = coming.starts_at + timedelta(hours=1)
    coming.save()
    ConsultationRequestFactory(partner=PartnerFactory(sort_order=2))
    return partner


def test_summary_counts_requests_meetings_and_outcomes(client, staff):
    partner = _summary_fixture()
    row = selectors.partner_summary().get(pk=partner.pk)
    assert (row.requests, row.accepted, row.held) == (3, 2, 1)
    outcomes = (row.outcome_follow_up, row.outcome_nda, row.outcome_material, row.outcome_no_fit)
    assert outcomes == (1, 1, 0, 0)
    client.force_login(staff)
    changelist = client.get("/admin/partners/partner/").content.decode()
    assert changelist.count('href="/admin/partners/partner/summary/"') == 1
    page = client.get("/admin/partners/partner/summary/")
    assert page.status_code == 200
    # Staff read Korean by default; outcome columns: follow-up, NDA, material, no fit.
    assert (
        '<tr><th scope="row">노르드하븐</th><td>3</td><td>2</td><td>1</td>'
        "<td>1</td><td>1</td><td>0</td><td>0</td></tr>"
    ) in page.content.decode()


def test_summary_downloads_as_csv(client, staff):
    _summary_fixture()
    client.force_login(staff)
    response = client.get("/admin/partners/partner/summary/?format=csv", HTTP_ACCEPT_LANGUAGE="en")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[1] == "노르드하븐,3,2,1,1,1,0,0"
    assert len(lines) == 3


def test_summary_queries_do_not_grow_with_partners(client, staff):
    _summary_fixture()
    client.force_login(staff)
    url = "/admin/partners/partner/summary/"
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for _n in range(5):
        _summary_fixture()
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few)


@pytest.mark.parametrize(
    "url",
    ["/admin/partners/partner/summary/", "/admin/partners/closeddate/holidays/"],
)
def test_staff_pages_refuse_staff_without_mfa_and_others(client, url):
    for user in (StaffFactory(mfa=False), StartupMembershipFactory().user):
        client.force_login(user)
        response = client.post(url, {"year": 2027})
        assert (response.status_code, response["Location"]) == (302, f"/admin/login/?next={url}")
    assert ClosedDate.objects.count() == 0


def test_public_holidays_are_added_once(client, staff):
    client.force_login(staff)
    changelist = client.get("/admin/partners/closeddate/").content.decode()
    assert changelist.count('href="/admin/partners/closeddate/holidays/"') == 1
    client.post("/admin/partners/closeddate/holidays/", {"year": 2027})
    days = dict(ClosedDate.objects.filter(room=None).values_list("date", "reason_ko"))
    assert days[dt.date(2027, 1, 1)] == "신정연휴"
    assert dt.date(2027, 2, 7) in days  # 설날
    count = len(days)
    assert AuditEntry.objects.filter(action="partners.closed_dates.holidays").count() == 1
    client.post("/admin/partners/closeddate/holidays/", {"year": 2027})
    assert ClosedDate.objects.count() == count
    assert AuditEntry.objects.filter(action="partners.closed_dates.holidays").count() == 1


def test_holidays_page_refuses_a_year_out_of_range(client, staff):
    client.force_login(staff)
    page = client.post("/admin/partners/closeddate/holidays/", {"year": 1999})
    assert page.status_code == 200
    assert ClosedDate.objects.count() == 0


def test_holidays_command_adds_the_year_once():
    out = io.StringIO()
    call_command("add_public_holidays", "--year", "2027", stdout=out)
    days = dict(ClosedDate.objects.filter(room=None).values_list("date", "reason_en"))
    assert dt.date(2027, 1, 1) in days
    assert dt.date(2027, 2, 7) in days  # 설날
    assert dt.date(2027, 10, 3) in days  # 개천절
    assert {d.year for d in days} == {2027}
    assert out.getvalue().startswith(f"{len(days)} public holidays of 2027")
    call_command("add_public_holidays", "--year", "2027", stdout=io.StringIO())
    assert ClosedDate.objects.count() == len(days)


CHANGELISTS = [
    "/admin/partners/partner/",
    "/admin/partners/partnermember/",
    "/admin/partners/room/",
    "/admin/partners/closeddate/",
    "/admin/partners/roombooking/",
    "/admin/partners/consultationrequest/",
    "/admin/partners/consultationoutcome/",
]


def _office_rows():
    """One of each kind of row, each with its own partner, startup, room and people."""
    PartnerMemberFactory()
    RoomBookingFactory(startup=StartupMembershipFactory().startup, partner=PartnerFactory())
    ClosedDateFactory(room=RoomFactory(), date=next_weekday(3, weeks=2))
    consultation = ConsultationRequestFactory()
    consultation.status = ConsultationStatus.ACCEPTED
    consultation.starts_at = seoul(next_weekday(1), 14) - timedelta(days=30)
    consultation.ends_at = consultation.starts_at + timedelta(hours=1)
    consultation.save()
    ConsultationOutcome.objects.create(
        consultation=consultation, side="startup", outcome="nda", recorded_by=UserFactory()
    )


@pytest.mark.parametrize("url", CHANGELISTS)
def test_changelist_queries_do_not_grow_with_rows(client, staff, url):
    _office_rows()
    ClosedDateFactory()
    client.force_login(staff)
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    for _n in range(4):
        _office_rows()
    with CaptureQueriesContext(connection) as many:
        page = client.get(url)
    assert page.status_code == 200
    assert len(many) == len(few)


def test_booking_and_consultation_pages_load(client, staff):
    booking = RoomBookingFactory()
    consultation = ConsultationRequestFactory()
    ConsultationOutcome.objects.create(
        consultation=consultation, side="partner", outcome="nda", recorded_by=UserFactory()
    )
    client.force_login(staff)
    for url in (
        f"/admin/partners/roombooking/{booking.pk}/change/",
        f"/admin/partners/room/{booking.room.pk}/change/",
        f"/admin/partners/partner/{consultation.partner.pk}/change/",
        f"/admin/partners/consultationrequest/{consultation.pk}/change/",
        f"/admin/partners/consultationoutcome/{consultation.outcomes.get().pk}/change/",
        "/admin/partners/partner/add/",
    ):
        assert client.get(url).status_code == 200, url


def test_a_booking_status_cannot_be_set_by_the_form(client, staff):
    booking = RoomBookingFactory(status=BookingStatus.PENDING)
    client.force_login(staff)
    client.post(
        f"/admin/partners/roombooking/{booking.pk}/change/",
        {"status": BookingStatus.CONFIRMED, "purpose": "Changed"},
    )
    booking.refresh_from_db()
    assert (booking.status, booking.purpose) == (BookingStatus.PENDING, "Team meeting")


def test_approving_a_booking_already_decided_says_why(client, staff):
    booking = RoomBookingFactory(status=BookingStatus.DECLINED)
    client.force_login(staff)
    page = client.post(
        "/admin/partners/roombooking/",
        {"action": "approve", "_selected_action": [booking.pk]},
        follow=True,
    )
    booking.refresh_from_db()
    assert booking.status == BookingStatus.DECLINED
    assert [m.level for m in page.context["messages"]] == [messages.ERROR]


def test_a_holiday_closes_the_office(staff):
    room = RoomFactory()
    services.add_public_holidays(year=2027)
    member = StartupMembershipFactory()
    new_year = dt.date(2027, 1, 1)
    with (
        time_machine.travel(dt.datetime(2026, 12, 28, 9, tzinfo=dt.UTC)),
        pytest.raises(services.BookingError) as refused,
    ):
        services.book_room(
            room,
            actor=member.user,
            startup=member.startup,
            starts_at=seoul(new_year, 10),
            ends_at=seoul(new_year, 11),
            purpose="New year",
            attendees=2,
        )
    assert refused.value.code == "closed"
