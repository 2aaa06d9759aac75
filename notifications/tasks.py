from datetime import timedelta

from celery import shared_task
from django.conf import settings

from notifications import services


def backoff(retries: int) -> timedelta:
    """30 s, 60 s, 120 s, 240 s, then every 5 minutes: never far in the future."""
    return timedelta(seconds=min(30 * 2**retries, 300))


@shared_task(name="notifications.send_notification", bind=True, acks_late=True, max_retries=None)
def send_notification(self, notification_id: int) -> None:
    """Send one outbox row. Safe to run twice: the row is locked and checked first."""
    try:
        services.deliver_notification(notification_id)
    except Exception as exc:
        final = self.request.retries + 1 >= settings.NOTIFICATION_MAX_ATTEMPTS
        retry_in = None if final else backoff(self.request.retries)
        services.record_failure(notification_id, error=repr(exc), retry_in=retry_in)
        if retry_in is not None and not self.request.is_eager:
            raise self.retry(exc=exc, countdown=retry_in.total_seconds()) from exc


@shared_task(name="notifications.requeue_pending")
def requeue_pending() -> int:
    """Beat, every minute: enqueue pending rows that no worker has sent yet."""
    return services.requeue_pending()
