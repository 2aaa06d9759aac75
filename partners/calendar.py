"""Calendar invitations (.ics) of room bookings and consultations, and where they take place."""

from django.conf import settings
from django.utils.translation import gettext as _

from accounts.selectors import startup_people
from core.ics import build_event, programme_office
from partners.models import (
    BookingStatus,
    ConsultationRequest,
    ConsultationStatus,
    MeetingMode,
    Room,
    RoomBooking,
)
from partners.selectors import partner_people


def room_location(room: Room) -> str:
    """Where a room is, in the active language (an invitation's LOCATION)."""
    return _("%(room)s (%(floor)s), BMS partnering office, Seoul Bio Hub, Hongneung") % {
        "room": room.name,
        "floor": room.floor,
    }


def booking_ics(booking: RoomBooking) -> str:
    """The booking's invitation, from the programme office to the booker; a cancelled
    booking's cancels it (same UID, next SEQUENCE)."""
    return build_event(
        uid=f"room-booking-{booking.uid}@seoulbiohub.kr",
        sequence=booking.sequence,
        starts_at=booking.starts_at,
        ends_at=booking.ends_at,
        summary=_("Meeting room: %(room)s — %(purpose)s")
        % {"room": booking.room.name, "purpose": booking.purpose},
        location=room_location(booking.room),
        url=settings.SITE_URL + booking.get_absolute_url(),
        organizer=programme_office(),
        attendees=[(booking.booked_by.email, booking.booked_by.get_full_name())],
        cancelled=booking.status == BookingStatus.CANCELLED,
    )


def consultation_location(consultation: ConsultationRequest) -> str:
    """The video link online; in person, the booked room, else the office."""
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
    """The agreed meeting's invitation to both sides' people; a cancelled meeting's cancels
    it (same UID, next SEQUENCE)."""
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
        cancelled=consultation.status == ConsultationStatus.CANCELLED,
    )
