"""Consultations (상담): request, answer, agree a time, cancel, record what came of it.

The startup offers up to three times. The partner's reps accept one (an in-person meeting
books a meeting room at once; an online one carries a video link), propose another time, or
decline. The startup may accept the partner's time, offer new ones, or withdraw. Each step
tells the other side through the outbox; an agreed time comes with a calendar invitation.
"""

from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.rules import is_programme_staff
from accounts.selectors import is_startup_member
from core.audit import log_action
from core.uploads import save_file_on_commit
from partners.models import (
    OPEN_STATUSES,
    TIMES_OFFERED_BY,
    BookingStatus,
    ConsultationOutcome,
    ConsultationRequest,
    ConsultationStatus,
    MeetingMode,
    Partner,
    ProposedBy,
    ProposedTime,
    Room,
)
from partners.selectors import consultation_side, free_meeting_room
from partners.services.common import BookingError, ConsultationError
from partners.services.consultation_checks import (
    check_times,
    ensure_step,
    lock_consultation,
    require_member,
    require_rep,
)
from partners.services.notices import tell
from partners.services.rooms import book_room, cancel_booking


@transaction.atomic
def request_consultation(
    partner: Partner,
    *,
    actor,
    startup,
    topic: str,
    area,
    ask: str,
    mode: str,
    times: list[tuple[datetime, datetime]],
    deck=None,
    now: datetime | None = None,
) -> ConsultationRequest:
    """A startup member asks a partner for a consultation. `deck` is an upload already
    checked by core.uploads (DocumentField), or None; it is written after commit. The
    partner's reps are told."""
    now = now or timezone.now()
    if not is_startup_member(actor, startup):
        raise ConsultationError(_("Only members of the startup can do this."), code="member")
    if not partner.is_published or not partner.members.exists():
        raise ConsultationError(
            _("This partner does not take consultation requests yet."), code="closed"
        )
    if mode not in MeetingMode.values:
        raise ConsultationError(_("Choose in person or online."), code="mode")
    check_times(times, now=now)
    if ConsultationRequest.objects.filter(
        partner=partner, startup=startup, status__in=OPEN_STATUSES
    ).exists():
        raise ConsultationError(
            _("Your startup already has an open request with this partner."), code="duplicate"
        )
    consultation = ConsultationRequest(
        partner=partner,
        startup=startup,
        requested_by=actor,
        topic=topic.strip(),
        area=area,
        ask=ask.strip(),
        mode=mode,
    )
    if deck is not None:
        consultation.deck_name = deck.checked.original_name
        # Written after commit: a rollback leaves no deck without a request.
        save_file_on_commit(consultation.deck, f"deck.{deck.checked.extension}", deck)
    consultation.save()
    ProposedTime.objects.bulk_create(
        ProposedTime(
            consultation=consultation,
            proposed_by=ProposedBy.STARTUP,
            starts_at=starts_at,
            ends_at=ends_at,
        )
        for starts_at, ends_at in sorted(times)
    )
    log_action(
        consultation,
        "partners.consultation.requested",
        actor=actor,
        data={"partner": partner.slug, "times": [list(time) for time in times]},
    )
    tell(consultation, "partners.consultation_requested", to="partner", step="requested")
    return consultation


@transaction.atomic
def accept_consultation(
    consultation: ConsultationRequest,
    *,
    actor,
    time: ProposedTime,
    room: Room | None = None,
    video_link: str = "",
    message: str = "",
    now: datetime | None = None,
) -> ConsultationRequest:
    """Agree a time: a rep accepts one of the startup's times, or a startup member accepts the
    partner's. In person, a meeting room is booked (the chosen one, or the first free one);
    online, the video link is kept. Both sides get the invitation."""
    now = now or timezone.now()
    consultation = lock_consultation(consultation)
    ensure_step(consultation, ConsultationStatus.ACCEPTED)
    offered_by = TIMES_OFFERED_BY[consultation.status]
    if offered_by == ProposedBy.STARTUP:
        require_rep(consultation, actor)
    else:
        require_member(consultation, actor)
        video_link = video_link or consultation.video_link
    if time.consultation_id != consultation.pk or time.withdrawn or time.proposed_by != offered_by:
        raise ConsultationError(_("Choose one of the times offered."), code="time")
    if time.starts_at <= now:
        raise ConsultationError(_("This time has already passed."), code="past")
    booking = None
    if consultation.mode == MeetingMode.IN_PERSON:
        room = room or free_meeting_room(time.starts_at, time.ends_at)
        if room is None:
            raise ConsultationError(
                _("No meeting room is free at that time. Propose another time."), code="no_room"
            )
        try:
            booking = book_room(
                room,
                actor=actor,
                starts_at=time.starts_at,
                ends_at=time.ends_at,
                purpose=_("Consultation: %(topic)s") % {"topic": consultation.topic},
                attendees=min(room.capacity, 4),
                partner=consultation.partner,
                startup=consultation.startup,
                confirm=True,
                now=now,
            )
        except BookingError as error:
            raise ConsultationError(error.message, code=error.code) from error
    elif not video_link:
        raise ConsultationError(_("Give the video link for the online meeting."), code="link")
    consultation.status = ConsultationStatus.ACCEPTED
    consultation.starts_at, consultation.ends_at = time.starts_at, time.ends_at
    consultation.booking = booking
    consultation.video_link = video_link if consultation.mode == MeetingMode.ONLINE else ""
    if message.strip():
        consultation.partner_message = message.strip()
    if offered_by == ProposedBy.STARTUP:
        consultation.answered_by, consultation.answered_at = actor, now
    consultation.sequence += 1
    consultation.reminder_sent_at = None
    consultation.save()
    log_action(
        consultation,
        "partners.consultation.accepted",
        actor=actor,
        data={"starts_at": time.starts_at, "room": booking.room.slug if booking else None},
    )
    tell(consultation, "partners.consultation_accepted", to="both", step="accepted")
    return consultation


@transaction.atomic
def propose_time(
    consultation: ConsultationRequest,
    *,
    actor,
    starts_at: datetime,
    ends_at: datetime,
    message: str = "",
    video_link: str = "",
    now: datetime | None = None,
) -> ConsultationRequest:
    """A rep offers another time instead of the startup's; the startup's times are withdrawn
    and the startup is told."""
    now = now or timezone.now()
    consultation = lock_consultation(consultation)
    require_rep(consultation, actor)
    ensure_step(consultation, ConsultationStatus.PROPOSED)
    check_times([(starts_at, ends_at)], now=now)
    if consultation.mode == MeetingMode.ONLINE and not video_link:
        raise ConsultationError(_("Give the video link for the online meeting."), code="link")
    consultation.status = ConsultationStatus.PROPOSED
    consultation.proposed_times.filter(withdrawn=False).update(withdrawn=True)
    ProposedTime.objects.create(
        consultation=consultation,
        proposed_by=ProposedBy.PARTNER,
        starts_at=starts_at,
        ends_at=ends_at,
    )
    consultation.partner_message = message.strip()
    consultation.video_link = video_link
    consultation.answered_by, consultation.answered_at = actor, now
    consultation.save()
    entry = log_action(
        consultation,
        "partners.consultation.proposed",
        actor=actor,
        data={"starts_at": starts_at, "ends_at": ends_at},
    )
    tell(consultation, "partners.consultation_proposed", to="startup", step=f"proposed:{entry.pk}")
    return consultation


@transaction.atomic
def offer_new_times(
    consultation: ConsultationRequest,
    *,
    actor,
    times: list[tuple[datetime, datetime]],
    now: datetime | None = None,
) -> ConsultationRequest:
    """The startup answers the partner's time with times of its own; the partner's time is
    withdrawn and its reps are told."""
    now = now or timezone.now()
    consultation = lock_consultation(consultation)
    require_member(consultation, actor)
    ensure_step(consultation, ConsultationStatus.REQUESTED)
    check_times(times, now=now)
    consultation.status = ConsultationStatus.REQUESTED
    consultation.proposed_times.filter(withdrawn=False).update(withdrawn=True)
    ProposedTime.objects.bulk_create(
        ProposedTime(
            consultation=consultation,
            proposed_by=ProposedBy.STARTUP,
            starts_at=starts_at,
            ends_at=ends_at,
        )
        for starts_at, ends_at in sorted(times)
    )
    consultation.save()
    entry = log_action(consultation, "partners.consultation.new_times", actor=actor, data={})
    tell(consultation, "partners.consultation_new_times", to="partner", step=f"times:{entry.pk}")
    return consultation


@transaction.atomic
def decline_consultation(
    consultation: ConsultationRequest, *, actor, reason: str, now: datetime | None = None
) -> ConsultationRequest:
    """A rep declines an open request, with a reason the startup is told."""
    now = now or timezone.now()
    consultation = lock_consultation(consultation)
    require_rep(consultation, actor)
    if not reason.strip():
        raise ConsultationError(_("Give a reason for declining."), code="reason_required")
    ensure_step(consultation, ConsultationStatus.DECLINED)
    consultation.status = ConsultationStatus.DECLINED
    consultation.decline_reason = reason.strip()
    consultation.answered_by, consultation.answered_at = actor, now
    consultation.save()
    log_action(consultation, "partners.consultation.declined", actor=actor, data={"reason": reason})
    tell(consultation, "partners.consultation_declined", to="startup", step="declined")
    return consultation


@transaction.atomic
def withdraw_consultation(
    consultation: ConsultationRequest, *, actor, reason: str = ""
) -> ConsultationRequest:
    """A startup member withdraws an open request; the partner's reps are told."""
    consultation = lock_consultation(consultation)
    require_member(consultation, actor)
    ensure_step(consultation, ConsultationStatus.WITHDRAWN)
    consultation.status = ConsultationStatus.WITHDRAWN
    consultation.cancel_reason = reason.strip()
    consultation.save()
    log_action(consultation, "partners.consultation.withdrawn", actor=actor, data={})
    tell(consultation, "partners.consultation_withdrawn", to="partner", step="withdrawn")
    return consultation


@transaction.atomic
def cancel_consultation(
    consultation: ConsultationRequest, *, actor, reason: str, now: datetime | None = None
) -> ConsultationRequest:
    """Either side (or staff) calls off an agreed meeting; its room is free at once. Both
    sides are told, with the cancelled invitation."""
    now = now or timezone.now()
    consultation = lock_consultation(consultation)
    if consultation_side(consultation, actor) is None and not is_programme_staff(actor):
        raise ConsultationError(_("You cannot cancel this consultation."), code="not_allowed")
    if not reason.strip():
        raise ConsultationError(_("Give a reason for cancelling."), code="reason_required")
    ensure_step(consultation, ConsultationStatus.CANCELLED)
    if consultation.starts_at <= now:
        raise ConsultationError(_("This meeting has already started."), code="past")
    consultation.status = ConsultationStatus.CANCELLED
    if consultation.booking and consultation.booking.status == BookingStatus.CONFIRMED:
        cancel_booking(
            consultation.booking, actor=actor, reason=reason, now=now, by_consultation=True
        )
    consultation.cancel_reason = reason.strip()
    consultation.sequence += 1
    consultation.save()
    log_action(
        consultation, "partners.consultation.cancelled", actor=actor, data={"reason": reason}
    )
    tell(consultation, "partners.consultation_cancelled", to="both", step="cancelled")
    return consultation


@transaction.atomic
def record_outcome(
    consultation: ConsultationRequest,
    *,
    actor,
    outcome: str,
    note: str = "",
    now: datetime | None = None,
) -> ConsultationOutcome:
    """After the meeting each side records what came of it (and may change it later). Nobody
    is told."""
    now = now or timezone.now()
    consultation = lock_consultation(consultation)
    side = consultation_side(consultation, actor)
    if side is None:
        raise ConsultationError(_("You cannot record an outcome here."), code="not_allowed")
    if consultation.status != ConsultationStatus.ACCEPTED or consultation.ends_at > now:
        raise ConsultationError(
            _("An outcome can be recorded once the meeting has taken place."), code="not_held"
        )
    result, _created = ConsultationOutcome.objects.update_or_create(
        consultation=consultation,
        side=side,
        defaults={"outcome": outcome, "note": note.strip(), "recorded_by": actor},
    )
    log_action(
        consultation,
        "partners.consultation.outcome",
        actor=actor,
        data={"side": side, "outcome": outcome},
    )
    return result
