"""The office page and booking through the test client."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from partners.models import BookingStatus, RoomBooking
from tests.factories import StartupMembershipFactory, UserFactory
from tests.partners.factories import (
    ClosedDateFactory,
    RoomBookingFactory,
    RoomFactory,
    next_weekday,
    seoul,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def founder():
    membership = StartupMembershipFactory(user=UserFactory(language="en"))
    return membership.user, membership.startup


def _book(client, room, day, start="10:00", end="11:00", **extra):
    data = {
        "date": day.isoformat(),
        "start": start,
        "end": end,
        "purpose": "Investor meeting",
        "attendees": 3,
        **extra,
    }
    return client.post(f"/partners/office/{room.slug}/book/", data)


def test_the_busy_view_never_reveals_another_booker(client, founder):
    user, _startup = founder
    room = RoomFactory()
    day = next_weekday(1)
    other = StartupMembershipFactory(
        user=UserFactory(name="Secret Booker", email="secret.booker@example.kr"),
        startup__name="Hidden Startup",
    )
    RoomBookingFactory(
        room=room,
        booked_by=other.user,
        startup=other.startup,
        purpose="Confidential licensing talk",
        starts_at=seoul(day, 10),
        ends_at=seoul(day, 11),
    )
    client.force_login(user)
    page = client.get(f"/partners/office/?date={day.isoformat()}").content.decode()
    assert "Booked" in page
    assert "10:00–11:00" in page
    for secret in ("Secret Booker", "secret.booker", "Confidential licensing", "Hidden Startup"):
        assert secret not in page


def test_own_bookings_show_as_yours_and_closed_dates_with_reason(client, founder):
    user, startup = founder
    room = RoomFactory(name_en="Hongneung Room")
    day = next_weekday(1)
    RoomBookingFactory(
        room=room, booked_by=user, startup=startup, starts_at=seoul(day, 13), ends_at=seoul(day, 14)
    )
    # The day after, in the same week: next_weekday(2) is a week earlier on a Monday.
    ClosedDateFactory(date=day + timedelta(days=1), reason_en="Foundation Day")
    client.force_login(user)
    page = client.get(f"/partners/office/?date={day.isoformat()}&view=week").content.decode()
    assert "Your booking" in page
    assert "Foundation Day" in page


def test_office_page_queries_do_not_grow_with_bookings(client, founder):
    user, _startup = founder
    room = RoomFactory()
    day = next_weekday(1)
    url = f"/partners/office/?date={day.isoformat()}&view=week"
    client.force_login(user)
    RoomBookingFactory(room=room, starts_at=seoul(day, 9), ends_at=seoul(day, 10))
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for hour in range(10, 17):
        RoomBookingFactory(room=room, starts_at=seoul(day, hour), ends_at=seoul(day, hour + 1))
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(one)


def test_a_founder_books_a_free_range(client, founder):
    user, startup = founder
    room = RoomFactory()
    client.force_login(user)
    response = _book(client, room, next_weekday(1))
    booking = RoomBooking.objects.get()
    assert response["Location"] == booking.get_absolute_url()
    assert booking.status == BookingStatus.CONFIRMED
    assert booking.startup == startup
    ics = client.get(f"/partners/office/bookings/{booking.pk}.ics")
    assert ics["Content-Type"].startswith("text/calendar")
    assert f"room-booking-{booking.uid}" in ics.content.decode()


def test_a_room_needing_approval_takes_a_request(client, founder):
    user, _startup = founder
    room = RoomFactory(requires_approval=True)
    client.force_login(user)
    _book(client, room, next_weekday(1))
    assert RoomBooking.objects.get().status == BookingStatus.PENDING


@pytest.mark.parametrize(
    ("change", "words"),
    [
        ({"start": "07:00", "end": "08:00"}, "open from 09:00 to 18:00"),
        ({"attendees": 30}, "at most 8"),
        ({"start": "09:00", "end": "12:00"}, "at most 120 minutes"),
    ],
)
def test_a_refused_booking_says_why_and_saves_nothing(client, founder, change, words):
    user, _startup = founder
    room = RoomFactory()
    client.force_login(user)
    response = _book(client, room, next_weekday(1), **change)
    assert response.status_code == 200
    assert words in response.content.decode()
    assert not RoomBooking.objects.exists()


def test_a_taken_range_is_refused_and_freed_by_cancelling(client, founder):
    user, _startup = founder
    room = RoomFactory()
    day = next_weekday(1)
    other = StartupMembershipFactory()
    client.force_login(other.user)
    _book(client, room, day)
    first = RoomBooking.objects.get()
    client.force_login(user)
    refused = _book(client, room, day)
    assert "already booked" in refused.content.decode()
    client.force_login(other.user)
    client.post(f"/partners/office/bookings/{first.pk}/cancel/", {"reason": ""})
    client.force_login(user)
    _book(client, room, day)
    assert RoomBooking.objects.filter(status=BookingStatus.CONFIRMED).count() == 1


def test_booking_needs_a_startup_or_partner(client):
    room = RoomFactory()
    client.force_login(UserFactory())
    assert client.get(f"/partners/office/{room.slug}/book/").status_code == 403
    assert client.get("/partners/office/").status_code == 200


def test_another_users_booking_is_404(client, founder):
    user, _startup = founder
    booking = RoomBookingFactory()
    client.force_login(user)
    assert client.get(booking.get_absolute_url()).status_code == 404
    assert client.get(f"/partners/office/bookings/{booking.pk}.ics").status_code == 404
