"""Celery tasks of the challenges app: periodic sweeps; each calls a service."""

from celery import shared_task

from challenges import services


@shared_task(name="challenges.delete_orphan_uploads")
def delete_orphan_uploads() -> int:
    """Beat, hourly: application and milestone files no row names, older than a day."""
    return services.delete_orphan_uploads()
