"""Telling every applicant of a call their outcome, in chunks, after staff publish the results.

The staff request (workflow.publish_results) only stamps the call and writes a PublicationJob;
workers walk the decided applications in id order, PUBLICATION_CHUNK_SIZE at a time. Each
chunk is one transaction: lock the job, write the chunk's outcome notifications (idempotent by
key, `challenges.result:<application>:<user>`), move the job's cursor and heartbeat. A worker
killed mid-chunk leaves nothing of it (its transaction never commits) and the job where it
was; the beat sweep (resume_stalled_publications) hands a job whose heartbeat stopped to a
worker again, from its cursor. So every applicant gets exactly one outcome notification,
whatever happens to the workers or the broker.

Tasks are enqueued by name (like notifications.outbox): challenges.tasks imports this module.
"""

import logging
from collections import defaultdict
from collections.abc import Callable
from datetime import datetime
from functools import partial

from celery import current_app
from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone

from accounts.models import StartupMembership
from challenges.models import (
    ACTIVE_PUBLICATION,
    Application,
    ApplicationStatus,
    Challenge,
    PublicationJob,
    PublicationStatus,
)
from core.audit import log_action
from notifications.outbox import NotificationSpec, notify_many

logger = logging.getLogger(__name__)

RUN_PUBLICATION_CHUNK = "challenges.run_publication_chunk"

OUTCOME_KINDS = {
    ApplicationStatus.SELECTED: "challenges.result_selected",
    ApplicationStatus.NOT_SELECTED: "challenges.result_not_selected",
    ApplicationStatus.INELIGIBLE: "challenges.result_ineligible",
}


def outcome_key(application_id: int, user_id: int) -> str:
    """The outbox key of one member's outcome: at most one notification each, ever."""
    return f"challenges.result:{application_id}:{user_id}"


def applications_to_tell(challenge: Challenge) -> QuerySet:
    """The call's applications that have an outcome to tell (withdrawn ones have none)."""
    return Application.objects.filter(challenge=challenge, status__in=OUTCOME_KINDS)


def enqueue_chunk(job_id: int, cursor: int) -> bool:
    """Hand the job's next chunk to a worker. Never raises: the sweep restarts a job whose
    message was lost (the broker down at commit, a worker killed)."""
    task = current_app.tasks[RUN_PUBLICATION_CHUNK]  # NotRegistered is a bug, not an outage
    try:
        task.apply_async((job_id, cursor))
    except Exception as exc:  # the broker is down or unreachable
        logger.warning("publication %s waits for the sweep: broker unavailable (%s)", job_id, exc)
        return False
    return True


def _application_url() -> Callable[[int], str]:
    """The application page's path for any id, from one reverse() for the whole chunk."""
    marker = 9876543210
    head, tail = reverse("challenges:application_detail", args=[marker]).split(str(marker))
    return lambda pk: f"{head}{pk}{tail}"


def outcome_specs(challenge: Challenge, applications: list[Application]) -> list[NotificationSpec]:
    """One outcome notification per member of each application, in the member's language.

    Two queries whatever the number of applications: the applications (given, with their
    startup and reason) and the members with their accounts.
    """
    members = defaultdict(list)
    for membership in (
        StartupMembership.objects.filter(startup__in={a.startup_id for a in applications})
        .select_related("user")
        .order_by("pk")
    ):
        members[membership.startup_id].append(membership.user)
    url_of = _application_url()
    title = {"ko": challenge.title_ko, "en": challenge.title_en}
    specs = []
    for application in applications:
        reason = application.decision_reason
        context = {
            "challenge_title": title,
            "reason": {"ko": reason.label_ko, "en": reason.label_en} if reason else None,
            "note": application.decision_note,
            "url": url_of(application.pk),
        }
        for user in members[application.startup_id]:
            specs.append(
                NotificationSpec(
                    recipient=user,
                    kind=OUTCOME_KINDS[application.status],
                    context={**context, "startup": application.startup.name_in(user.language)},
                    key=outcome_key(application.pk, user.pk),
                )
            )
    return specs


def run_publication_chunk(
    job_id: int, cursor: int, *, now: datetime | None = None
) -> PublicationJob | None:
    """Tell the next PUBLICATION_CHUNK_SIZE applications after `cursor`, in one transaction.

    Returns None, doing nothing, when the job is finished or has moved past `cursor` (a
    repeated message: the chunk was done already). Side effects: the outcome notifications
    (sent by the outbox after commit), the job's progress, and after commit the next chunk's
    message; on the last chunk the job is done and an audit entry says how many were told.
    """
    size = settings.PUBLICATION_CHUNK_SIZE
    with transaction.atomic():
        job = (
            PublicationJob.objects.select_for_update(of=("self",))
            .select_related("challenge")
            .filter(pk=job_id)
            .first()
        )
        if job is None or job.status not in ACTIVE_PUBLICATION or job.cursor != cursor:
            return None
        now = now or timezone.now()
        applications = list(
            applications_to_tell(job.challenge)
            .filter(pk__gt=cursor)
            .select_related("startup", "decision_reason")
            .order_by("pk")[:size]
        )
        job.cursor = applications[-1].pk if applications else cursor
        finished = len(applications) < size
        if not finished:
            # Queued before this chunk's sends (on-commit callbacks run in order), so the
            # chunks stay ahead of the thousands of emails they queue.
            transaction.on_commit(partial(enqueue_chunk, job.pk, job.cursor))
        written = notify_many(outcome_specs(job.challenge, applications))
        fields = ["done", "written", "cursor", "heartbeat_at", "failures", "last_error"]
        job.done += len(applications)
        job.written += written
        job.heartbeat_at = now
        job.failures, job.last_error = 0, ""
        if job.status == PublicationStatus.QUEUED:
            # Counted here, not by the request that published: counting is the one step
            # whose cost grows with the call.
            job.total = applications_to_tell(job.challenge).count()
            job.status, job.started_at = PublicationStatus.RUNNING, now
            fields += ["total", "status", "started_at"]
        if finished:
            job.status, job.finished_at = PublicationStatus.DONE, now
            fields += ["status", "finished_at"]
        job.save(update_fields=list(dict.fromkeys(fields)))
        if finished:
            log_action(
                job.challenge,
                "challenges.challenge.results_told",
                data={"job": job.pk, "applications": job.done, "notifications": job.written},
            )
    return job


def record_publication_error(job_id: int, *, error: str) -> None:
    """A chunk raised: keep the error on the job for staff; the sweep tries it again, and
    gives up after PUBLICATION_MAX_FAILURES failures in a row."""
    with transaction.atomic():
        job = PublicationJob.objects.select_for_update().filter(pk=job_id).first()
        if job is None or job.status not in ACTIVE_PUBLICATION:
            return
        job.failures += 1
        job.last_error = error[:2000]
        job.save(update_fields=["failures", "last_error"])


@transaction.atomic
def resume_stalled_publications(*, now: datetime | None = None) -> int:
    """Beat, every minute: hand every active job whose heartbeat is older than
    PUBLICATION_STALLED_AFTER to a worker again, from its cursor. Returns how many.

    A job whose chunk keeps failing ends as failed (visible in the admin; publishing again
    starts a new job that tells only those not told yet). A job locked by a live chunk is
    skipped. Side effects: the jobs' heartbeat and restart count, after commit their messages.
    """
    now = now or timezone.now()
    stalled = (
        PublicationJob.objects.select_for_update(skip_locked=True)
        .filter(
            status__in=ACTIVE_PUBLICATION,
            heartbeat_at__lt=now - settings.PUBLICATION_STALLED_AFTER,
        )
        .order_by("pk")
    )
    restarted = 0
    for job in stalled:
        if job.failures >= settings.PUBLICATION_MAX_FAILURES:
            job.status, job.finished_at = PublicationStatus.FAILED, now
            job.save(update_fields=["status", "finished_at"])
            log_action(
                job.challenge,
                "challenges.challenge.results_publication_failed",
                data={"job": job.pk, "done": job.done, "total": job.total},
            )
            continue
        logger.warning(
            "publication %s stalled at application %s (%s of %s); restarting",
            job.pk,
            job.cursor,
            job.done,
            job.total,
        )
        job.restarts += 1
        job.heartbeat_at = now
        job.save(update_fields=["restarts", "heartbeat_at"])
        transaction.on_commit(partial(enqueue_chunk, job.pk, job.cursor))
        restarted += 1
    return restarted
