"""Grants: awarding within the challenge's budget, the tranche plan, the agreement, milestone
reports by the grantee and payments by the programme office.

Rows are always locked in the same order (challenge, application, grant, tranche), so two
services never wait on each other in a circle.
"""

from collections.abc import Iterable
from datetime import date

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from challenges import grant_selectors
from challenges.exceptions import GrantError
from challenges.models import (
    GRANT_TRANSITIONS,
    TRANCHE_TRANSITIONS,
    Application,
    ApplicationStatus,
    Challenge,
    Grant,
    GrantReport,
    GrantStatus,
    Tranche,
    TrancheStatus,
)
from challenges.services.common import lock_application
from core.audit import log_action
from core.money import format_krw
from core.transitions import ensure

BUDGET_CONSTRAINT = "challenge_awarded_within_budget"
MAX_FILES_PER_REPORT = 5
MAX_REPORT_LENGTH = 10_000
MAX_MILESTONE_LENGTH = 300


def ensure_tranche_transition(tranche: Tranche, target: str) -> None:
    """Raise TransitionNotAllowed unless TRANCHE_TRANSITIONS lets the tranche become `target`."""
    message = _("Tranche %(number)s is “%(current)s”, so it cannot become “%(target)s”.")
    # The number is ours to fill in; core.transitions fills in the two statuses.
    message %= {"number": tranche.sequence, "current": "%(current)s", "target": "%(target)s"}
    ensure(TRANCHE_TRANSITIONS, tranche.status, target, message=message)


def ensure_grant_transition(grant: Grant, target: str) -> None:
    """Raise TransitionNotAllowed unless GRANT_TRANSITIONS lets the grant become `target`."""
    ensure(
        GRANT_TRANSITIONS,
        grant.status,
        target,
        message=_("A grant that is “%(current)s” cannot become “%(target)s”."),
    )


def checked_report(text: str, files: Iterable, *, empty: str) -> tuple[str, list]:
    """A grantee's report (milestone or grant report) as it may be stored: the text stripped
    and within MAX_REPORT_LENGTH, at most MAX_FILES_PER_REPORT files. `empty`: the message
    when there is no text."""
    text = (text or "").strip()
    if not text:
        raise GrantError(empty, code="text_required")
    if len(text) > MAX_REPORT_LENGTH:
        raise GrantError(
            _("Keep the report under %(limit)s characters.") % {"limit": MAX_REPORT_LENGTH},
            code="text_too_long",
        )
    files = list(files)
    if len(files) > MAX_FILES_PER_REPORT:
        raise GrantError(
            _("Attach at most %(limit)s files to one report.") % {"limit": MAX_FILES_PER_REPORT},
            code="too_many_files",
        )
    return text, files


def _ensure_whole_won(amount) -> None:
    if isinstance(amount, bool) or not isinstance(amount, int):
        raise GrantError(_("Amounts are whole won."), code="amount_not_integer")
    if amount <= 0:
        raise GrantError(
            _("The amount must be more than %(zero)s.") % {"zero": format_krw(0)},
            code="amount_not_positive",
        )


def _over_budget(challenge: Challenge, amount: int, remaining: int) -> GrantError:
    return GrantError(
        _(
            "Only %(remaining)s of the budget of %(budget)s is left for this call, so a grant "
            "of %(amount)s cannot be awarded."
        )
        % {
            "remaining": format_krw(remaining),
            "budget": format_krw(challenge.total_budget),
            "amount": format_krw(amount),
        },
        code="over_budget",
    )


def _lock_challenge(challenge_id: int) -> Challenge:
    return Challenge.objects.select_for_update().get(pk=challenge_id)


def lock_grant(grant: Grant) -> Grant:
    """The grant again, row-locked (not its application). Call inside a transaction."""
    return (
        Grant.objects.select_for_update(of=("self",)).select_related("application").get(pk=grant.pk)
    )


def lock_tranche(tranche: Tranche) -> tuple[Grant, Tranche]:
    """The grant first, then the tranche: the grant's state decides what a tranche may do."""
    grant = lock_grant(Grant(pk=tranche.grant_id))
    tranche = Tranche.objects.select_for_update().get(pk=tranche.pk)
    tranche.grant = grant
    return grant, tranche


def ensure_active(grant: Grant) -> None:
    """Raise GrantError unless the grant's agreement is signed and the grant not yet ended:
    the only time its milestones are reported, reviewed and paid."""
    if grant.status != GrantStatus.ACTIVE:
        raise GrantError(
            _(
                "Milestones are handled only between the signed agreement and the end of the "
                "grant; this grant is “%(status)s”."
            )
            % {"status": GrantStatus(grant.status).label},
            code="grant_not_active",
        )


# --- awarding -----------------------------------------------------------------------------


@transaction.atomic
def award_grant(application: Application, *, actor, amount: int) -> Grant:
    """Award the research grant of a selected application, within the call's budget.

    Locks the challenge row, so awards for one call are decided one after the other, then
    raises `awarded_total` in the same transaction; the database check
    challenge_awarded_within_budget refuses an overrun even if this check were bypassed.
    Audit-logged; nobody is notified (the founders sign the agreement with the office).
    """
    _ensure_whole_won(amount)
    challenge = _lock_challenge(application.challenge_id)
    application = lock_application(application)
    if application.status != ApplicationStatus.SELECTED:
        raise GrantError(
            _("Only a selected application can receive a grant; this one is “%(status)s”.")
            % {"status": ApplicationStatus(application.status).label},
            code="not_selected",
        )
    if Grant.objects.filter(application=application).exists():
        raise GrantError(_("This application already has a grant."), code="already_awarded")
    if amount > challenge.max_grant_amount:
        raise GrantError(
            _("%(amount)s is more than this call's maximum of %(maximum)s per startup.")
            % {
                "amount": format_krw(amount),
                "maximum": format_krw(challenge.max_grant_amount),
            },
            code="above_maximum",
        )
    remaining = challenge.total_budget - challenge.awarded_total
    if amount > remaining:
        raise _over_budget(challenge, amount, remaining)
    try:
        with transaction.atomic():
            Challenge.objects.filter(pk=challenge.pk).update(
                awarded_total=F("awarded_total") + amount, updated_at=timezone.now()
            )
            grant = Grant.objects.create(application=application, amount=amount, awarded_by=actor)
    except IntegrityError as error:
        if BUDGET_CONSTRAINT not in str(error):
            raise
        challenge.refresh_from_db(fields=["awarded_total"])
        raise _over_budget(
            challenge, amount, challenge.total_budget - challenge.awarded_total
        ) from None
    log_action(
        grant,
        "challenges.grant.awarded",
        actor=actor,
        data={
            "amount": amount,
            "application": application.pk,
            "challenge": challenge.pk,
            "awarded_total": challenge.awarded_total + amount,
        },
    )
    return grant


@transaction.atomic
def cancel_grant(grant: Grant, *, actor, reason: str) -> Grant:
    """Cancel a grant of which nothing has been paid; its amount goes back to the budget.

    The reason is required and kept in the audit log.
    """
    if not reason.strip():
        raise GrantError(_("Give the reason for cancelling the grant."), code="reason_required")
    challenge_id = Application.objects.values_list("challenge_id", flat=True).get(
        pk=grant.application_id
    )
    _lock_challenge(challenge_id)
    grant = lock_grant(grant)
    ensure_grant_transition(grant, GrantStatus.CANCELLED)
    if grant.tranches.filter(status=TrancheStatus.PAID).exists():
        raise GrantError(
            _("Part of this grant has been paid, so it can no longer be cancelled."),
            code="already_paid",
        )
    Challenge.objects.filter(pk=challenge_id).update(
        awarded_total=F("awarded_total") - grant.amount, updated_at=timezone.now()
    )
    previous = grant.status
    grant.status = GrantStatus.CANCELLED
    grant.save(update_fields=["status"])
    log_action(
        grant,
        "challenges.grant.cancelled",
        actor=actor,
        data={"from": previous, "to": grant.status, "amount": grant.amount, "reason": reason},
    )
    return grant


# --- the plan and the agreement -----------------------------------------------------------


def _clean_plan(tranches: list[dict]) -> list[dict]:
    if not tranches:
        raise GrantError(_("Plan at least one tranche."), code="empty_plan")
    cleaned = []
    for number, tranche in enumerate(tranches, start=1):
        amount, due_on = tranche.get("amount"), tranche.get("due_on")
        milestone = str(tranche.get("milestone") or "").strip()
        _ensure_whole_won(amount)
        if not isinstance(due_on, date):
            raise GrantError(
                _("Give the due date of tranche %(number)s.") % {"number": number},
                code="due_on_required",
            )
        if not milestone or len(milestone) > MAX_MILESTONE_LENGTH:
            raise GrantError(
                _("Describe the milestone of tranche %(number)s in at most %(limit)s characters.")
                % {"number": number, "limit": MAX_MILESTONE_LENGTH},
                code="milestone_required",
            )
        cleaned.append({"amount": amount, "due_on": due_on, "milestone": milestone})
    return cleaned


@transaction.atomic
def set_tranches(grant: Grant, *, actor, tranches: list[dict]) -> list[Tranche]:
    """Replace the grant's tranche plan (amount, due_on, milestone each), in payment order.

    Allowed until a milestone has been reported; the amounts must add up to the grant exactly.
    Audit-logged with the whole plan.
    """
    grant = lock_grant(grant)
    if grant.status != GrantStatus.AWARDED:  # signed agreements fix the plan
        raise GrantError(
            _("The plan of a grant that is “%(status)s” cannot be changed.")
            % {"status": GrantStatus(grant.status).label},
            code="grant_closed",
        )
    if grant.tranches.exclude(status=TrancheStatus.PLANNED).exists():
        raise GrantError(
            _("A milestone has already been reported, so the plan can no longer be changed."),
            code="plan_started",
        )
    plan = _clean_plan(tranches)
    total = sum(tranche["amount"] for tranche in plan)
    if total != grant.amount:
        raise GrantError(
            _(
                "The tranches add up to %(total)s, but the grant is %(amount)s. Change the "
                "amounts so that they add up to the grant exactly."
            )
            % {"total": format_krw(total), "amount": format_krw(grant.amount)},
            code="plan_does_not_add_up",
        )
    # Reports that hold back a tranche keep holding back the tranche of the same number.
    held_back = dict(
        GrantReport.objects.filter(grant=grant, tranche__isnull=False).values_list(
            "pk", "tranche__sequence"
        )
    )
    dropped = sorted({number for number in held_back.values() if number > len(plan)})
    if dropped:
        raise GrantError(
            _(
                "A report holds back tranche %(number)s, which the new plan no longer has. "
                "Change or remove the report first."
            )
            % {"number": dropped[0]},
            code="tranche_held_back",
        )
    GrantReport.objects.filter(pk__in=held_back).update(tranche=None)
    grant.tranches.all().delete()
    created = Tranche.objects.bulk_create(
        Tranche(grant=grant, sequence=number, **tranche)
        for number, tranche in enumerate(plan, start=1)
    )
    by_number = {tranche.sequence: tranche for tranche in created}
    for report_pk, number in held_back.items():
        GrantReport.objects.filter(pk=report_pk).update(tranche=by_number[number])
    log_action(
        grant,
        "challenges.grant.tranches_set",
        actor=actor,
        data={"tranches": plan},
    )
    return created


@transaction.atomic
def sign_agreement(grant: Grant, *, actor, signed_on: date) -> Grant:
    """Record the signed grant agreement: the grant becomes active and milestones reportable.

    Needs a tranche plan that adds up to the grant. Audit-logged.
    """
    grant = lock_grant(grant)
    ensure_grant_transition(grant, GrantStatus.ACTIVE)
    total = grant_selectors.plan_total(grant)
    if total != grant.amount:
        raise GrantError(
            _(
                "Plan the tranches before the agreement is signed: they add up to %(total)s, "
                "but the grant is %(amount)s."
            )
            % {"total": format_krw(total), "amount": format_krw(grant.amount)},
            code="plan_does_not_add_up",
        )
    previous = grant.status
    grant.status = GrantStatus.ACTIVE
    grant.agreement_signed_on = signed_on
    grant.save(update_fields=["status", "agreement_signed_on"])
    log_action(
        grant,
        "challenges.grant.agreement_signed",
        actor=actor,
        data={"from": previous, "to": grant.status, "signed_on": signed_on},
    )
    return grant
