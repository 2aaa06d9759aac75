"""Celery tasks of the challenges app: periodic sweeps; each calls a service."""

from celery import shared_task

from challenges import services
from challenges.services import outcomes, publication
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


@shared_task(name=publication.RUN_PUBLICATION_CHUNK, acks_late=True)
def run_publication_chunk(job_id: int, cursor: int) -> None:
    """One chunk of a results publication. Safe to run twice: the job row is locked and a
    message for a cursor the job has moved past does nothing."""
    try:
        publication.run_publication_chunk(job_id, cursor)
    except Exception as exc:
        publication.record_publication_error(job_id, error=repr(exc))
        raise


@shared_task(name="challenges.resume_publications")
def resume_publications() -> int:
    """Beat, every minute: restart results publications whose worker or message was lost."""
    return publication.resume_stalled_publications()
