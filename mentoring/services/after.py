"""After a session: outcome, notes, feedback; and the reminders before it."""

from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import log_action
from mentoring.models import (
    SESSION_TRANSITIONS,
    Session,
    SessionStatus,
)
from mentoring.services.booking import tell_both
from mentoring.services.common import REMINDER_AHEAD, BookingError


@transaction.atomic
def record_outcome(
    session: Session, *, actor, outcome: str, now: datetime | None = None
) -> Session:
    """The coach (or staff) marks a session that has ended as held or as a no-show."""
    now = now or timezone.now()
    if outcome not in (SessionStatus.COMPLETED, SessionStatus.NO_SHOW):
        raise ValueError(outcome)
    session = Session.objects.select_for_update().get(pk=session.pk)
    if session.status == SessionStatus.CANCELLED:
        raise BookingError(_("A cancelled session has no outcome."), code="cancelled")
    if outcome != session.status and outcome not in SESSION_TRANSITIONS[session.status]:
        raise BookingError(_("This outcome cannot be recorded."), code="transition")
    if session.ends_at > now:
        raise BookingError(_("The session has not ended yet."), code="not_ended")
    previous = session.status
    session.status = outcome
    session.save(update_fields=["status", "updated_at"])
    log_action(
        session, "mentoring.session.outcome", actor=actor, data={"from": previous, "to": outcome}
    )
    return session


@transaction.atomic
def save_notes(session: Session, *, actor, shared_notes: str, private_notes: str | None) -> Session:
    """Shared notes are for the coach, the startup and staff; private notes (coach and staff
    only) are passed as None by anyone else and then left untouched."""
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
    """The startup rates a session (1–5) once it has ended."""
    now = now or timezone.now()
    session = Session.objects.select_for_update().get(pk=session.pk)
    if session.status == SessionStatus.CANCELLED or session.ends_at > now:
        raise BookingError(_("Feedback opens when the session has ended."), code="not_ended")
    if not 1 <= rating <= 5:
        raise BookingError(_("Rate the session from 1 to 5."), code="rating")
    session.rating, session.feedback = rating, comment
    session.save(update_fields=["rating", "feedback", "updated_at"])
    log_action(session, "mentoring.session.feedback", actor=actor, data={"rating": rating})
    return session


def send_due_reminders(*, now: datetime | None = None) -> int:
    """Remind both sides of sessions starting within 24 hours (the beat task, every 10 min).

    Each session is claimed by setting reminder_sent_at under a row lock, so overlapping runs
    never remind twice; the reminder is an outbox row like any other notification.
    """
    now = now or timezone.now()
    due = Session.objects.filter(
        status=SessionStatus.BOOKED,
        reminder_sent_at__isnull=True,
        starts_at__gt=now,
        starts_at__lte=now + REMINDER_AHEAD,
    ).values_list("pk", flat=True)
    sent = 0
    for pk in list(due):
        with transaction.atomic():
            session = (
                Session.objects.select_for_update(skip_locked=True)
                .select_related("coach__user", "startup")
                .filter(pk=pk, reminder_sent_at__isnull=True, status=SessionStatus.BOOKED)
                .first()
            )
            if session is None:
                continue
            session.reminder_sent_at = now
            session.save(update_fields=["reminder_sent_at"])
            tell_both(session, "mentoring.session_reminder", key_suffix="reminder")
            sent += 1
    return sent
