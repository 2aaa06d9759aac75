"""partners' part of the personal data inventory (see core/privacy.py)."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.privacy import Category as C

_PARTNER = (
    "created_at updated_at name_ko name_en slug kind country website logo description_ko "
    "description_en is_programme_founder is_tenant is_published sort_order looking_for_ko "
    "looking_for_en office_location_ko office_location_en areas_of_interest"
)
_ROOM = (
    "created_at updated_at name_ko name_en slug floor capacity equipment_ko equipment_en photo "
    "open_to_startups open_to_partners requires_approval max_minutes horizon_days is_active "
    "sort_order"
)

FIELDS = {
    "partners.Partner": dict.fromkeys(_PARTNER.split()),
    "partners.PartnerMember": {
        "created_at": None,
        "updated_at": None,
        "partner": None,
        "user": C.IDENTITY,
        "role": C.BUSINESS,
    },
    "partners.OfficeHours": dict.fromkeys(["weekday", "starts", "ends", "partner"]),
    "partners.Room": dict.fromkeys(_ROOM.split()),
    "partners.OpeningHours": dict.fromkeys(["room", "weekday", "opens", "closes"]),
    "partners.ClosedDate": dict.fromkeys(["room", "date", "reason_ko", "reason_en"]),
    "partners.RoomBooking": {
        "created_at": None,
        "updated_at": None,
        "uid": None,
        "room": None,
        "booked_by": C.IDENTITY,
        "startup": None,
        "partner": None,
        "purpose": C.ATTENDANCE,
        "attendees": None,
        "starts_at": None,
        "ends_at": None,
        "status": None,
        "decided_by": None,
        "decided_at": None,
        "decline_reason": C.ATTENDANCE,
        "cancelled_at": None,
        "cancel_reason": C.ATTENDANCE,
        "sequence": None,
        "reminder_sent_at": None,
    },
    "partners.ConsultationRequest": {
        "created_at": None,
        "updated_at": None,
        "uid": None,
        "partner": None,
        "startup": None,
        "requested_by": C.IDENTITY,
        "topic": C.BUSINESS,
        "area": None,
        "ask": C.BUSINESS,
        "mode": None,
        "deck": C.DOCUMENTS,
        "deck_name": C.DOCUMENTS,
        "status": None,
        "starts_at": None,
        "ends_at": None,
        "booking": None,
        "video_link": C.ATTENDANCE,
        "partner_message": C.BUSINESS,
        "answered_by": None,
        "answered_at": None,
        "decline_reason": C.BUSINESS,
        "cancel_reason": C.BUSINESS,
        "sequence": None,
        "reminder_sent_at": None,
    },
    "partners.ProposedTime": dict.fromkeys(
        ["consultation", "proposed_by", "starts_at", "ends_at", "withdrawn", "created_at"]
    ),
    "partners.ConsultationOutcome": {
        "created_at": None,
        "updated_at": None,
        "consultation": None,
        "side": None,
        "outcome": None,
        "note": C.BUSINESS,
        "recorded_by": C.IDENTITY,
    },
}

OWNERS = {
    "partners.PartnerMember": {"user": None},
    "partners.RoomBooking": {"booked_by": None, "startup__members": None},
    "partners.ConsultationRequest": {"startup__members": None},
    "partners.ConsultationOutcome": {"recorded_by": None},
}

KEEPS = [
    (
        "partners.PartnerMember",
        "user",
        lambda: Q(),
        _("Partner representatives' accounts are closed by their organisation and the office."),
    ),
]
