from celery import shared_task

from events import services


@shared_task(name="events.send_due_reminders")
def send_due_reminders() -> int:
    """Beat, every 10 minutes: reminders for events starting within 24 hours."""
    return services.send_due_reminders()


@shared_task(name="events.send_online_links")
def send_online_links() -> int:
    """Beat, every 5 minutes: the joining link, once its release time before the start comes."""
    return services.send_online_links()


@shared_task(name="events.send_follow_ups")
def send_follow_ups() -> int:
    """Beat, every 30 minutes: certificates and survey, or materials, after the event."""
    return services.send_follow_ups()
