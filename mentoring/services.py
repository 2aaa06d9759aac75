"""Every write of coaching: engagements, availability, booking, changes, notes, feedback.

Booking is checked in Python for the friendly message (free slot, notice, horizon, allotment,
no overlap) and, on PostgreSQL, made race-proof by exclusion constraints on the session's time
range per coach and per startup (migration 0003): an IntegrityError from them becomes the
same "this slot was just taken" message.
"""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import IntegrityError, OperationalError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.rules import is_programme_staff
from core.audit import log_action
from core.exceptions import DomainError
from core.ics import build_event
from core.slots import Slot, generate_slots, local_instant, overlaps
from core.timefmt import format_date
from mentoring.models import (
    AvailabilityException,
    AvailabilityWindow,
    Coach,
    Engagement,
    Session,
    SessionFormat,
    SessionStatus,
)
from notifications.services import notify

CUTOFF = timedelta(hours=24)
DEADLOCK_DETECTED = "40P01"  # PostgreSQL's SQLSTATE
REMINDER_AHEAD = timedelta(hours=24)


class BookingError(DomainError):
    pass


# --- slots --------------------------------------------------------------------------------


def availability_slots(coach: Coach, *, first_day: date, days: int) -> list[Slot]:
    """The coach's slots from the weekly windows and the date exceptions, in their zone."""
    exceptions = list(coach.exceptions.filter(date__gte=first_day))
    return generate_slots(
        zone=coach.time_zone,
        first_day=first_day,
        days=days,
        weekly=coach.windows.values_list("weekday", "starts", "ends"),
        blocked_days=[e.date for e in exceptions if e.kind == AvailabilityException.Kind.BLOCKED],
        extra_windows=_extra_windows(exceptions),
        length=timedelta(minutes=coach.session_minutes),
        gap=timedelta(minutes=coach.buffer_minutes),
    )


def _extra_windows(exceptions) -> dict:
    extra: dict = {}
    for exception in exceptions:
        if exception.kind == AvailabilityException.Kind.EXTRA:
            extra.setdefault(exception.date, []).append((exception.starts, exception.ends))
    return extra


def _busy(engagement: Engagement, *, start, end, excluding: int | None = None):
    """Active sessions of the coach or the startup that touch [start, end)."""
    sessions = Session.objects.exclude(status=SessionStatus.CANCELLED).filter(
        starts_at__lt=end, blocked_until__gt=start
    )
    coach_or_startup = sessions.filter(coach=engagement.coach_id) | sessions.filter(
        startup=engagement.startup_id
    )
    if excluding is not None:
        coach_or_startup = coach_or_startup.exclude(pk=excluding)
    return list(coach_or_startup.values_list("starts_at", "blocked_until"))


def engagement_period(engagement: Engagement) -> tuple[datetime, datetime]:
    """The engagement's days as instants, in Seoul where the programme runs: [start, end)."""
    zone = ZoneInfo(settings.TIME_ZONE)
    return (
        local_instant(engagement.starts_on, time.min, zone),
        local_instant(engagement.ends_on + timedelta(days=1), time.min, zone),
    )


def free_slots(
    engagement: Engagement,
    *,
    first_day: date,
    days: int,
    now: datetime | None = None,
    excluding: int | None = None,
) -> list[Slot]:
    """Slots the startup may book: inside the notice, the horizon and the engagement's period,
    not overlapping any active session of the coach or of the startup (the coach's buffer
    included). `excluding`: a session being moved, whose own time counts as free."""
    now = now or timezone.now()
    coach = engagement.coach
    period_start, period_end = engagement_period(engagement)
    earliest = max(now + timedelta(hours=coach.min_notice_hours), period_start)
    latest = now + timedelta(days=coach.horizon_days)
    slots = [
        slot
        for slot in availability_slots(coach, first_day=first_day, days=days)
        if earliest <= slot.starts_at <= latest and slot.starts_at < period_end
    ]
    if not slots:
        return []
    buffer = timedelta(minutes=coach.buffer_minutes)
    busy = _busy(
        engagement,
        start=slots[0].starts_at,
        end=slots[-1].ends_at + buffer,
        excluding=excluding,
    )
    return [
        slot
        for slot in slots
        if not any(overlaps(slot.starts_at, slot.ends_at + buffer, s, b) for s, b in busy)
    ]


# --- engagements and availability ---------------------------------------------------------


@transaction.atomic
def start_engagement(
    *,
    coach: Coach,
    startup,
    actor,
    starts_on: date,
    ends_on: date,
    allotment: int = 6,
    goals: str = "",
    application=None,
) -> Engagement:
    """Pair a selected startup with a coach. Tells the coach and the startup's members."""
    engagement = Engagement.objects.create(
        coach=coach,
        startup=startup,
        application=application,
        starts_on=starts_on,
        ends_on=ends_on,
        allotment=allotment,
        goals=goals,
    )
    log_action(
        engagement,
        "mentoring.engagement.started",
        actor=actor,
        data={"coach": coach.pk, "allotment": allotment},
    )
    context = {
        "coach": coach.user.get_full_name(),
        "startup": startup.name,
        "allotment": allotment,
        "url": reverse("mentoring:dashboard"),
    }
    for person in [coach.user, *(m.user for m in startup.memberships.select_related("user"))]:
        notify(
            person,
            "mentoring.engagement_started",
            context,
            key=f"mentoring.engagement_started:{engagement.pk}:{person.pk}",
        )
    return engagement


@transaction.atomic
def save_availability(
    coach: Coach,
    *,
    actor,
    windows: list[tuple[int, object, object]],
    exceptions: list[tuple[date, str, object, object]],
    rules: dict,
) -> Coach:
    """Replace the coach's weekly windows and date exceptions, and save the booking rules.
    Booked sessions are kept: changing availability never cancels anything."""
    coach = Coach.objects.select_for_update().get(pk=coach.pk)
    for name, value in rules.items():
        setattr(coach, name, value)
    coach.save(update_fields=[*rules, "updated_at"])
    coach.windows.all().delete()
    AvailabilityWindow.objects.bulk_create(
        AvailabilityWindow(coach=coach, weekday=w, starts=s, ends=e) for w, s, e in windows
    )
    coach.exceptions.all().delete()
    AvailabilityException.objects.bulk_create(
        AvailabilityException(coach=coach, date=d, kind=k, starts=s, ends=e)
        for d, k, s, e in exceptions
    )
    log_action(
        coach,
        "mentoring.coach.availability_saved",
        actor=actor,
        data={"windows": len(windows), "exceptions": len(exceptions), **rules},
    )
    return coach


# --- booking ------------------------------------------------------------------------------


def sessions_counted(engagement: Engagement) -> int:
    """Sessions used: booked, held, no-show, and late cancellations."""
    return (
        engagement.sessions.exclude(status=SessionStatus.CANCELLED, late_cancellation=False)
    ).count()


def _check_slot(engagement: Engagement, starts_at: datetime, now: datetime, excluding=None):
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
    buffer = timedelta(minutes=coach.buffer_minutes)
    busy = _busy(engagement, start=slot.starts_at, end=slot.ends_at + buffer, excluding=excluding)
    if any(overlaps(slot.starts_at, slot.ends_at + buffer, s, b) for s, b in busy):
        raise BookingError(_("This slot was just taken. Please choose another."), code="taken")
    return slot, buffer


def _zone(coach):
    return ZoneInfo(coach.time_zone)


def _refused_by_database(error: Exception) -> bool:
    """The exclusion constraint refused the row, or PostgreSQL ended our wait for a rival
    writer as a deadlock (we hold the coach and startup rows it needs at its commit)."""
    if isinstance(error, IntegrityError):
        return True
    return getattr(error.__cause__, "pgcode", None) == DEADLOCK_DETECTED


def _taken() -> BookingError:
    return BookingError(_("This slot was just taken. Please choose another."), code="taken")


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
    """Book a free slot of the engagement's coach. Tells both sides, with a calendar invite."""
    now = now or timezone.now()
    engagement = (
        # Locking the coach and the startup rows lines up the bookings of each, so the
        # Python check below sees every committed session.
        Engagement.objects.select_for_update(of=("self", "coach", "startup"))
        .select_related("coach__user", "startup")
        .get(pk=engagement.pk)
    )
    if engagement.status != Engagement.Status.ACTIVE:
        raise BookingError(_("This coaching engagement has ended."), code="ended")
    if sessions_counted(engagement) >= engagement.allotment:
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
        if not _refused_by_database(error):
            raise
        raise _taken() from error
    log_action(session, "mentoring.session.booked", actor=actor, data={"starts_at": slot.starts_at})
    _tell_both(session, "mentoring.session_booked", key_suffix="booked")
    return session


def _people(session: Session):
    members = [m.user for m in session.startup.memberships.select_related("user")]
    return [session.coach.user, *members]


def session_ics(session: Session) -> str:
    cancelled = session.status == SessionStatus.CANCELLED
    location = (
        _("BMS partnering office, Seoul Bio Hub, Hongneung")
        if session.format == SessionFormat.IN_PERSON
        else session.video_link
    )
    return build_event(
        uid=f"session-{session.uid}@seoulbiohub.kr",
        sequence=session.sequence,
        starts_at=session.starts_at,
        ends_at=session.ends_at,
        summary=_("1:1 coaching: %(startup)s × %(coach)s")
        % {"startup": session.startup.name, "coach": session.coach.user.get_full_name()},
        description=session.agenda,
        location=str(location or ""),
        url=settings.SITE_URL + session.get_absolute_url(),
        organizer=session.coach.user.email,
        attendees=[person.email for person in _people(session)],
        cancelled=cancelled,
    )


def _tell_both(session: Session, kind: str, *, key_suffix: str, reason: str = "") -> None:
    context = {
        "startup": session.startup.name,
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
    for person in _people(session):
        with translation.override(person.language):  # the invite's title in their language
            ics = session_ics(session)
        notify(
            person,
            kind,
            {**context, "ics": ics},
            key=f"{kind}:{session.pk}:{session.sequence}:{key_suffix}:{person.pk}",
        )


def _is_coach_or_staff(session: Session, actor) -> bool:
    if actor is None:
        return False
    return actor.pk == session.coach.user_id or is_programme_staff(actor)


@transaction.atomic
def reschedule_session(
    session: Session, *, actor, starts_at: datetime, reason: str, now: datetime | None = None
) -> Session:
    """Move a booked session to another free slot. The startup may do so until 24 hours
    before; the coach and staff at any time. The old slot is free at once; the calendar
    event keeps its UID and gets a higher SEQUENCE."""
    now = now or timezone.now()
    session = (
        Session.objects.select_for_update()
        .select_related("engagement__coach__user", "startup", "coach__user")
        .get(pk=session.pk)
    )
    if session.status != SessionStatus.BOOKED:
        raise BookingError(_("Only a booked session can be moved."), code="not_booked")
    if not _is_coach_or_staff(session, actor) and session.starts_at - now < CUTOFF:
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
        if not _refused_by_database(error):
            raise
        raise _taken() from error
    log_action(
        session,
        "mentoring.session.rescheduled",
        actor=actor,
        data={"from": previous, "to": slot.starts_at, "reason": reason},
    )
    _tell_both(session, "mentoring.session_rescheduled", key_suffix="moved", reason=reason)
    return session


@transaction.atomic
def cancel_session(session: Session, *, actor, reason: str, now: datetime | None = None) -> Session:
    """Cancel with a reason. The slot is free at once. A startup cancelling within 24 hours of
    the start cancels late: the session still counts against the allotment."""
    now = now or timezone.now()
    if not reason.strip():
        raise BookingError(_("Give a reason for cancelling."), code="reason_required")
    session = (
        Session.objects.select_for_update()
        .select_related("coach__user", "startup")
        .get(pk=session.pk)
    )
    if session.status != SessionStatus.BOOKED:
        raise BookingError(_("Only a booked session can be cancelled."), code="not_booked")
    if session.starts_at <= now:
        raise BookingError(_("This session has already started."), code="started")
    session.status = SessionStatus.CANCELLED
    session.cancelled_at = now
    session.cancel_reason = reason
    session.late_cancellation = (
        not _is_coach_or_staff(session, actor) and session.starts_at - now < CUTOFF
    )
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
    _tell_both(session, "mentoring.session_cancelled", key_suffix="cancelled", reason=reason)
    return session


# --- after the session --------------------------------------------------------------------


@transaction.atomic
def record_outcome(
    session: Session, *, actor, outcome: str, now: datetime | None = None
) -> Session:
    """The coach (or staff) marks a session that has ended as held or as a no-show."""
    now = now or timezone.now()
    if outcome not in (SessionStatus.COMPLETED, SessionStatus.NO_SHOW):
        raise ValueError(outcome)
    session = Session.objects.select_for_update().get(pk=session.pk)
    if session.status not in (SessionStatus.BOOKED, SessionStatus.COMPLETED, SessionStatus.NO_SHOW):
        raise BookingError(_("A cancelled session has no outcome."), code="cancelled")
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
            _tell_both(session, "mentoring.session_reminder", key_suffix="reminder")
            sent += 1
    return sent
