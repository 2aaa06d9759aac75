"""Every write of coaching: engagements, availability, booking, changes, notes, feedback.

Booking is checked in Python for the friendly message (free slot, notice, horizon, allotment,
no overlap) and, on PostgreSQL, made race-proof by exclusion constraints on the session's time
range per coach and per startup (migration 0003): an IntegrityError from them becomes the
same "this slot was just taken" message. The reads the services share with the pages (free
slots, sessions used) are in mentoring.selectors; the calendar event in mentoring.calendar.
"""

from mentoring.services.assessments import submit_assessment
from mentoring.services.availability import save_availability
from mentoring.services.booking import book_session, cancel_session, reschedule_session
from mentoring.services.common import (
    AssessmentError,
    BookingError,
    EngagementError,
    FollowUpError,
)
from mentoring.services.engagements import start_engagement
from mentoring.services.follow_up import give_feedback, record_outcome, save_notes
from mentoring.services.reminders import send_due_reminders

__all__ = [
    "AssessmentError",
    "BookingError",
    "EngagementError",
    "FollowUpError",
    "book_session",
    "cancel_session",
    "give_feedback",
    "record_outcome",
    "reschedule_session",
    "save_availability",
    "save_notes",
    "send_due_reminders",
    "start_engagement",
    "submit_assessment",
]
