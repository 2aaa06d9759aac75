"""Before a session: the reminder to both sides, found by the beat task."""

from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from mentoring.models import Session, SessionStatus
from mentoring.services.booking import tell_both

REMINDER_AHEAD = timedelta(hours=24)


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
            tell_both(session, "mentoring.session_reminder", key_suffix="reminder")
            sent += 1
    return sent
