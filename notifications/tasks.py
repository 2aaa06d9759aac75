from datetime import timedelta

from celery import shared_task

from notifications import delivery, kakao
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
    except kakao.ProviderRejected as exc:  # the provider said no: trying again will not help
        delivery.record_failure(notification_id, error=repr(exc), retry_in=None)
    except Exception as exc:
        retry_in = backoff(self.request.retries)
        notification = delivery.record_failure(
            notification_id,
            error=repr(exc),
            retry_in=retry_in,
            # A message whose sending stopped halfway may have gone out: its claim stays, and
            # the next attempt ends it as failed instead of sending it twice. Only "nothing
            # was accepted" (ProviderUnavailable) releases it; email rows are never claimed.
            release_claim=isinstance(exc, kakao.ProviderUnavailable),
        )
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
