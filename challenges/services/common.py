"""Pieces every challenge service uses: the transition guard and the row lock."""

from django.utils.translation import gettext as _

from challenges.models import TRANSITIONS, Application, ApplicationStatus
from core.exceptions import DomainError, TransitionNotAllowed


class ApplicationError(DomainError):
    pass


def ensure_transition(current: str, target: str) -> None:
    if target not in TRANSITIONS.get(current, set()):
        raise TransitionNotAllowed(
            _("An application that is “%(current)s” cannot become “%(target)s”.")
            % {
                "current": ApplicationStatus(current).label,
                "target": ApplicationStatus(target).label,
            },
            code="transition_not_allowed",
        )


def lock_application(application: Application) -> Application:
    return (
        Application.objects.select_for_update(of=("self",))
        .select_related("challenge", "startup")
        .get(pk=application.pk)
    )
