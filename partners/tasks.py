from celery import shared_task

from partners import services


@shared_task(name="partners.send_due_reminders")
def send_due_reminders() -> int:
    """Beat, every 10 minutes: reminders for consultations and bookings within 24 hours."""
    return services.send_due_reminders()


@shared_task(name="partners.delete_orphan_decks")
def delete_orphan_decks() -> int:
    """Beat, hourly: consultation decks no request names, older than a day."""
    return services.delete_orphan_decks()
