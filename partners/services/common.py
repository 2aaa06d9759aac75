"""Errors and helpers every partners service shares."""

from django.db import IntegrityError, OperationalError

from core.exceptions import DomainError

DEADLOCK_DETECTED = "40P01"  # PostgreSQL's SQLSTATE
EXCLUSION_VIOLATION = "23P01"


class BookingError(DomainError):
    pass


class ConsultationError(DomainError):
    pass


def refused_by_database(error: Exception) -> bool:
    """The exclusion constraint refused the row, or PostgreSQL ended a wait on a rival writer
    as a deadlock."""
    if isinstance(error, IntegrityError):
        return True
    return isinstance(error, OperationalError) and (
        getattr(error.__cause__, "pgcode", None) == DEADLOCK_DETECTED
    )


def startup_people(startup):
    return [m.user for m in startup.memberships.select_related("user")]


def partner_people(partner):
    return [m.user for m in partner.members.select_related("user")]
