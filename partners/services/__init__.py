"""Every change in the partnering office goes through these services."""

from partners.services.common import BookingError, ConsultationError
from partners.services.consultations import (
    accept_consultation,
    cancel_consultation,
    check_times,
    consultation_ics,
    decline_consultation,
    delete_orphan_decks,
    offer_new_times,
    propose_time,
    record_outcome,
    request_consultation,
    withdraw_consultation,
)
from partners.services.holidays import add_public_holidays
from partners.services.reminders import send_due_reminders
from partners.services.rooms import (
    approve_booking,
    book_room,
    booking_ics,
    cancel_booking,
    check_booking,
    closure_on,
    decline_booking,
    opening_window,
)

__all__ = [
    "BookingError",
    "ConsultationError",
    "accept_consultation",
    "add_public_holidays",
    "approve_booking",
    "book_room",
    "booking_ics",
    "cancel_booking",
    "cancel_consultation",
    "check_booking",
    "check_times",
    "closure_on",
    "consultation_ics",
    "decline_booking",
    "decline_consultation",
    "delete_orphan_decks",
    "offer_new_times",
    "opening_window",
    "propose_time",
    "record_outcome",
    "request_consultation",
    "send_due_reminders",
    "withdraw_consultation",
]
