from celery import shared_task

from mentoring import services


@shared_task(name="mentoring.send_due_reminders")
def send_due_reminders() -> int:
    """Beat, every 10 minutes: reminders for sessions starting within 24 hours."""
    return services.send_due_reminders()
