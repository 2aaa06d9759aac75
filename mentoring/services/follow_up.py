"""After a session: the outcome (a no-show names its side), the write-up (notes, progress
towards the goals, the goals agreed at the first held session) and the startup's feedback."""

from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import log_action
from core.transitions import ensure
from mentoring.models import SESSION_TRANSITIONS, Engagement, NoShowSide, Session, SessionStatus
from mentoring.services.common import FollowUpError


@transaction.atomic
def record_outcome(
    session: Session,
    *,
    actor,
    outcome: str,
    no_show_by: str = "",
    now: datetime | None = None,
) -> Session:
    """The coach (or staff) marks a session that has ended as held or as a no-show, and a
    no-show as the coach's or the startup's (`no_show_by`).

    Locks the session; records `mentoring.session.outcome` (held) or `mentoring.session.no_show`
    (with the side); nobody is notified. Recording the
    same outcome again changes nothing; held and no-show (and the side of a no-show) can be
    corrected. A session that becomes a no-show loses its progress write-up (nothing was
    held to make progress in).
    """
    now = now or timezone.now()
    if outcome not in (SessionStatus.COMPLETED, SessionStatus.NO_SHOW):
        raise ValueError(outcome)
    if outcome == SessionStatus.NO_SHOW and no_show_by not in NoShowSide.values:
        raise FollowUpError(_("Say who did not come."), code="no_show_side")
    if outcome == SessionStatus.COMPLETED:
        no_show_by = ""
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
    if (outcome, no_show_by) == (session.status, session.no_show_by):
        return session
    previous = session.status
    session.status, session.no_show_by = outcome, no_show_by
    fields = ["status", "no_show_by", "updated_at"]
    if outcome == SessionStatus.NO_SHOW and session.progress_percent is not None:
        session.progress_percent, session.progress_comment = None, ""
        fields += ["progress_percent", "progress_comment"]
    session.save(update_fields=fields)
    if outcome == SessionStatus.NO_SHOW:
        data = {"from": previous, "to": outcome, "no_show_by": no_show_by}
        log_action(session, "mentoring.session.no_show", actor=actor, data=data)
    else:
        data = {"from": previous, "to": outcome}
        log_action(session, "mentoring.session.outcome", actor=actor, data=data)
    return session


@transaction.atomic
def save_notes(
    session: Session,
    *,
    actor,
    shared_notes: str,
    private_notes: str | None,
    progress_percent: int | None = None,
    progress_comment: str = "",
    agreed_goals: str | None = None,
    now: datetime | None = None,
) -> Session:
    """Save the session's write-up. Shared notes are for the coach, the startup and staff;
    private notes (coach and staff only) are passed as None by anyone else and then left
    untouched. The coach (or staff) of a held session also gives the progress towards the
    goals (0–100 %, with a comment) and, at the first held session, the goals agreed with the
    startup (`agreed_goals`; None leaves the goals alone).

    Locks the session (and the engagement when goals are agreed); records
    `mentoring.session.notes_saved`, `mentoring.session.progress_recorded` when the progress
    changed and `mentoring.engagement.goals_agreed` when goals were agreed; nobody is
    notified. Raises FollowUpError when progress or goals are given for a session not held.
    """
    now = now or timezone.now()
    session = Session.objects.select_for_update().get(pk=session.pk)
    held = session.status == SessionStatus.COMPLETED
    if (progress_percent is not None or agreed_goals is not None) and not held:
        raise FollowUpError(
            _("Progress and goals are recorded for a session that was held."), code="not_held"
        )
    if progress_percent is not None and not 0 <= progress_percent <= 100:
        raise FollowUpError(_("Give the progress from 0 to 100 %."), code="progress")
    session.shared_notes = shared_notes
    fields = ["shared_notes", "updated_at"]
    if private_notes is not None:
        session.coach_private_notes = private_notes
        fields.append("coach_private_notes")
    progress_changed = progress_percent is not None and (
        (session.progress_percent, session.progress_comment) != (progress_percent, progress_comment)
    )
    if progress_changed:
        session.progress_percent, session.progress_comment = progress_percent, progress_comment
        fields += ["progress_percent", "progress_comment"]
    session.save(update_fields=fields)
    log_action(session, "mentoring.session.notes_saved", actor=actor)
    if progress_changed:
        log_action(
            session,
            "mentoring.session.progress_recorded",
            actor=actor,
            data={"percent": progress_percent},
        )
    if agreed_goals is not None:
        _agree_goals(session, actor=actor, goals=agreed_goals, now=now)
    return session


def _agree_goals(session: Session, *, actor, goals: str, now: datetime) -> None:
    """Stamp the engagement's goals as agreed (at `session`). Rewriting the same agreed text
    changes nothing; a changed text is agreed again, with a new stamp."""
    goals = goals.strip()
    if not goals:
        raise FollowUpError(_("Write the goals you agreed with the startup."), code="goals")
    engagement = Engagement.objects.select_for_update().get(pk=session.engagement_id)
    if engagement.goals_agreed_at is not None and engagement.goals == goals:
        return
    engagement.goals = goals
    engagement.goals_agreed_at, engagement.goals_agreed_by = now, actor
    engagement.save(update_fields=["goals", "goals_agreed_at", "goals_agreed_by", "updated_at"])
    log_action(
        engagement,
        "mentoring.engagement.goals_agreed",
        actor=actor,
        data={"session": session.pk, "starts_at": session.starts_at},
    )


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
