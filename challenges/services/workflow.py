"""Staff decisions on submitted applications, and publishing the results.

Every move checks the transition table (challenges.models.TRANSITIONS), locks the row, and is
audit-logged with actor, from, to and reason. Deciding tells nobody: founders hear their
outcome only when staff publish the results of the whole challenge.
"""

from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import StartupMembership
from challenges.exceptions import ApplicationError
from challenges.models import (
    UNDECIDED,
    Application,
    ApplicationStatus,
    Challenge,
    DecisionReason,
    DecisionReasonKind,
)
from challenges.services.common import ensure_transition, lock_application
from core.audit import log_action
from notifications.services import NotificationSpec, notify_many


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


OUTCOME_KINDS = {
    ApplicationStatus.SELECTED: "challenges.result_selected",
    ApplicationStatus.NOT_SELECTED: "challenges.result_not_selected",
    ApplicationStatus.INELIGIBLE: "challenges.result_ineligible",
}


@dataclass(frozen=True)
class PublishedResults:
    """What publish_results did: `written` notifications; `first_time` False when the results
    had been published before (`published_at`), so only people not yet told got one."""

    written: int
    first_time: bool
    published_at: datetime


@transaction.atomic
def publish_results(
    challenge: Challenge, *, actor, now: datetime | None = None
) -> PublishedResults:
    """Tell every applicant of the challenge their outcome, each in their own language.

    Refused while any submitted application is undecided. Writes the outbox rows in bulk (a
    handful of queries however many applicants) and leaves the sending to the workers.
    Publishing again sends nothing new (only a member added since is told).
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
    first_time = challenge.results_published_at is None
    if first_time:
        challenge.results_published_at = now
        challenge.save(update_fields=["results_published_at", "updated_at"])
    applications = (
        challenge.applications.filter(status__in=OUTCOME_KINDS)
        .select_related("startup", "decision_reason")
        .prefetch_related(
            Prefetch(
                "startup__memberships",
                queryset=StartupMembership.objects.select_related("user"),
            )
        )
    )
    specs = []
    for application in applications:
        reason = application.decision_reason
        context = {
            "challenge_title": {"ko": challenge.title_ko, "en": challenge.title_en},
            "startup": application.startup.name,
            "reason": {"ko": reason.label_ko, "en": reason.label_en} if reason else None,
            "note": application.decision_note,
            "url": application.get_absolute_url(),
        }
        for membership in application.startup.memberships.all():
            specs.append(
                NotificationSpec(
                    recipient=membership.user,
                    kind=OUTCOME_KINDS[application.status],
                    context={
                        **context,
                        "startup": application.startup.name_in(membership.user.language),
                    },
                    key=f"challenges.result:{application.pk}:{membership.user_id}",
                )
            )
    written = notify_many(specs)
    if first_time:
        log_action(
            challenge,
            "challenges.challenge.results_published",
            actor=actor,
            data={"notifications": written},
        )
    return PublishedResults(
        written=written, first_time=first_time, published_at=challenge.results_published_at
    )
