"""The challenge app's refusals: one class per part of the call, each a DomainError whose
message is shown to the person (the `code` says which rule refused)."""

from core.exceptions import DomainError


class ApplicationError(DomainError):
    """A founder's application cannot be started, changed, submitted, withdrawn or decided."""


class ReviewError(DomainError):
    """A reviewer assignment, a conflict declaration or a review was refused."""


class GrantError(DomainError):
    """A grant, its tranche plan, a milestone report or a payment was refused."""
