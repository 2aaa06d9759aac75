"""Celery tasks of the challenges app: periodic sweeps; each calls a service."""

from celery import shared_task

from challenges import services


@shared_task(name="challenges.delete_orphan_uploads")
def delete_orphan_uploads() -> int:
    """Beat, hourly: application and milestone files no row names, older than a day."""
    return services.delete_orphan_uploads()


@shared_task(name="challenges.remind_reviewers")
def remind_reviewers() -> int:
    """Beat, hourly: reviews due within REVIEW_REMINDER_DAYS days, and overdue ones."""
    return services.remind_reviewers()
