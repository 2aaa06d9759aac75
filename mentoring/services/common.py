"""Errors the coaching services raise, one class per meaning (views catch DomainError)."""

from core.exceptions import DomainError


class EngagementError(DomainError):
    """Coaching cannot start: wrong dates, an application not selected, or already started."""


class BookingError(DomainError):
    """A session cannot be booked, moved or cancelled (slot, notice, allotment, cut-off)."""


class FollowUpError(DomainError):
    """An outcome or feedback that does not fit the session (not ended yet, cancelled)."""


class AssessmentError(DomainError):
    """A final assessment that cannot be taken: too early, already given, out of range."""
