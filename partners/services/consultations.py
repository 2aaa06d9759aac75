"""Consultations (상담): request, answer, agree a time, cancel, record what came of it.

The startup offers up to three times. The partner's reps accept one (an in-person meeting
books a meeting room at once; an online one carries a video link), propose another time, or
decline. The startup may accept the partner's time, offer new ones, or withdraw. Each step
tells the other side through the outbox; an agreed time comes with a calendar invitation.
"""

from datetime import datetime, timedelta
from itertools import pairwise

from django.conf import settings
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.rules import is_programme_staff
from core.audit import log_action
from core.exceptions import TransitionNotAllowed
from core.ics import build_event, programme_office
from core.uploads import delete_orphan_files, save_file_on_commit
from notifications.services import notify
from partners.models import (
    CONSULTATION_TRANSITIONS,
    MAX_PREFERRED_TIMES,
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
from partners.services.common import (
    BookingError,
    ConsultationError,
    partner_people,
    startup_people,
)
from partners.services.rooms import book_room, cancel_booking, confirmed_overlapping, room_location

MIN_NOTICE = timedelta(hours=24)
MIN_LENGTH = timedelta(minutes=30)
MAX_LENGTH = timedelta(hours=3)
REMINDER_AHEAD = timedelta(hours=24)
S = ConsultationStatus


def _move(consultation: ConsultationRequest, to: str) -> None:
    if to not in CONSULTATION_TRANSITIONS[consultation.status]:
        raise TransitionNotAllowed(
            _("This consultation is “%(status)s”; that step is no longer possible.")
            % {"status": consultation.get_status_display()},
            code="transition",
        )
    consultation.status = to


def check_times(times: list[tuple[datetime, datetime]], *, now: datetime) -> None:
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
    if any(b[0] < a[1] for a, b in pairwise(ordered)):
        raise ConsultationError(_("The times you offer must not overlap."), code="overlap")


def _lock(consultation: ConsultationRequest) -> ConsultationRequest:
    return (
        ConsultationRequest.objects.select_for_update(of=("self",))
        .select_related("partner", "startup", "area", "booking__room")
        .get(pk=consultation.pk)
    )


def _require_rep(consultation: ConsultationRequest, actor) -> None:
    if not consultation.partner.members.filter(user=actor).exists():
        raise ConsultationError(_("Only the partner's representatives can do this."), code="rep")


def _require_member(consultation: ConsultationRequest, actor) -> None:
    if not consultation.startup.memberships.filter(user=actor).exists():
        raise ConsultationError(_("Only members of the startup can do this."), code="member")


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
    checked by core.uploads (DocumentField), or None."""
    now = now or timezone.now()
    if not startup.memberships.filter(user=actor).exists():
        raise ConsultationError(_("Only members of the startup can do this."), code="member")
    if not partner.is_published or not partner.members.exists():
        raise ConsultationError(
            _("This partner does not take consultation requests yet."), code="closed"
        )
    if mode not in MeetingMode.values:
        raise ConsultationError(_("Choose in person or online."), code="mode")
    check_times(times, now=now)
    if ConsultationRequest.objects.filter(
        partner=partner, startup=startup, status__in=(S.REQUESTED, S.PROPOSED)
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
            consultation=consultation, proposed_by=ProposedBy.STARTUP, starts_at=s, ends_at=e
        )
        for s, e in sorted(times)
    )
    log_action(
        consultation,
        "partners.consultation.requested",
        actor=actor,
        data={"partner": partner.slug, "times": [[s, e] for s, e in times]},
    )
    tell(consultation, "partners.consultation_requested", to="partner", step="requested")
    return consultation


def _free_room(starts_at: datetime, ends_at: datetime) -> Room | None:
    for room in Room.objects.filter(is_active=True, open_to_partners=True).order_by(
        "sort_order", "capacity"
    ):
        if not confirmed_overlapping(room, starts_at, ends_at).exists():
            return room
    return None


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
    consultation = _lock(consultation)
    if consultation.status == S.REQUESTED:
        _require_rep(consultation, actor)
        offered_by = ProposedBy.STARTUP
    elif consultation.status == S.PROPOSED:
        _require_member(consultation, actor)
        offered_by = ProposedBy.PARTNER
        video_link = video_link or consultation.video_link
    else:
        _move(consultation, S.ACCEPTED)  # raises: not open any more
    if time.consultation_id != consultation.pk or time.withdrawn or time.proposed_by != offered_by:
        raise ConsultationError(_("Choose one of the times offered."), code="time")
    if time.starts_at <= now:
        raise ConsultationError(_("This time has already passed."), code="past")
    booking = None
    if consultation.mode == MeetingMode.IN_PERSON:
        room = room or _free_room(time.starts_at, time.ends_at)
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
    _move(consultation, S.ACCEPTED)
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
    """A rep offers another time instead of the startup's."""
    now = now or timezone.now()
    consultation = _lock(consultation)
    _require_rep(consultation, actor)
    if consultation.status != S.REQUESTED:
        _move(consultation, S.PROPOSED)  # raises
    check_times([(starts_at, ends_at)], now=now)
    if consultation.mode == MeetingMode.ONLINE and not video_link:
        raise ConsultationError(_("Give the video link for the online meeting."), code="link")
    _move(consultation, S.PROPOSED)
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
    log_action(
        consultation,
        "partners.consultation.proposed",
        actor=actor,
        data={"starts_at": starts_at, "ends_at": ends_at},
    )
    tell(consultation, "partners.consultation_proposed", to="startup", step=f"proposed:{now:%s}")
    return consultation


@transaction.atomic
def offer_new_times(
    consultation: ConsultationRequest,
    *,
    actor,
    times: list[tuple[datetime, datetime]],
    now: datetime | None = None,
) -> ConsultationRequest:
    """The startup answers the partner's time with times of its own."""
    now = now or timezone.now()
    consultation = _lock(consultation)
    _require_member(consultation, actor)
    if consultation.status != S.PROPOSED:
        _move(consultation, S.REQUESTED)  # raises
    check_times(times, now=now)
    _move(consultation, S.REQUESTED)
    consultation.proposed_times.filter(withdrawn=False).update(withdrawn=True)
    ProposedTime.objects.bulk_create(
        ProposedTime(
            consultation=consultation, proposed_by=ProposedBy.STARTUP, starts_at=s, ends_at=e
        )
        for s, e in sorted(times)
    )
    consultation.save()
    log_action(consultation, "partners.consultation.new_times", actor=actor, data={})
    tell(consultation, "partners.consultation_new_times", to="partner", step=f"times:{now:%s}")
    return consultation


@transaction.atomic
def decline_consultation(
    consultation: ConsultationRequest, *, actor, reason: str, now: datetime | None = None
) -> ConsultationRequest:
    now = now or timezone.now()
    consultation = _lock(consultation)
    _require_rep(consultation, actor)
    if not reason.strip():
        raise ConsultationError(_("Give a reason for declining."), code="reason_required")
    _move(consultation, S.DECLINED)
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
    consultation = _lock(consultation)
    _require_member(consultation, actor)
    _move(consultation, S.WITHDRAWN)
    consultation.cancel_reason = reason.strip()
    consultation.save()
    log_action(consultation, "partners.consultation.withdrawn", actor=actor, data={})
    tell(consultation, "partners.consultation_withdrawn", to="partner", step="withdrawn")
    return consultation


@transaction.atomic
def cancel_consultation(
    consultation: ConsultationRequest, *, actor, reason: str, now: datetime | None = None
) -> ConsultationRequest:
    """Either side (or staff) calls off an agreed meeting; its room is free at once."""
    now = now or timezone.now()
    consultation = _lock(consultation)
    rep = consultation.partner.members.filter(user=actor).exists()
    member = consultation.startup.memberships.filter(user=actor).exists()
    if not (rep or member or is_programme_staff(actor)):
        raise ConsultationError(_("You cannot cancel this consultation."), code="not_allowed")
    if not reason.strip():
        raise ConsultationError(_("Give a reason for cancelling."), code="reason_required")
    _move(consultation, S.CANCELLED)
    if consultation.starts_at <= now:
        raise ConsultationError(_("This meeting has already started."), code="past")
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
    """After the meeting each side records what came of it (and may change it later)."""
    now = now or timezone.now()
    consultation = _lock(consultation)
    if consultation.partner.members.filter(user=actor).exists():
        side = ProposedBy.PARTNER
    elif consultation.startup.memberships.filter(user=actor).exists():
        side = ProposedBy.STARTUP
    else:
        raise ConsultationError(_("You cannot record an outcome here."), code="not_allowed")
    if consultation.status != S.ACCEPTED or consultation.ends_at > now:
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


def consultation_location(consultation: ConsultationRequest) -> str:
    if consultation.mode == MeetingMode.ONLINE:
        return consultation.video_link
    if consultation.booking:
        return room_location(consultation.booking.room)
    return _("BMS partnering office, Seoul Bio Hub, Hongneung")


def consultation_organizer(consultation: ConsultationRequest) -> tuple[str, str]:
    """The partner organises the meeting (RFC 5546 ORGANIZER): the rep who answered, else the
    partner's first rep, in the partner's name; the programme office if it has no rep."""
    reps = partner_people(consultation.partner)
    rep = next((p for p in reps if p.pk == consultation.answered_by_id), None) or next(
        iter(reps), None
    )
    if rep is None:
        return programme_office()
    return rep.email, str(consultation.partner.name)


def consultation_ics(consultation: ConsultationRequest) -> str:
    people = [*partner_people(consultation.partner), *startup_people(consultation.startup)]
    return build_event(
        organizer=consultation_organizer(consultation),
        uid=f"consultation-{consultation.uid}@seoulbiohub.kr",
        sequence=consultation.sequence,
        starts_at=consultation.starts_at,
        ends_at=consultation.ends_at,
        summary=_("Consultation: %(startup)s × %(partner)s")
        % {"startup": consultation.startup.name_display, "partner": consultation.partner.name},
        description=consultation.topic,
        location=consultation_location(consultation),
        url=settings.SITE_URL + consultation.get_absolute_url(),
        attendees=[(person.email, person.get_full_name()) for person in people],
        cancelled=consultation.status == S.CANCELLED,
    )


def tell(consultation: ConsultationRequest, kind: str, *, to: str, step: str) -> None:
    """Notify the partner's reps, the startup's members, or both, each in their language."""
    people = []
    if to in ("partner", "both"):
        people += partner_people(consultation.partner)
    if to in ("startup", "both"):
        people += startup_people(consultation.startup)
    with_invite = consultation.starts_at is not None and kind in (
        "partners.consultation_accepted",
        "partners.consultation_cancelled",
        "partners.consultation_reminder",
    )
    for person in people:
        with translation.override(person.language):
            context = {
                "partner": consultation.partner.name,
                "startup": consultation.startup.name_display,
                "topic": consultation.topic,
                "mode": consultation.mode,
                "starts_at": consultation.starts_at,
                "ends_at": consultation.ends_at,
                "location": consultation_location(consultation),
                "video_link": consultation.video_link,
                "message": consultation.partner_message,
                "reason": consultation.decline_reason or consultation.cancel_reason,
                "url": consultation.get_absolute_url(),
            }
            if with_invite:
                context["ics"] = consultation_ics(consultation)
        notify(
            person,
            kind,
            context,
            key=f"{kind}:{consultation.pk}:{consultation.sequence}:{step}:{person.pk}",
        )


DECK_PREFIX = "consultation-decks"


def delete_orphan_decks(*, now: datetime | None = None) -> int:
    """Delete consultation decks that no request names and that are more than a day old.
    Returns how many were deleted (also logged)."""

    def referenced(names: set[str]) -> set[str]:
        return set(
            ConsultationRequest.objects.filter(deck__in=names).values_list("deck", flat=True)
        )

    return delete_orphan_files(
        prefix=DECK_PREFIX,
        referenced=referenced,
        now=now or timezone.now(),
        storage=default_storage,
    )
