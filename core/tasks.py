from celery import shared_task

from core.heartbeat import BEAT, record_heartbeat


@shared_task(name="core.beat_heartbeat", ignore_result=True)
def beat_heartbeat() -> None:
    """Beat, every minute: proof that the beat schedules and a worker runs what it sends.

    /health/ says "degraded" when this row is older than HEALTH_BEAT_SILENT_AFTER: then the
    sweep that recovers pending notifications is not running either.
    """
    record_heartbeat(BEAT)


@shared_task(name="core.destroy_expired_personal_data", ignore_result=True)
def destroy_expired_personal_data() -> None:
    """Beat, daily: destroy the personal data whose retention period has ended (PIPA Art. 21)."""
    from core.privacy import destroy_expired  # noqa: PLC0415 -- the registry loads apps' modules

    destroy_expired()
