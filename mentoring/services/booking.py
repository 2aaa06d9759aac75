"""Booking, rescheduling and cancelling sessions, with invitations to both sides."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.db import IntegrityError, OperationalError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import log_action
from core.db import refused_by_database
from core.i18n import in_language
from core.timefmt import format_date
from core.transitions import ensure
from mentoring.calendar import session_ics
from mentoring.models import (
    SESSION_TRANSITIONS,
    Engagement,
    Session,
    SessionFormat,
    SessionStatus,
)
from mentoring.rules import is_late_change
from mentoring.selectors import (
    allotment_of,
    availability_slots,
    engagement_period,
    is_busy,
    session_people,
)
from mentoring.services.common import BookingError
from notifications.services import notify


def _check_slot(engagement: Engagement, starts_at: datetime, now: datetime, excluding=None):
    """The coach's slot starting at `starts_at` and the buffer after it, or BookingError."""
    coach = engagement.coach
    period_start, period_end = engagement_period(engagement)
    if not period_start <= starts_at < period_end:
        raise BookingError(
            _("Sessions of this engagement run from %(start)s to %(end)s.")
            % {"start": format_date(engagement.starts_on), "end": format_date(engagement.ends_on)},
            code="outside_engagement",
        )
    if starts_at < now + timedelta(hours=coach.min_notice_hours):
        raise BookingError(
            _("Sessions must be booked at least %(hours)s hours ahead.")
            % {"hours": coach.min_notice_hours},
            code="notice",
        )
    if starts_at > now + timedelta(days=coach.horizon_days):
        raise BookingError(
            _("Sessions can be booked at most %(days)s days ahead.") % {"days": coach.horizon_days},
            code="horizon",
        )
    local_day = timezone.localtime(starts_at, timezone=_zone(coach)).date()
    slots = availability_slots(coach, first_day=local_day - timedelta(days=1), days=3)
    slot = next((s for s in slots if s.starts_at == starts_at), None)
    if slot is None:
        raise BookingError(_("The coach is not available at that time."), code="not_available")
    if is_busy(engagement, slot, excluding=excluding):
        raise _taken()
    return slot, timedelta(minutes=coach.buffer_minutes)


def _zone(coach):
    return ZoneInfo(coach.time_zone)


def _taken() -> BookingError:
    return BookingError(_("This slot was just taken. Please choose another."), code="taken")


def _lock_engagement(engagement_pk: int) -> Engagement:
    """Lock the engagement with its coach and startup rows, in one statement.

    Every service that puts a session at a time (booking, rescheduling) takes these locks
    first and in this order, so writers of one coach or one startup line up and the Python
    check after the lock sees every committed session.
    """
    return (
        Engagement.objects.select_for_update(of=("self", "coach", "startup"))
        .select_related("coach__user", "startup")
        .get(pk=engagement_pk)
    )


@transaction.atomic
def book_session(
    engagement: Engagement,
    *,
    actor,
    starts_at: datetime,
    session_format: str = SessionFormat.VIDEO,
    agenda: str = "",
    video_link: str = "",
    now: datetime | None = None,
) -> Session:
    """Book a free slot of the engagement's coach.

    Locks the engagement, its coach and its startup (see _lock_engagement), checks the slot
    again, records `mentoring.session.booked` and tells both sides with a calendar invitation.
    Raises BookingError (ended, allotment used, outside the period, notice, horizon, not
    available, taken).
    """
    now = now or timezone.now()
    engagement = _lock_engagement(engagement.pk)
    if engagement.status != Engagement.Status.ACTIVE:
        raise BookingError(_("This coaching engagement has ended."), code="ended")
    if not allotment_of(engagement).remaining:
        raise BookingError(
            _("All %(count)s sessions of this engagement have been used.")
            % {"count": engagement.allotment},
            code="allotment",
        )
    slot, buffer = _check_slot(engagement, starts_at, now)
    try:
        with transaction.atomic():
            session = Session.objects.create(
                engagement=engagement,
                coach=engagement.coach,
                startup=engagement.startup,
                starts_at=slot.starts_at,
                ends_at=slot.ends_at,
                blocked_until=slot.ends_at + buffer,
                format=session_format,
                agenda=agenda,
                video_link=video_link,
                booked_by=actor,
            )
    except (IntegrityError, OperationalError) as error:  # someone was faster
        if not refused_by_database(error):
            raise
        raise _taken() from error
    log_action(session, "mentoring.session.booked", actor=actor, data={"starts_at": slot.starts_at})
    tell_both(session, "mentoring.session_booked", key_suffix="booked")
    return session


def tell_both(session: Session, kind: str, *, key_suffix: str, reason: str = "") -> None:
    """Notify the coach and every member of the startup about the session (outbox rows, sent
    after commit), each with the calendar invitation in their language. The key carries the
    session's SEQUENCE, so each change of the session is one notification per person."""
    context = {
        "coach": session.coach.user.get_full_name(),
        "coach_zone": session.coach.time_zone,
        "starts_at": session.starts_at,
        "ends_at": session.ends_at,
        "format": session.format,
        "video_link": session.video_link,
        "agenda": session.agenda,
        "reason": reason,
        "url": session.get_absolute_url(),
    }
    for person in session_people(session):
        with in_language(person):  # the startup's name and the invite's title in theirs
            notify(
                person,
                kind,
                {**context, "startup": session.startup.name_display, "ics": session_ics(session)},
                key=f"{kind}:{session.pk}:{session.sequence}:{key_suffix}:{person.pk}",
            )


@transaction.atomic
def reschedule_session(
    session: Session, *, actor, starts_at: datetime, reason: str, now: datetime | None = None
) -> Session:
    """Move a booked session to another free slot. The startup may do so until 24 hours
    before; the coach and staff at any time. The old slot is free at once; the calendar
    event keeps its UID and gets a higher SEQUENCE.

    Takes book_session's locks, then the session's; records `mentoring.session.rescheduled`,
    clears the reminder (the new time gets its own) and tells both sides with the updated
    invitation. Raises BookingError.
    """
    now = now or timezone.now()
    # The same locks as book_session, in the same order (engagement, coach, startup), then
    # the session row: a booking and a move of the same coach's time never pass each other.
    _lock_engagement(session.engagement_id)
    session = (
        Session.objects.select_for_update(of=("self",))
        .select_related("engagement__coach__user", "startup", "coach__user")
        .get(pk=session.pk)
    )
    if session.status != SessionStatus.BOOKED:
        raise BookingError(_("Only a booked session can be moved."), code="not_booked")
    if session.engagement.status != Engagement.Status.ACTIVE:
        raise BookingError(_("This coaching engagement has ended."), code="ended")
    if starts_at == session.starts_at:
        raise BookingError(
            _("The session is already at that time. Choose another time."), code="same_time"
        )
    if is_late_change(actor, session, now=now):
        raise BookingError(
            _("Sessions can be moved until 24 hours before they start. Please contact your coach."),
            code="cutoff",
        )
    slot, buffer = _check_slot(session.engagement, starts_at, now, excluding=session.pk)
    previous = session.starts_at
    session.starts_at, session.ends_at = slot.starts_at, slot.ends_at
    session.blocked_until = slot.ends_at + buffer
    session.sequence += 1
    session.reminder_sent_at = None  # the new time gets its own reminder
    try:
        with transaction.atomic():
            session.save(
                update_fields=[
                    "starts_at",
                    "ends_at",
                    "blocked_until",
                    "sequence",
                    "reminder_sent_at",
                    "updated_at",
                ]
            )
    except (IntegrityError, OperationalError) as error:
        if not refused_by_database(error):
            raise
        raise _taken() from error
    log_action(
        session,
        "mentoring.session.rescheduled",
        actor=actor,
        data={"from": previous, "to": slot.starts_at, "reason": reason},
    )
    tell_both(session, "mentoring.session_rescheduled", key_suffix="moved", reason=reason)
    return session


@transaction.atomic
def cancel_session(session: Session, *, actor, reason: str, now: datetime | None = None) -> Session:
    """Cancel with a reason. The slot is free at once. A startup cancelling within 24 hours of
    the start cancels late: the session still counts against the allotment.

    Locks the session; records `mentoring.session.cancelled` and tells both sides with a
    cancelled calendar event. Raises BookingError, or TransitionNotAllowed when the session
    is no longer booked.
    """
    now = now or timezone.now()
    if not reason.strip():
        raise BookingError(_("Give a reason for cancelling."), code="reason_required")
    session = (
        Session.objects.select_for_update()
        .select_related("coach__user", "startup")
        .get(pk=session.pk)
    )
    ensure(
        SESSION_TRANSITIONS,
        session.status,
        SessionStatus.CANCELLED,
        message=_("Only a booked session can be cancelled."),
        code="not_booked",
    )
    if session.starts_at <= now:
        raise BookingError(_("This session has already started."), code="started")
    session.status = SessionStatus.CANCELLED
    session.cancelled_at = now
    session.cancel_reason = reason
    session.late_cancellation = is_late_change(actor, session, now=now)
    session.sequence += 1
    session.save(
        update_fields=[
            "status",
            "cancelled_at",
            "cancel_reason",
            "late_cancellation",
            "sequence",
            "updated_at",
        ]
    )
    log_action(
        session,
        "mentoring.session.cancelled",
        actor=actor,
        data={"reason": reason, "late": session.late_cancellation},
    )
    tell_both(session, "mentoring.session_cancelled", key_suffix="cancelled", reason=reason)
    return session
