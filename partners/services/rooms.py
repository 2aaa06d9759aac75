"""Booking the partnering office's rooms: the rules, approval, cancellation.

Only confirmed bookings hold a room. The Python checks below give the reason in the booker's
language; on PostgreSQL an exclusion constraint (migration 0003) makes a double booking
impossible even when two requests pass the checks at the same moment.
"""

from datetime import date, datetime, timedelta

from django.db import IntegrityError, OperationalError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.rules import is_programme_staff
from accounts.selectors import is_startup_member
from core.audit import log_action
from core.db import refused_by_database
from core.timefmt import format_date
from partners.models import (
    BOOKING_STEP_MINUTES,
    BOOKING_TRANSITIONS,
    OFFICE_TZ,
    BookingStatus,
    Room,
    RoomBooking,
)
from partners.selectors import (
    closure_on,
    confirmed_overlapping,
    is_partner_rep,
    opening_window,
)
from partners.services.common import BookingError
from partners.services.notices import tell_booker, tell_staff_pending


def _office_day(value: datetime) -> date:
    return timezone.localtime(value, OFFICE_TZ).date()


def _on_step(value: datetime) -> bool:
    local = timezone.localtime(value, OFFICE_TZ)
    return local.second == 0 and local.microsecond == 0 and local.minute % BOOKING_STEP_MINUTES == 0


def check_booking(
    room: Room,
    *,
    starts_at: datetime,
    ends_at: datetime,
    attendees: int,
    now: datetime,
    as_staff: bool = False,
) -> None:
    """Every rule a booking must pass, each refused with its reason (BookingError.code).
    Reads only; book_room calls it under the room's lock."""
    if not room.is_active:
        raise BookingError(_("This room cannot be booked at the moment."), code="inactive")
    if ends_at <= starts_at:
        raise BookingError(_("The booking must end after it starts."), code="order")
    if starts_at < now:
        raise BookingError(_("This time has already passed."), code="past")
    if not (_on_step(starts_at) and _on_step(ends_at)):
        raise BookingError(_("Bookings start and end on the hour or the half hour."), code="step")
    day = _office_day(starts_at)
    closure = closure_on(room, day)
    if closure is not None:
        reason = closure.reason or _("closed")
        raise BookingError(
            _("The room is closed on %(date)s (%(reason)s).")
            % {"date": format_date(day), "reason": reason},
            code="closed",
        )
    window = opening_window(room, day)
    if window is None or not (window[0] <= starts_at and ends_at <= window[1]):
        if window is None:
            message = _("The room is not open on %(date)s.") % {"date": format_date(day)}
        else:
            opens, closes = (timezone.localtime(w, OFFICE_TZ) for w in window)
            message = _("On %(date)s the room is open from %(opens)s to %(closes)s (KST).") % {
                "date": format_date(day),
                "opens": f"{opens:%H:%M}",
                "closes": f"{closes:%H:%M}",
            }
        raise BookingError(message, code="hours")
    if attendees < 1:
        raise BookingError(_("At least one person must attend."), code="attendees")
    if attendees > room.capacity:
        raise BookingError(
            _("This room holds at most %(capacity)s people.") % {"capacity": room.capacity},
            code="capacity",
        )
    if not as_staff and ends_at - starts_at > timedelta(minutes=room.max_minutes):
        raise BookingError(
            _("A booking of this room may last at most %(minutes)s minutes.")
            % {"minutes": room.max_minutes},
            code="too_long",
        )
    if not as_staff and day > _office_day(now) + timedelta(days=room.horizon_days):
        raise BookingError(
            _("This room can be booked at most %(days)s days ahead.") % {"days": room.horizon_days},
            code="horizon",
        )
    if confirmed_overlapping(room, starts_at, ends_at).exists():
        raise _taken()


def _taken() -> BookingError:
    return BookingError(
        _("The room is already booked at that time. Please choose another time."), code="taken"
    )


def _may_book(room: Room, *, actor, startup, partner, confirm: bool) -> bool:
    """Staff may book any room; a startup member or partner rep one that is open to them. A
    consultation's meeting (`confirm`) may use any room either side's people may book."""
    if is_programme_staff(actor):
        return True
    as_startup = (
        startup is not None
        and (room.open_to_startups or confirm)
        and is_startup_member(actor, startup)
    )
    as_partner = (
        partner is not None
        and (room.open_to_partners or confirm)
        and is_partner_rep(actor, partner)
    )
    return as_startup or as_partner


@transaction.atomic
def book_room(
    room: Room,
    *,
    actor,
    starts_at: datetime,
    ends_at: datetime,
    purpose: str,
    attendees: int,
    startup=None,
    partner=None,
    confirm: bool = False,
    now: datetime | None = None,
) -> RoomBooking:
    """Book a free range of a room for a startup, a partner, or the office (staff).

    Confirmed at once unless the room needs approval; staff bookings and meetings of an
    accepted consultation (`confirm=True`) are always confirmed.
    """
    now = now or timezone.now()
    # Locking the room lines up its bookings, so the overlap check sees every committed one.
    room = Room.objects.select_for_update().get(pk=room.pk)
    as_staff = is_programme_staff(actor)
    if not _may_book(room, actor=actor, startup=startup, partner=partner, confirm=confirm):
        raise BookingError(_("You cannot book this room."), code="not_allowed")
    if not purpose.strip():
        raise BookingError(_("Say what the room is for."), code="purpose")
    check_booking(
        room,
        starts_at=starts_at,
        ends_at=ends_at,
        attendees=attendees,
        now=now,
        as_staff=as_staff or confirm,
    )
    confirmed = confirm or as_staff or not room.requires_approval
    try:
        with transaction.atomic():
            booking = RoomBooking.objects.create(
                room=room,
                booked_by=actor,
                startup=startup,
                partner=partner,
                purpose=purpose.strip(),
                attendees=attendees,
                starts_at=starts_at,
                ends_at=ends_at,
                status=BookingStatus.CONFIRMED if confirmed else BookingStatus.PENDING,
                decided_at=now if confirmed else None,
            )
    except (IntegrityError, OperationalError) as error:  # someone was faster
        if not refused_by_database(error):
            raise
        raise _taken() from error
    log_action(
        booking,
        "partners.booking.created",
        actor=actor,
        data={"status": booking.status, "starts_at": starts_at, "ends_at": ends_at},
    )
    if confirmed:
        rivals = _decline_overlapping_pending(booking, actor=actor, now=now)
        log_action(booking, "partners.booking.confirmed", actor=actor, data={"declined": rivals})
        if not confirm:  # a consultation's meeting is announced by the consultation
            tell_booker(booking, "partners.booking_confirmed")
    else:
        tell_booker(booking, "partners.booking_pending")
        tell_staff_pending(booking)
    return booking


def _decline_overlapping_pending(booking: RoomBooking, *, actor, now) -> list[int]:
    rivals = list(
        RoomBooking.objects.select_for_update()
        .filter(
            room=booking.room,
            status=BookingStatus.PENDING,
            starts_at__lt=booking.ends_at,
            ends_at__gt=booking.starts_at,
        )
        .exclude(pk=booking.pk)
        .select_related("room", "booked_by")
    )
    for rival in rivals:
        rival.status = BookingStatus.DECLINED
        rival.decided_by = actor
        rival.decided_at = now
        rival.decline_reason = ""
        rival.save(update_fields=["status", "decided_by", "decided_at", "decline_reason"])
        log_action(
            rival,
            "partners.booking.declined",
            actor=actor,
            data={"reason": "overlap", "approved": booking.pk},
        )
        tell_booker(rival, "partners.booking_declined", overlapped=True)
    return [rival.pk for rival in rivals]


@transaction.atomic
def approve_booking(booking: RoomBooking, *, actor, now: datetime | None = None) -> RoomBooking:
    """Staff confirm a pending booking; overlapping pending bookings are declined, each told."""
    now = now or timezone.now()
    if not is_programme_staff(actor):
        raise BookingError(_("Only programme staff can approve bookings."), code="not_allowed")
    Room.objects.select_for_update().get(pk=booking.room_id)
    booking = RoomBooking.objects.select_for_update().select_related("room").get(pk=booking.pk)
    if BookingStatus.CONFIRMED not in BOOKING_TRANSITIONS[booking.status]:
        raise BookingError(_("Only a booking awaiting approval can be approved."), code="state")
    if booking.starts_at <= now:
        raise BookingError(_("This booking has already started."), code="past")
    if confirmed_overlapping(booking.room, booking.starts_at, booking.ends_at).exists():
        raise _taken()
    booking.status = BookingStatus.CONFIRMED
    booking.decided_by = actor
    booking.decided_at = now
    try:
        with transaction.atomic():
            booking.save(update_fields=["status", "decided_by", "decided_at", "updated_at"])
    except (IntegrityError, OperationalError) as error:
        if not refused_by_database(error):
            raise
        raise _taken() from error
    rivals = _decline_overlapping_pending(booking, actor=actor, now=now)
    log_action(booking, "partners.booking.approved", actor=actor, data={"declined": rivals})
    tell_booker(booking, "partners.booking_confirmed")
    return booking


@transaction.atomic
def decline_booking(
    booking: RoomBooking, *, actor, reason: str, now: datetime | None = None
) -> RoomBooking:
    """Staff decline a pending booking with a reason the booker is told."""
    now = now or timezone.now()
    if not is_programme_staff(actor):
        raise BookingError(_("Only programme staff can decline bookings."), code="not_allowed")
    if not reason.strip():
        raise BookingError(_("Give a reason for declining."), code="reason_required")
    booking = RoomBooking.objects.select_for_update().select_related("room").get(pk=booking.pk)
    if BookingStatus.DECLINED not in BOOKING_TRANSITIONS[booking.status]:
        raise BookingError(_("Only a booking awaiting approval can be declined."), code="state")
    booking.status = BookingStatus.DECLINED
    booking.decided_by = actor
    booking.decided_at = now
    booking.decline_reason = reason.strip()
    booking.save(
        update_fields=["status", "decided_by", "decided_at", "decline_reason", "updated_at"]
    )
    log_action(booking, "partners.booking.declined", actor=actor, data={"reason": reason})
    tell_booker(booking, "partners.booking_declined", reason=booking.decline_reason)
    return booking


@transaction.atomic
def cancel_booking(
    booking: RoomBooking,
    *,
    actor,
    reason: str = "",
    now: datetime | None = None,
    by_consultation: bool = False,
) -> RoomBooking:
    """Cancel a pending or confirmed booking. The range is free at once. The booker is told
    (with the cancelled invitation if it was confirmed), unless the booking is a consultation's
    meeting (`by_consultation`): the consultation tells both sides."""
    now = now or timezone.now()
    booking = RoomBooking.objects.select_for_update().select_related("room").get(pk=booking.pk)
    if BookingStatus.CANCELLED not in BOOKING_TRANSITIONS[booking.status]:
        raise BookingError(_("This booking is no longer active."), code="state")
    if booking.ends_at <= now:
        raise BookingError(_("This booking is over."), code="past")
    if not by_consultation and hasattr(booking, "consultation"):
        raise BookingError(
            _("This room is booked for a consultation. Cancel the consultation instead."),
            code="consultation",
        )
    was_confirmed = booking.status == BookingStatus.CONFIRMED
    booking.status = BookingStatus.CANCELLED
    booking.cancelled_at = now
    booking.cancel_reason = reason.strip()
    booking.sequence += 1
    booking.save(
        update_fields=["status", "cancelled_at", "cancel_reason", "sequence", "updated_at"]
    )
    log_action(booking, "partners.booking.cancelled", actor=actor, data={"reason": reason})
    if not by_consultation:
        tell_booker(
            booking, "partners.booking_cancelled", reason=booking.cancel_reason, ics=was_confirmed
        )
    return booking
