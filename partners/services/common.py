"""The errors partners services raise."""

from core.exceptions import DomainError


class BookingError(DomainError):
    """A room booking was refused (the code says which rule)."""


class ConsultationError(DomainError):
    """A consultation step was refused (the code says which rule)."""
