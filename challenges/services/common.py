"""Pieces every challenge service uses: the transition guard and the row lock."""

from challenges import selectors
from challenges.models import Application


def ensure_transition(current: str, target: str) -> None:
    """Raise TransitionNotAllowed unless challenges.models.TRANSITIONS lets `current` become
    `target`. Writes nothing."""
    refusal = selectors.transition_refusal(current, target)
    if refusal is not None:
        raise refusal


def lock_application(application: Application) -> Application:
    """The application again, row-locked (FOR UPDATE) with its challenge and startup, so a
    decision is taken on what the database holds now. Call inside a transaction."""
    return (
        Application.objects.select_for_update(of=("self",))
        .select_related("challenge", "startup")
        .get(pk=application.pk)
    )
