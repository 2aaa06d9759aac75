from datetime import timedelta

from celery import shared_task

from notifications import delivery
from notifications.models import NotificationStatus
from notifications.outbox import SEND_BATCH, SEND_NOTIFICATION


def backoff(retries: int) -> timedelta:
    """30 s, 60 s, 120 s, 240 s, then every 5 minutes: never far in the future."""
    return timedelta(seconds=min(30 * 2**retries, 300))


@shared_task(name=SEND_NOTIFICATION, bind=True, acks_late=True, max_retries=None)
def send_notification(self, notification_id: int) -> None:
    """Send one outbox row. Safe to run twice: the row is locked and checked first."""
    try:
        delivery.deliver_notification(notification_id)
    except Exception as exc:
        retry_in = backoff(self.request.retries)
        notification = delivery.record_failure(notification_id, error=repr(exc), retry_in=retry_in)
        if notification.status == NotificationStatus.PENDING and not self.request.is_eager:
            raise self.retry(exc=exc, countdown=retry_in.total_seconds()) from exc


@shared_task(name=SEND_BATCH, acks_late=True)
def send_batch(notification_ids: list[int]) -> None:
    """Fan a batch (e.g. published results) out into one send task per notification."""
    for notification_id in notification_ids:
        send_notification.delay(notification_id)


@shared_task(name="notifications.requeue_pending")
def requeue_pending() -> int:
    """Beat, every minute: enqueue pending rows that no worker has sent yet."""
    return delivery.requeue_pending()
