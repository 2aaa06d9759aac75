"""Every booking rule refuses with its own reason, and nothing is written."""

from datetime import timedelta

import pytest
from django.utils import timezone, translation

from partners import services
from partners.models import BookingStatus, RoomBooking
from partners.services import BookingError
from tests.factories import PartnerMemberFactory, StaffFactory, StartupMembershipFactory
from tests.partners.factories import (
    ClosedDateFactory,
    RoomBookingFactory,
    RoomFactory,
    next_weekday,
    seoul,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def member():
    return StartupMembershipFactory()


def book(room, member, start, end, *, attendees=2, actor=None, **extra):
    return services.book_room(
        room,
        actor=actor or member.user,
        startup=extra.pop("startup", member.startup),
        starts_at=start,
        ends_at=end,
        purpose="Meeting",
        attendees=attendees,
        **extra,
    )


TUESDAY = next_weekday(1)


@pytest.mark.parametrize(
    ("start", "end", "code", "words"),
    [
        (seoul(TUESDAY, 8), seoul(TUESDAY, 9), "hours", "open from 09:00 to 18:00"),
        (seoul(TUESDAY, 17, 30), seoul(TUESDAY, 18, 30), "hours", "open from 09:00 to 18:00"),
        (seoul(next_weekday(5), 10), seoul(next_weekday(5), 11), "hours", "not open"),
        (seoul(TUESDAY, 10, 15), seoul(TUESDAY, 11), "step", "half hour"),
        (seoul(TUESDAY, 11), seoul(TUESDAY, 10), "order", "end after"),
        (seoul(TUESDAY, 9), seoul(TUESDAY, 12), "too_long", "120 minutes"),
        (
            seoul(next_weekday(1, weeks=6), 10),
            seoul(next_weekday(1, weeks=6), 11),
            "horizon",
            "30 days",
        ),
    ],
)
def test_each_rule_refuses_with_its_reason(member, start, end, code, words):
    room = RoomFactory()
    with pytest.raises(BookingError) as refused:
        book(room, member, start, end)
    assert refused.value.code == code
    assert words in str(refused.value)
    assert not RoomBooking.objects.exists()


def test_over_capacity(member):
    room = RoomFactory(capacity=4)
    with pytest.raises(BookingError) as refused:
        book(room, member, seoul(TUESDAY, 10), seoul(TUESDAY, 11), attendees=5)
    assert (refused.value.code, "at most 4 people" in str(refused.value)) == ("capacity", True)


def test_in_the_past(member):
    room = RoomFactory()
    past = timezone.now() - timedelta(days=2)
    with pytest.raises(BookingError) as refused:
        book(room, member, past, past + timedelta(hours=1))
    assert refused.value.code == "past"


@pytest.mark.parametrize("whole_office", [True, False])
def test_a_closed_date_names_its_reason(member, whole_office):
    room = RoomFactory()
    ClosedDateFactory(date=TUESDAY, room=None if whole_office else room, reason_en="Chuseok")
    with translation.override("en"), pytest.raises(BookingError) as refused:
        book(room, member, seoul(TUESDAY, 10), seoul(TUESDAY, 11))
    assert refused.value.code == "closed"
    assert "Chuseok" in str(refused.value)


def test_a_room_closed_on_its_own_leaves_the_others_open(member):
    closed, other = RoomFactory(), RoomFactory()
    ClosedDateFactory(date=TUESDAY, room=closed)
    assert book(other, member, seoul(TUESDAY, 10), seoul(TUESDAY, 11)).status == "confirmed"


def test_taken(member):
    room = RoomFactory()
    RoomBookingFactory(room=room, starts_at=seoul(TUESDAY, 10), ends_at=seoul(TUESDAY, 11))
    with pytest.raises(BookingError) as refused:
        book(room, member, seoul(TUESDAY, 10, 30), seoul(TUESDAY, 11, 30))
    assert refused.value.code == "taken"


def test_who_may_book(member):
    startups_closed = RoomFactory(open_to_startups=False)
    with pytest.raises(BookingError) as refused:
        book(startups_closed, member, seoul(TUESDAY, 10), seoul(TUESDAY, 11))
    assert refused.value.code == "not_allowed"
    stranger = StartupMembershipFactory()
    with pytest.raises(BookingError):  # not a member of the startup it books for
        book(RoomFactory(), member, seoul(TUESDAY, 10), seoul(TUESDAY, 11), actor=stranger.user)
    rep = PartnerMemberFactory()
    booking = services.book_room(
        startups_closed,
        actor=rep.user,
        partner=rep.partner,
        starts_at=seoul(TUESDAY, 10),
        ends_at=seoul(TUESDAY, 11),
        purpose="Partner meeting",
        attendees=3,
    )
    assert booking.status == BookingStatus.CONFIRMED


def test_staff_may_book_long_and_far_ahead():
    room = RoomFactory()
    far = next_weekday(1, weeks=8)
    booking = services.book_room(
        room,
        actor=StaffFactory(),
        starts_at=seoul(far, 9),
        ends_at=seoul(far, 17),
        purpose="Symposium prep",
        attendees=6,
    )
    assert booking.status == BookingStatus.CONFIRMED


def test_opening_hours_are_seoul_time_whatever_zone_is_active(member, settings):
    room = RoomFactory()
    with timezone.override("America/New_York"):
        booking = book(room, member, seoul(TUESDAY, 9), seoul(TUESDAY, 10))
    assert booking.status == BookingStatus.CONFIRMED


def test_approval_room_takes_pending_requests_that_may_overlap(member):
    room = RoomFactory(requires_approval=True)
    first = book(room, member, seoul(TUESDAY, 10), seoul(TUESDAY, 11))
    other = StartupMembershipFactory()
    second = book(room, other, seoul(TUESDAY, 10), seoul(TUESDAY, 11))
    assert (first.status, second.status) == (BookingStatus.PENDING, BookingStatus.PENDING)
    staff = StaffFactory()
    services.approve_booking(second, actor=staff)
    first.refresh_from_db()
    assert first.status == BookingStatus.DECLINED
    with pytest.raises(BookingError):
        services.approve_booking(first, actor=staff)
    with pytest.raises(BookingError) as refused:
        services.approve_booking(second, actor=member.user)
    assert refused.value.code == "not_allowed"
