"""The office page and booking through the test client."""

import re
from datetime import date, datetime, timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from partners.models import BookingStatus, RoomBooking
from tests.factories import StartupMembershipFactory, UserFactory
from tests.partners.factories import (
    SEOUL,
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


def book_links(page: str, room) -> list[str]:
    return re.findall(
        rf'href="/partners/office/{room.slug}/book/\?date=[^"&]*&amp;start=([0-9:]+)"', page
    )


def blocks(page: str) -> list[tuple[str, str]]:
    """(times, kind) of each block on the page, in order."""
    return [
        (times, kind)
        for kind, times in re.findall(
            r'office-block-(\w+) py-1">\s*<span class="fw-semibold">([^<]+)</span>', page
        )
    ]


def test_past_time_today_is_not_offered_and_the_rest_starts_at_the_next_step(client, founder):
    user, _startup = founder
    room = RoomFactory()
    tuesday = date(2026, 3, 10)
    RoomBookingFactory(room=room, starts_at=seoul(tuesday, 9), ends_at=seoul(tuesday, 10))
    RoomBookingFactory(room=room, starts_at=seoul(tuesday, 11), ends_at=seoul(tuesday, 12))
    client.force_login(user)

    with time_machine.travel(seoul(tuesday, 13, 10), tick=False):
        page = client.get("/partners/office/?date=2026-03-10").content.decode()

    # 10:00–11:00 ended, 12:00–18:00 began: only 13:30–18:00 can still be booked.
    assert book_links(page, room) == ["13:30"]
    assert blocks(page) == [
        ("09:00–10:00", "busy"),
        ("10:00–11:00", "past"),
        ("11:00–12:00", "busy"),
        ("12:00–13:30", "past"),
        ("13:30–18:00", "free"),
    ]


def test_on_a_step_the_free_block_starts_now_and_tomorrow_is_whole(client, founder):
    user, _startup = founder
    room = RoomFactory()
    tuesday = date(2026, 3, 10)
    client.force_login(user)

    with time_machine.travel(seoul(tuesday, 15, 0), tick=False):
        page = client.get("/partners/office/?date=2026-03-10&view=week").content.decode()

    # Monday is over; Tuesday from 15:00; Wednesday to Friday whole days.
    assert book_links(page, room) == ["15:00", "09:00", "09:00", "09:00"]


def test_after_closing_time_nothing_today_is_bookable(client, founder):
    user, _startup = founder
    room = RoomFactory()
    client.force_login(user)

    with time_machine.travel(seoul(date(2026, 3, 10), 17, 45), tick=False):
        page = client.get("/partners/office/?date=2026-03-10").content.decode()

    assert book_links(page, room) == []
    assert blocks(page) == [("09:00–18:00", "past")]


def test_a_viewer_abroad_sees_their_zone_named_and_ranges_over_midnight_with_both_dates(client):
    # Wednesday 7 January 2026, open 09:00–18:00 KST: from 19:00 on Tuesday to 04:00 on
    # Wednesday in New York.
    with time_machine.travel(datetime(2026, 1, 5, 9, tzinfo=SEOUL), tick=False):
        client.force_login(UserFactory(language="en", time_zone="America/New_York"))
        RoomFactory()
        page = client.get("/partners/office/?date=2026-01-07").content.decode()

    assert "Times in brackets are in your own time zone: Eastern Time (EST/EDT)." in page
    assert "(Tue 6 Jan 2026, 19:00 – Wed 7 Jan 2026, 04:00 EST)" in page
    assert "America/New_York" not in page


@pytest.mark.parametrize(
    ("change", "field"),
    [({"date": ""}, "date"), ({"start": "11:00", "end": "10:00"}, "end")],
)
def test_a_range_half_given_or_backwards_is_refused_by_the_form_beside_its_field(
    client, founder, change, field
):
    user, _startup = founder
    client.force_login(user)
    response = _book(client, RoomFactory(), next_weekday(1), **change)
    form = response.context["form"]
    assert (form.non_field_errors(), bool(form.errors[field])) == ([], True)
    assert not RoomBooking.objects.exists()
