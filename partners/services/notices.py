"""Telling people about consultations and room bookings, through the outbox.

Each message is written in the caller's transaction with an idempotency key, so a step that
rolls back tells nobody and a repeated step tells nobody twice.
"""

from accounts.selectors import staff_to_notify, startup_people
from core.admin import admin_link
from core.i18n import in_language
from notifications.services import notify
from partners.calendar import booking_ics, consultation_ics, consultation_location
from partners.models import ConsultationRequest, RoomBooking
from partners.selectors import partner_people

INVITATION_KINDS = (
    "partners.consultation_accepted",
    "partners.consultation_cancelled",
    "partners.consultation_reminder",
)


def tell(consultation: ConsultationRequest, kind: str, *, to: str, step: str) -> None:
    """Notify the partner's reps, the startup's members, or both, each in their language.
    An agreed time comes with its calendar invitation. `step` makes the key unique per step."""
    people = []
    if to in ("partner", "both"):
        people += partner_people(consultation.partner)
    if to in ("startup", "both"):
        people += startup_people(consultation.startup)
    with_invite = consultation.starts_at is not None and kind in INVITATION_KINDS
    for person in people:
        with in_language(person):
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


def tell_booker(
    booking: RoomBooking,
    kind: str,
    *,
    reason: str = "",
    overlapped: bool = False,
    ics: bool = True,
) -> None:
    """Tell the booker what became of the booking, in their language; a confirmation or a
    cancellation of a confirmed booking comes with the calendar file."""
    person = booking.booked_by
    with in_language(person):
        context = {
            "room": str(booking.room.name),
            "floor": booking.room.floor,
            "purpose": booking.purpose,
            "attendees": booking.attendees,
            "starts_at": booking.starts_at,
            "ends_at": booking.ends_at,
            "reason": reason,
            "overlapped": overlapped,
            "url": booking.get_absolute_url(),
        }
        if ics and kind in ("partners.booking_confirmed", "partners.booking_cancelled"):
            context["ics"] = booking_ics(booking)
        notify(person, kind, context, key=f"{kind}:{booking.pk}:{booking.sequence}:{person.pk}")


def tell_staff_pending(booking: RoomBooking) -> None:
    """Tell the staff who approve bookings that one awaits their approval."""
    kind = "partners.booking_awaiting_approval"
    for person in staff_to_notify():
        with in_language(person):
            context = {
                "room": str(booking.room.name),
                "purpose": booking.purpose,
                "attendees": booking.attendees,
                "starts_at": booking.starts_at,
                "ends_at": booking.ends_at,
                "booker": booking.booked_by.get_full_name(),
                "url": admin_link(booking),
            }
            notify(person, kind, context, key=f"{kind}:{booking.pk}:{person.pk}")
