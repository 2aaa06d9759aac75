"""Reminders 24 hours before agreed consultations and confirmed room bookings."""

from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from partners.models import BookingStatus, ConsultationRequest, ConsultationStatus, RoomBooking
from partners.services.notices import tell, tell_booker

REMINDER_AHEAD = timedelta(hours=24)


def send_due_reminders(*, now: datetime | None = None) -> int:
    """Remind both sides of each consultation, and each booker, once. Safe to run often and
    from two workers at once: each row is claimed under a lock that skips claimed rows."""
    now = now or timezone.now()
    sent = 0
    due = {"starts_at__gt": now, "starts_at__lte": now + REMINDER_AHEAD, "reminder_sent_at": None}
    with transaction.atomic():
        consultations = (
            ConsultationRequest.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(status=ConsultationStatus.ACCEPTED, **due)
            .select_related("partner", "startup", "booking__room")
        )
        for consultation in consultations:
            tell(consultation, "partners.consultation_reminder", to="both", step="reminder")
            consultation.reminder_sent_at = now
            consultation.save(update_fields=["reminder_sent_at"])
            sent += 1
    with transaction.atomic():
        bookings = (
            RoomBooking.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(status=BookingStatus.CONFIRMED, consultation__isnull=True, **due)
            .select_related("room", "booked_by")
        )
        for booking in bookings:
            tell_booker(booking, "partners.booking_reminder", ics=False)
            booking.reminder_sent_at = now
            booking.save(update_fields=["reminder_sent_at"])
            sent += 1
    return sent
