class DomainError(Exception):
    """A rule of the programme refused the change. The message is shown to the user."""

    def __init__(self, message, *, code: str = "invalid"):
        super().__init__(message)
        self.message = message
        self.code = code

    def __str__(self) -> str:
        return str(self.message)


class TransitionNotAllowed(DomainError):
    """A status change that the transition table does not allow."""
