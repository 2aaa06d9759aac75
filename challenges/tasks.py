"""Celery tasks of the challenges app: periodic sweeps; each calls a service."""

from celery import shared_task

from challenges import services


@shared_task(name="challenges.delete_orphan_uploads")
def delete_orphan_uploads() -> int:
    """Beat, hourly: application and milestone files no row names, older than a day."""
    return services.delete_orphan_uploads()


@shared_task(name="challenges.send_outcome_surveys")
def send_outcome_surveys() -> int:
    """Beat, hourly: the one-time consent request, outcome surveys due, their reminders."""
    from challenges.services import outcomes

    return (
        outcomes.ask_for_outcome_consent()
        + outcomes.send_outcome_surveys()
        + outcomes.send_outcome_reminders()
    )
