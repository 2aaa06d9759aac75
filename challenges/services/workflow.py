"""Staff decisions on submitted applications, and publishing the results.

Every move checks the transition table (challenges.models.TRANSITIONS), locks the row, and is
audit-logged with actor, from, to and reason. Deciding tells nobody: founders hear their
outcome only when staff publish the results of the whole challenge.
"""

from dataclasses import dataclass
from datetime import datetime
from functools import partial

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from challenges.exceptions import ApplicationError
from challenges.models import (
    ACTIVE_PUBLICATION,
    UNDECIDED,
    Application,
    ApplicationStatus,
    Challenge,
    DecisionReason,
    DecisionReasonKind,
    PublicationJob,
)
from challenges.services import publication
from challenges.services.common import ensure_transition, lock_application
from core.audit import log_action


def _move(
    application: Application,
    target: str,
    *,
    actor,
    reason: DecisionReason | None = None,
    note: str = "",
) -> Application:
    application = lock_application(application)
    previous = application.status
    ensure_transition(previous, target)
    application.status = target
    fields = ["status", "updated_at"]
    if target in (ApplicationStatus.INELIGIBLE, ApplicationStatus.NOT_SELECTED):
        application.decision_reason = reason
        application.decision_note = note
        fields += ["decision_reason", "decision_note"]
    application.save(update_fields=fields)
    log_action(
        application,
        f"challenges.application.{target}",
        actor=actor,
        data={
            "from": previous,
            "to": target,
            "reason": reason.code if reason else "",
            "note": note,
        },
    )
    return application


def _require_reason(reason: DecisionReason | None, kind: str) -> DecisionReason:
    if reason is None or reason.kind != kind or not reason.is_active:
        raise ApplicationError(
            _("Choose one of the reasons for this decision."), code="reason_required"
        )
    return reason


@transaction.atomic
def move_to_screening(application: Application, *, actor) -> Application:
    """Staff start checking a submitted application. No notification."""
    return _move(application, ApplicationStatus.SCREENING, actor=actor)


@transaction.atomic
def start_review(application: Application, *, actor) -> Application:
    """Screening passed: the application goes to the reviewers. No notification."""
    return _move(application, ApplicationStatus.UNDER_REVIEW, actor=actor)


@transaction.atomic
def mark_ineligible(
    application: Application, *, actor, reason: DecisionReason | None, note: str = ""
) -> Application:
    """Ineligible, with a reason from the list. Told when the results are published."""
    reason = _require_reason(reason, DecisionReasonKind.INELIGIBLE)
    return _move(application, ApplicationStatus.INELIGIBLE, actor=actor, reason=reason, note=note)


@transaction.atomic
def shortlist(application: Application, *, actor) -> Application:
    """Reviewed well: on the shortlist. No notification."""
    return _move(application, ApplicationStatus.SHORTLISTED, actor=actor)


@transaction.atomic
def invite_to_interview(application: Application, *, actor) -> Application:
    """Shortlisted and invited to an interview (arranged by the programme office)."""
    return _move(application, ApplicationStatus.INTERVIEW, actor=actor)


@transaction.atomic
def select_application(application: Application, *, actor, note: str = "") -> Application:
    """Selected. Nobody is told until the results are published (publish_results)."""
    return _move(application, ApplicationStatus.SELECTED, actor=actor, note=note)


@transaction.atomic
def not_select_application(
    application: Application, *, actor, reason: DecisionReason | None, note: str = ""
) -> Application:
    """Not selected, with a reason from the list. Told when the results are published."""
    reason = _require_reason(reason, DecisionReasonKind.NOT_SELECTED)
    return _move(application, ApplicationStatus.NOT_SELECTED, actor=actor, reason=reason, note=note)


@dataclass(frozen=True)
class PublishedResults:
    """What publish_results did: `job` tells the applicants (its progress is in the admin);
    `first_time` False when the results had been published before (`published_at`), so the
    job tells only people not yet told; `joined` True when a job of the call was still
    running, and that job is returned instead of a new one."""

    job: PublicationJob
    first_time: bool
    published_at: datetime
    joined: bool = False


@transaction.atomic
def publish_results(
    challenge: Challenge, *, actor, now: datetime | None = None
) -> PublishedResults:
    """Publish the call's results: every decided applicant is told, each in their language.

    Refused while any submitted application is undecided. The request does a fixed amount of
    work whatever the number of applicants: it locks the call, stamps `results_published_at`
    (the first time) and writes one PublicationJob; after commit a worker counts the
    applicants to tell and tells them chunk by chunk (challenges.services.publication).
    Publishing again starts a job that writes only what is missing (a member added since);
    while a job of the call is still running, that job is returned. Audit-logged the first
    time.
    """
    now = now or timezone.now()
    challenge = Challenge.objects.select_for_update().get(pk=challenge.pk)
    undecided = challenge.applications.filter(status__in=UNDECIDED).count()
    if undecided:
        raise ApplicationError(
            _("%(count)s applications have no decision yet; decide them before publishing.")
            % {"count": undecided},
            code="undecided",
        )
    running = PublicationJob.objects.filter(
        challenge=challenge, status__in=ACTIVE_PUBLICATION
    ).first()
    if running is not None:
        return PublishedResults(
            job=running,
            first_time=False,
            published_at=challenge.results_published_at,
            joined=True,
        )
    first_time = challenge.results_published_at is None
    if first_time:
        challenge.results_published_at = now
        challenge.save(update_fields=["results_published_at", "updated_at"])
    job = PublicationJob.objects.create(
        challenge=challenge,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
        created_at=now,
        heartbeat_at=now,
    )
    if first_time:
        log_action(
            challenge,
            "challenges.challenge.results_published",
            actor=actor,
            data={"job": job.pk},
        )
    transaction.on_commit(partial(publication.enqueue_chunk, job.pk, job.cursor))
    return PublishedResults(
        job=job, first_time=first_time, published_at=challenge.results_published_at
    )
