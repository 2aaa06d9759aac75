"""Staff's admin: approving and declining bookings, the per-partner summary, holidays."""

import datetime as dt
from datetime import timedelta

import pytest
import time_machine

from notifications.models import Notification
from partners import selectors, services
from partners.models import BookingStatus, ClosedDate, ConsultationOutcome, ConsultationStatus
from tests.factories import PartnerFactory, StaffFactory, StartupMembershipFactory
from tests.partners.factories import (
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
    rival = _pending(room, 10, 12, day)
    apart = _pending(room, 14, 15, day)
    assert (
        Notification.objects.filter(
            recipient=staff, kind="partners.booking_awaiting_approval"
        ).count()
        == 3
    )
    client.force_login(staff)
    client.post(
        "/admin/partners/roombooking/", {"action": "approve", "_selected_action": [first.pk]}
    )
    statuses = {b.pk: b.status for b in type(first).objects.all()}
    assert statuses == {
        first.pk: BookingStatus.CONFIRMED,
        rival.pk: BookingStatus.DECLINED,
        apart.pk: BookingStatus.PENDING,
    }
    told = Notification.objects.get(recipient=rival.booked_by, kind="partners.booking_declined")
    assert told.context["overlapped"] is True
    assert Notification.objects.filter(
        recipient=first.booked_by, kind="partners.booking_confirmed"
    ).exists()


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


def test_summary_counts_requests_meetings_and_outcomes(client, staff):
    partner = PartnerFactory(name_en="Nordhavn", name_ko="노르드하븐")
    ConsultationRequestFactory(partner=partner)
    held = ConsultationRequestFactory(partner=partner, mode="online")
    held.status = ConsultationStatus.ACCEPTED
    held.starts_at = seoul(next_weekday(1), 14) - timedelta(days=30)
    held.ends_at = held.starts_at + timedelta(hours=1)
    held.save()
    for side, outcome in (("partner", "nda"), ("startup", "nda")):
        ConsultationOutcome.objects.create(
            consultation=held, side=side, outcome=outcome, recorded_by=held.requested_by
        )
    row = selectors.partner_summary().get(pk=partner.pk)
    assert (row.requests, row.accepted, row.held, row.outcome_nda, row.outcome_no_fit) == (
        2,
        1,
        1,
        2,
        0,
    )
    client.force_login(staff)
    page = client.get("/admin/partners/partner/summary/")
    assert page.status_code == 200
    assert "노르드하븐" in page.content.decode()  # staff read Korean by default


def test_public_holidays_are_added_once(client, staff):
    client.force_login(staff)
    client.post("/admin/partners/closeddate/holidays/", {"year": 2027})
    days = dict(ClosedDate.objects.filter(room=None).values_list("date", "reason_ko"))
    assert days[dt.date(2027, 1, 1)] == "신정연휴"
    assert dt.date(2027, 2, 7) in days  # 설날
    count = len(days)
    assert services.add_public_holidays(year=2027) == 0
    assert ClosedDate.objects.count() == count


def test_admin_lists_load(client, staff):
    RoomBookingFactory()
    ConsultationRequestFactory()
    client.force_login(staff)
    for url in (
        "/admin/partners/partner/",
        "/admin/partners/room/",
        "/admin/partners/roombooking/",
        "/admin/partners/consultationrequest/",
        "/admin/partners/consultationoutcome/",
        "/admin/partners/closeddate/",
    ):
        assert client.get(url).status_code == 200, url


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
