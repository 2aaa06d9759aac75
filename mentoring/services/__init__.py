"""Every write of coaching: engagements, availability, booking, changes, notes, feedback.

Booking is checked in Python for the friendly message (free slot, notice, horizon, allotment,
no overlap) and, on PostgreSQL, made race-proof by exclusion constraints on the session's time
range per coach and per startup (migration 0003): an IntegrityError from them becomes the
same "this slot was just taken" message.
"""

from mentoring.services.after import (
    give_feedback,
    record_outcome,
    save_notes,
    send_due_reminders,
)
from mentoring.services.availability import (
    availability_slots,
    engagement_period,
    free_slots,
    save_availability,
    start_engagement,
)
from mentoring.services.booking import (
    book_session,
    cancel_session,
    reschedule_session,
    session_ics,
    sessions_counted,
)
from mentoring.services.common import CUTOFF, REMINDER_AHEAD, BookingError

__all__ = [
    "CUTOFF",
    "REMINDER_AHEAD",
    "BookingError",
    "availability_slots",
    "book_session",
    "cancel_session",
    "engagement_period",
    "free_slots",
    "give_feedback",
    "record_outcome",
    "reschedule_session",
    "save_availability",
    "save_notes",
    "send_due_reminders",
    "session_ics",
    "sessions_counted",
    "start_engagement",
]
