"""Rules and errors every coaching service shares."""

from datetime import timedelta

from core.exceptions import DomainError

CUTOFF = timedelta(hours=24)
DEADLOCK_DETECTED = "40P01"  # PostgreSQL's SQLSTATE
REMINDER_AHEAD = timedelta(hours=24)


class BookingError(DomainError):
    pass
