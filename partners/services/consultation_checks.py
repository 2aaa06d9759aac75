"""The checks every consultation step makes: the times offered, who acts, and the status."""

from datetime import datetime, timedelta
from itertools import pairwise

from django.utils.translation import gettext as _

from accounts.selectors import is_startup_member
from core.transitions import ensure
from partners.models import CONSULTATION_TRANSITIONS, MAX_PREFERRED_TIMES, ConsultationRequest
from partners.selectors import is_partner_rep
from partners.services.common import ConsultationError

MIN_NOTICE = timedelta(hours=24)
MIN_LENGTH = timedelta(minutes=30)
MAX_LENGTH = timedelta(hours=3)


def ensure_step(consultation: ConsultationRequest, to: str) -> None:
    """Refuse a step the transition table does not allow from the consultation's status."""
    ensure(
        CONSULTATION_TRANSITIONS,
        consultation.status,
        to,
        message=_("This consultation is “%(current)s”; that step is no longer possible."),
        code="transition",
    )


def check_times(times: list[tuple[datetime, datetime]], *, now: datetime) -> None:
    """Refuse offered times that break a rule: one to three, each at least 24 hours ahead,
    30 minutes to 3 hours long, none overlapping (ConsultationError.code says which)."""
    if not times:
        raise ConsultationError(_("Offer at least one time."), code="no_times")
    if len(times) > MAX_PREFERRED_TIMES:
        raise ConsultationError(
            _("Offer at most %(count)s times.") % {"count": MAX_PREFERRED_TIMES}, code="too_many"
        )
    for starts_at, ends_at in times:
        if ends_at <= starts_at:
            raise ConsultationError(_("Each time must end after it starts."), code="order")
        if starts_at < now + MIN_NOTICE:
            raise ConsultationError(
                _("Offer times at least 24 hours ahead, so the other side can answer."),
                code="notice",
            )
        if not MIN_LENGTH <= ends_at - starts_at <= MAX_LENGTH:
            raise ConsultationError(
                _("A meeting lasts between 30 minutes and 3 hours."), code="length"
            )
    ordered = sorted(times)
    if any(later[0] < earlier[1] for earlier, later in pairwise(ordered)):
        raise ConsultationError(_("The times you offer must not overlap."), code="overlap")


def lock_consultation(consultation: ConsultationRequest) -> ConsultationRequest:
    """The consultation again, locked until the caller's transaction ends."""
    return (
        ConsultationRequest.objects.select_for_update(of=("self",))
        .select_related("partner", "startup", "area", "booking__room")
        .get(pk=consultation.pk)
    )


def require_rep(consultation: ConsultationRequest, actor) -> None:
    """Refuse an actor who does not represent the consultation's partner."""
    if not is_partner_rep(actor, consultation.partner):
        raise ConsultationError(_("Only the partner's representatives can do this."), code="rep")


def require_member(consultation: ConsultationRequest, actor) -> None:
    """Refuse an actor who is not a member of the consultation's startup."""
    if not is_startup_member(actor, consultation.startup):
        raise ConsultationError(_("Only members of the startup can do this."), code="member")
