"""Every change in the partnering office goes through these services."""

from partners.services.common import BookingError, ConsultationError
from partners.services.consultation_checks import check_times
from partners.services.consultations import (
    accept_consultation,
    cancel_consultation,
    decline_consultation,
    offer_new_times,
    propose_time,
    record_outcome,
    request_consultation,
    withdraw_consultation,
)
from partners.services.decks import delete_orphan_decks
from partners.services.holidays import add_public_holidays
from partners.services.reminders import send_due_reminders
from partners.services.rooms import (
    approve_booking,
    book_room,
    cancel_booking,
    check_booking,
    decline_booking,
)

__all__ = [
    "BookingError",
    "ConsultationError",
    "accept_consultation",
    "add_public_holidays",
    "approve_booking",
    "book_room",
    "cancel_booking",
    "cancel_consultation",
    "check_booking",
    "check_times",
    "decline_booking",
    "decline_consultation",
    "delete_orphan_decks",
    "offer_new_times",
    "propose_time",
    "record_outcome",
    "request_consultation",
    "send_due_reminders",
    "withdraw_consultation",
]
