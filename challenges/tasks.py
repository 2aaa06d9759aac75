"""Celery tasks of the challenges app: periodic sweeps; each calls a service."""

from celery import shared_task

from challenges import services
from challenges.services import outcomes
from challenges.services.appeal_reminders import remind_appeal_committees


@shared_task(name="challenges.delete_orphan_uploads")
def delete_orphan_uploads() -> int:
    """Beat, hourly: application and milestone files no row names, older than a day."""
    return services.delete_orphan_uploads()


@shared_task(name="challenges.remind_reviewers")
def remind_reviewers() -> int:
    """Beat, hourly: reviews due within REVIEW_REMINDER_DAYS days, and overdue ones."""
    return services.remind_reviewers()


@shared_task(name="challenges.remind_grant_reports")
def remind_grant_reports() -> int:
    """Beat, hourly: grant reports due within GRANT_REPORT_REMINDER_DAYS days, and overdue."""
    return services.remind_grant_reports()


@shared_task(name="challenges.remind_appeal_committees")
def remind_appeal_committee_members() -> int:
    """Beat, hourly: appeals committee findings due within two days, and overdue ones."""
    return remind_appeal_committees()


@shared_task(name="challenges.send_outcome_surveys")
def send_outcome_surveys() -> int:
    """Beat, hourly: the one-time consent request, outcome surveys due, their reminders."""

    return (
        outcomes.ask_for_outcome_consent()
        + outcomes.send_outcome_surveys()
        + outcomes.send_outcome_reminders()
    )
