"""One session: details, calendar file, cancelling, moving, notes, outcome and feedback."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from core.exceptions import DomainError
from core.responses import ics_response
from mentoring import selectors, services
from mentoring.calendar import session_ics
from mentoring.forms import CancelForm, FeedbackForm, NotesForm, OutcomeForm, RescheduleForm
from mentoring.models import Session, SessionStatus
from mentoring.rules import is_late_change
from mentoring.views.booking import slot_picker, with_picker


def _visible_session(request, pk: int) -> Session:
    session = get_object_or_404(
        Session.objects.select_related(
            "engagement__coach__user", "coach__user", "coach__partner", "startup"
        ),
        pk=pk,
    )
    if not request.user.has_perm("mentoring.see_session", session):
        raise Http404
    return session


def _zone_lines(session: Session) -> list[tuple[str, str]]:
    """Which zones to show the session's time in: the viewer's, the coach's, Seoul's."""
    viewer = str(timezone.get_current_timezone())
    lines = [(_("Your time"), viewer)]
    if session.coach.time_zone != viewer:
        lines.append((_("Coach's time"), session.coach.time_zone))
    if settings.TIME_ZONE not in (viewer, session.coach.time_zone):
        lines.append((_("Seoul time"), settings.TIME_ZONE))
    return lines


def _write_up(request, session: Session) -> dict:
    """Which parts of the write-up the viewer gives: private notes (the coach, staff), the
    progress (the coach or staff, for a held session) and the agreed goals (the same, at the
    engagement's first held session)."""
    user = request.user
    progress = user.has_perm("mentoring.record_progress", session) and (
        session.status == SessionStatus.COMPLETED
    )
    return {
        "with_private": user.has_perm("mentoring.see_private_notes", session),
        "with_progress": progress,
        "with_goals": progress
        and selectors.first_held_session_id(session.engagement) == session.pk,
    }


def _detail_context(request, session: Session, *, notes_form=None, feedback_form=None) -> dict:
    user, now = request.user, timezone.now()
    manages = user.has_perm("mentoring.record_outcome", session)  # the coach, or staff
    write_up = _write_up(request, session)
    private = write_up["with_private"]
    ended = session.ends_at <= now
    cancelled = session.status == SessionStatus.CANCELLED
    upcoming = session.status == SessionStatus.BOOKED and session.starts_at > now
    late = is_late_change(user, session, now=now)
    if notes_form is None:
        notes_form = NotesForm.for_session(session, **write_up)
    rates = user.has_perm("mentoring.give_feedback", session) and ended and not cancelled
    if rates and feedback_form is None:
        feedback_form = FeedbackForm(
            initial={"rating": session.rating, "comment": session.feedback}
        )
    return {
        "session": session,
        "zones": _zone_lines(session),
        "manages": manages,
        "show_private": private,
        "can_cancel": upcoming,
        "can_reschedule": upcoming and not late,
        "reschedule_closed": upcoming and late,
        "can_record_outcome": manages and ended and not cancelled,
        "notes_form": notes_form,
        "writes_progress": write_up["with_progress"],
        "agrees_goals": write_up["with_goals"],
        "engagement": session.engagement,
        "feedback_form": feedback_form if rates else None,
        "sees_feedback": manages and session.rating is not None,
    }


@login_required
@require_GET
def session_detail(request, pk: int):
    session = _visible_session(request, pk)
    return render(request, "mentoring/session_detail.html", _detail_context(request, session))


@login_required
@require_GET
def session_calendar(request, pk: int):
    """The session as an iCalendar file (same UID as the emailed invitations)."""
    session = _visible_session(request, pk)
    return ics_response(session_ics(session), filename=f"session-{session.pk}.ics")


@login_required
def cancel(request, pk: int):
    """GET: confirm with a reason. POST: cancel_session."""
    session = _visible_session(request, pk)
    now = timezone.now()
    if session.status != SessionStatus.BOOKED or session.starts_at <= now:
        messages.info(request, _("This session can no longer be cancelled."))
        return redirect(session)
    form = CancelForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.cancel_session(session, actor=request.user, reason=form.cleaned_data["reason"])
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request, _("The session has been cancelled. Everyone taking part has been told.")
            )
            return redirect(session)
    context = {
        "session": session,
        "zones": _zone_lines(session),
        "form": form,
        "late": is_late_change(request.user, session, now=now),
    }
    return render(request, "mentoring/session_cancel.html", context)


@login_required
def reschedule(request, pk: int):
    """GET: a slot picker like booking's. POST: reschedule_session."""
    session = _visible_session(request, pk)
    now = timezone.now()
    if session.status != SessionStatus.BOOKED or session.starts_at <= now:
        messages.info(request, _("This session can no longer be moved."))
        return redirect(session)
    form = RescheduleForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.reschedule_session(
                session,
                actor=request.user,
                starts_at=form.cleaned_data["starts_at"],
                reason=form.cleaned_data["reason"],
            )
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request, _("The session has been moved. Everyone taking part has been told.")
            )
            return redirect(session)
    around = getattr(form, "cleaned_data", {}).get("starts_at") or session.starts_at
    context = {
        "session": session,
        "engagement": session.engagement,
        "coach": session.coach,
        "zones": _zone_lines(session),
        "form": form,
        "closed": is_late_change(request.user, session, now=now),
        "selected": form["starts_at"].value(),
        **slot_picker(
            request,
            session.engagement,
            now=now,
            around=around,
            excluding=session.pk,
            current=session.starts_at,
        ),
    }
    return with_picker(request, "mentoring/session_reschedule.html", context)


@login_required
@require_POST
def notes(request, pk: int):
    """The write-up: shared notes (coach, startup, staff); private notes, progress and, at
    the first held session, the agreed goals only from the coach or staff."""
    session = _visible_session(request, pk)
    write_up = _write_up(request, session)
    form = NotesForm(request.POST, **write_up)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.save_notes(
                session,
                actor=request.user,
                shared_notes=data["shared_notes"],
                private_notes=data["private_notes"] if write_up["with_private"] else None,
                progress_percent=data.get("progress_percent"),
                progress_comment=data.get("progress_comment", ""),
                agreed_goals=data.get("agreed_goals"),
            )
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The notes have been saved."))
            return redirect(session)
    context = _detail_context(request, session, notes_form=form)
    return render(request, "mentoring/session_detail.html", context)


@login_required
@require_POST
def outcome(request, pk: int):
    """The coach (or staff) records whether the session was held."""
    session = _visible_session(request, pk)
    if not request.user.has_perm("mentoring.record_outcome", session):
        raise PermissionDenied
    form = OutcomeForm(request.POST)
    if not form.is_valid():
        messages.error(
            request, _("Choose whether the session was held, and if not, who did not come.")
        )
        return redirect(session)
    status, side = form.status_and_side()
    try:
        services.record_outcome(session, actor=request.user, outcome=status, no_show_by=side)
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The outcome has been recorded."))
    return redirect(session)


@login_required
@require_POST
def feedback(request, pk: int):
    """The startup rates a session that has ended."""
    session = _visible_session(request, pk)
    if not request.user.has_perm("mentoring.give_feedback", session):
        raise PermissionDenied
    form = FeedbackForm(request.POST)
    if not form.is_valid():
        context = _detail_context(request, session, feedback_form=form)
        if context["feedback_form"] is not None:
            return render(request, "mentoring/session_detail.html", context)
        messages.error(request, _("Feedback opens when the session has ended."))
        return redirect(session)
    try:
        services.give_feedback(
            session,
            actor=request.user,
            rating=form.cleaned_data["rating"],
            comment=form.cleaned_data["comment"],
        )
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Thank you for your feedback."))
    return redirect(session)
