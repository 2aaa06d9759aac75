"""The partnering office's part of `seed_demo`: what it creates, and that a second run changes
nothing."""

import io

import pytest
from django.apps import apps
from django.core.management import call_command
from django.utils import timezone

from partners.models import (
    BookingStatus,
    ClosedDate,
    ConsultationOutcome,
    ConsultationRequest,
    ConsultationStatus,
    MeetingMode,
    OfficeHours,
    OpeningHours,
    Partner,
    PartnerMember,
    ProposedTime,
    Room,
    RoomBooking,
)

pytestmark = pytest.mark.django_db

PARTNER_MODELS = [
    Partner,
    PartnerMember,
    OfficeHours,
    Room,
    OpeningHours,
    ClosedDate,
    RoomBooking,
    ConsultationRequest,
    ProposedTime,
    ConsultationOutcome,
]


def _seed():
    call_command("seed_demo", stdout=io.StringIO())


def _row_counts() -> dict[str, int]:
    """Rows of every model of our apps (the demo touches accounts, notifications, audit...)."""
    ours = {"accounts", "core", "notifications", "challenges", "mentoring", "events", "partners"}
    return {
        model._meta.label: model.objects.count()
        for model in apps.get_models()
        if model._meta.app_label in ours
    }


def _partner_rows() -> dict[str, list[dict]]:
    return {model.__name__: list(model.objects.order_by("pk").values()) for model in PARTNER_MODELS}


@pytest.fixture
def seeded():
    _seed()


def test_seed_demo_twice_changes_nothing(seeded):
    counts, rows = _row_counts(), _partner_rows()
    _seed()
    assert _row_counts() == counts
    assert _partner_rows() == rows


def test_demo_has_the_programme_partners_and_two_tenants(seeded):
    published = dict(Partner.objects.filter(is_published=True).values_list("slug", "is_tenant"))
    assert published == {
        "seoul": False,
        "bms": False,
        "khidi": False,
        "nordhavn": True,
        "helvetia": True,
    }
    bms = Partner.objects.get(slug="bms")
    assert bms.office_location_en == "GCB 3F BMS partnering office"
    assert bms.looking_for_ko != ""
    assert list(bms.office_hours.values_list("weekday", flat=True).order_by("weekday")) == [1, 3]
    reps = dict(PartnerMember.objects.values_list("user__email", "partner__slug"))
    assert reps["partner@demo.seoulbiohub.kr"] == "bms"
    assert reps["nordhavn@demo.seoulbiohub.kr"] == "nordhavn"
    assert reps["helvetia@demo.seoulbiohub.kr"] == "helvetia"


def test_demo_rooms_hours_and_holidays(seeded):
    rooms = {
        r.slug: (r.capacity, r.requires_approval, r.max_minutes)
        for r in Room.objects.filter(slug__in=["hongneung", "cheongnyang", "boardroom"])
    }
    assert rooms == {
        "hongneung": (8, False, 120),
        "cheongnyang": (4, False, 120),
        "boardroom": (16, True, 240),
    }
    saturday = OpeningHours.objects.get(room__slug="hongneung", weekday=5)
    assert (saturday.opens.hour, saturday.closes.hour) == (10, 14)
    weekdays = OpeningHours.objects.filter(room__slug="boardroom").values_list("weekday", flat=True)
    assert sorted(weekdays) == [0, 1, 2, 3, 4]
    year = timezone.localdate().year
    for y in (year, year + 1):
        new_year = ClosedDate.objects.get(room=None, date__year=y, date__month=1, date__day=1)
        assert new_year.reason_ko.startswith("신정")


def test_demo_consultations_of_the_founder_with_bms(seeded):
    bms_requests = ConsultationRequest.objects.filter(partner__slug="bms")
    now = timezone.now()
    statuses = sorted(
        (c.status, c.mode, c.ends_at is not None and c.ends_at <= now) for c in bms_requests
    )
    assert statuses == [
        (ConsultationStatus.ACCEPTED, MeetingMode.IN_PERSON, False),
        (ConsultationStatus.ACCEPTED, MeetingMode.IN_PERSON, True),
        (ConsultationStatus.REQUESTED, MeetingMode.IN_PERSON, False),
    ]
    for accepted in bms_requests.filter(status=ConsultationStatus.ACCEPTED):
        assert accepted.booking.status == BookingStatus.CONFIRMED
        assert (accepted.booking.starts_at, accepted.booking.ends_at) == (
            accepted.starts_at,
            accepted.ends_at,
        )
    held = bms_requests.get(ends_at__lte=now)
    assert dict(held.outcomes.values_list("side", "outcome")) == {
        "partner": "follow_up",
        "startup": "nda",
    }
    online = ConsultationRequest.objects.get(partner__slug="nordhavn")
    assert (online.status, online.mode, online.booking) == (
        ConsultationStatus.ACCEPTED,
        MeetingMode.ONLINE,
        None,
    )
    pending = RoomBooking.objects.get(room__slug="boardroom")
    assert pending.status == BookingStatus.PENDING  # something for staff to approve
