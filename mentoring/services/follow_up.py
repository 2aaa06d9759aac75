"""After a session: the outcome, the notes and the startup's feedback."""

from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import log_action
from core.transitions import ensure
from mentoring.models import SESSION_TRANSITIONS, Session, SessionStatus
from mentoring.services.common import FollowUpError


@transaction.atomic
def record_outcome(
    session: Session, *, actor, outcome: str, now: datetime | None = None
) -> Session:
    """The coach (or staff) marks a session that has ended as held or as a no-show.

    Locks the session; records `mentoring.session.outcome`; nobody is notified. Recording the
    same outcome again changes nothing; held and no-show can be corrected into each other.
    """
    now = now or timezone.now()
    if outcome not in (SessionStatus.COMPLETED, SessionStatus.NO_SHOW):
        raise ValueError(outcome)
    session = Session.objects.select_for_update().get(pk=session.pk)
    if session.status == SessionStatus.CANCELLED:
        raise FollowUpError(_("A cancelled session has no outcome."), code="cancelled")
    if outcome != session.status:  # the same outcome again changes nothing
        ensure(
            SESSION_TRANSITIONS,
            session.status,
            outcome,
            message=_("This outcome cannot be recorded."),
            code="transition",
        )
    if session.ends_at > now:
        raise FollowUpError(_("The session has not ended yet."), code="not_ended")
    previous = session.status
    session.status = outcome
    session.save(update_fields=["status", "updated_at"])
    log_action(
        session, "mentoring.session.outcome", actor=actor, data={"from": previous, "to": outcome}
    )
    return session


@transaction.atomic
def save_notes(session: Session, *, actor, shared_notes: str, private_notes: str | None) -> Session:
    """Save the session's notes. Shared notes are for the coach, the startup and staff; private
    notes (coach and staff only) are passed as None by anyone else and then left untouched.

    Locks the session; records `mentoring.session.notes_saved`; nobody is notified.
    """
    session = Session.objects.select_for_update().get(pk=session.pk)
    session.shared_notes = shared_notes
    fields = ["shared_notes", "updated_at"]
    if private_notes is not None:
        session.coach_private_notes = private_notes
        fields.append("coach_private_notes")
    session.save(update_fields=fields)
    log_action(session, "mentoring.session.notes_saved", actor=actor)
    return session


@transaction.atomic
def give_feedback(
    session: Session, *, actor, rating: int, comment: str, now: datetime | None = None
) -> Session:
    """The startup rates a session (1–5) once it has ended.

    Locks the session; records `mentoring.session.feedback`; nobody is notified.
    """
    now = now or timezone.now()
    session = Session.objects.select_for_update().get(pk=session.pk)
    if session.status == SessionStatus.CANCELLED or session.ends_at > now:
        raise FollowUpError(_("Feedback opens when the session has ended."), code="not_ended")
    if not 1 <= rating <= 5:
        raise FollowUpError(_("Rate the session from 1 to 5."), code="rating")
    session.rating, session.feedback = rating, comment
    session.save(update_fields=["rating", "feedback", "updated_at"])
    log_action(session, "mentoring.session.feedback", actor=actor, data={"rating": rating})
    return session
