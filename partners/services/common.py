"""Errors and helpers every partners service shares."""

from django.db import IntegrityError, OperationalError

from core.exceptions import DomainError

DEADLOCK_DETECTED = "40P01"  # PostgreSQL's SQLSTATE


class BookingError(DomainError):
    """A room booking was refused (the code says which rule)."""


class ConsultationError(DomainError):
    """A consultation step was refused (the code says which rule)."""


def refused_by_database(error: Exception) -> bool:
    """The exclusion constraint refused the row, or PostgreSQL ended a wait on a rival writer
    as a deadlock."""
    if isinstance(error, IntegrityError):
        return True
    return isinstance(error, OperationalError) and (
        getattr(error.__cause__, "pgcode", None) == DEADLOCK_DETECTED
    )
