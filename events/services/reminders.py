"""The day-before reminder, found by a periodic sweep (events.tasks)."""

from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from events.models import EventStatus, Registration, RegistrationStatus
from events.services.common import tell

REMINDER_AHEAD = timedelta(hours=24)


def send_due_reminders(*, now: datetime | None = None) -> int:
    """Remind confirmed registrants of events starting within 24 hours (beat task). One
    transaction per registration, whose row is skipped when another sweep holds it; stamps
    reminder_sent_at so nobody is reminded twice. Returns how many were reminded."""
    now = now or timezone.now()
    due = list(
        Registration.objects.filter(
            status=RegistrationStatus.CONFIRMED,
            reminder_sent_at__isnull=True,
            event__status=EventStatus.PUBLISHED,
            event__starts_at__gt=now,
            event__starts_at__lte=now + REMINDER_AHEAD,
        ).values_list("pk", flat=True)
    )
    sent = 0
    for pk in due:
        with transaction.atomic():
            registration = (
                Registration.objects.select_for_update(skip_locked=True, of=("self",))
                .select_related("event", "user")
                .filter(pk=pk, reminder_sent_at__isnull=True)
                .first()
            )
            if registration is None:
                continue
            registration.reminder_sent_at = now
            registration.save(update_fields=["reminder_sent_at"])
            tell(registration, "events.reminder", suffix="reminder", with_invite=False)
            sent += 1
    return sent
