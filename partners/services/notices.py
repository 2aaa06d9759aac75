"""Telling people about consultations and room bookings, through the outbox.

Each message is written in the caller's transaction with an idempotency key, so a step that
rolls back tells nobody and a repeated step tells nobody twice.
"""

from django.contrib.auth import get_user_model
from django.utils import translation

from accounts.rules import STAFF_GROUP
from notifications.services import notify
from partners.calendar import booking_ics, consultation_ics, consultation_location
from partners.models import ConsultationRequest, RoomBooking
from partners.selectors import partner_people, startup_people

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


def tell_booker(
    booking: RoomBooking,
    kind: str,
    *,
    reason: str = "",
    overlapped: bool = False,
    ics: bool = True,
    key_suffix: str = "",
) -> None:
    """Tell the booker what became of the booking, in their language; a confirmation or a
    cancellation of a confirmed booking comes with the calendar file."""
    person = booking.booked_by
    context = {
        "room": booking.room.name_ko if person.language == "ko" else booking.room.name_en,
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
        with translation.override(person.language):
            context["ics"] = booking_ics(booking)
    notify(
        person,
        kind,
        context,
        key=f"{kind}:{booking.pk}:{booking.sequence}{key_suffix}:{person.pk}",
    )


def tell_staff_pending(booking: RoomBooking) -> None:
    """Tell programme staff that a booking awaits their approval."""
    staff = get_user_model().objects.filter(is_active=True, is_staff=True, groups__name=STAFF_GROUP)
    for person in staff:
        notify(
            person,
            "partners.booking_awaiting_approval",
            {
                "room": booking.room.name_ko if person.language == "ko" else booking.room.name_en,
                "purpose": booking.purpose,
                "attendees": booking.attendees,
                "starts_at": booking.starts_at,
                "ends_at": booking.ends_at,
                "booker": booking.booked_by.get_full_name(),
                "url": f"/admin/partners/roombooking/{booking.pk}/change/",
            },
            key=f"partners.booking_awaiting_approval:{booking.pk}:{person.pk}",
        )
