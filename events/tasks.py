from celery import shared_task

from events import services


@shared_task(name="events.send_due_reminders")
def send_due_reminders() -> int:
    """Beat, every 10 minutes: reminders for events starting within 24 hours."""
    return services.send_due_reminders()
