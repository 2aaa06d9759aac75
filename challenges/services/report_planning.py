"""Planning post-award reports: the programme office asks for an interim or final report,
moves its due date or takes it back. Locks follow challenges.services.grant_reports."""

from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from challenges.exceptions import GrantError
from challenges.models import (
    Grant,
    GrantReport,
    GrantStatus,
    ReportKind,
    ReportStatus,
    Tranche,
)
from challenges.services.grant_reports import OPEN_GRANT, RELEASED, lock_report
from challenges.services.grants import lock_grant
from core.audit import log_action


def _ensure_can_hold_back(grant: Grant, tranche: Tranche | None) -> None:
    if tranche is None:
        return
    if tranche.grant_id != grant.pk:
        raise GrantError(_("The tranche belongs to another grant."), code="other_grant")
    if tranche.status in RELEASED:
        raise GrantError(
            _("Tranche %(number)s is already approved, so a report can no longer hold it back.")
            % {"number": tranche.sequence},
            code="tranche_released",
        )


@transaction.atomic
def add_grant_report(
    grant: Grant,
    *,
    actor,
    kind: str,
    due_at: datetime,
    tranche: Tranche | None = None,
    instructions: str = "",
) -> GrantReport:
    """Ask the grantee for an interim or final report by `due_at`, optionally holding back
    `tranche` until the report is accepted. One final report per grant. Audit-logged on the
    grant; the founders hear of it through the reminders (challenges.services.report_reminders).
    """
    grant = lock_grant(grant)
    if grant.status not in OPEN_GRANT:
        raise GrantError(
            _("Reports cannot be planned for a grant that is “%(status)s”.")
            % {"status": GrantStatus(grant.status).label},
            code="grant_closed",
        )
    if kind not in ReportKind.values:
        raise GrantError(_("Choose an interim or a final report."), code="kind_required")
    if not isinstance(due_at, datetime) or timezone.is_naive(due_at):
        raise GrantError(_("Give the date and time the report is due."), code="due_at_required")
    if tranche is not None:
        tranche = Tranche.objects.select_for_update().get(pk=tranche.pk)
    _ensure_can_hold_back(grant, tranche)
    # The grant row is locked, so two final reports cannot be added at once; the constraint
    # one_final_report_per_grant is the database's own guard.
    if kind == ReportKind.FINAL and grant.reports.filter(kind=ReportKind.FINAL).exists():
        raise GrantError(_("This grant already has a final report."), code="final_report_exists")
    report = GrantReport.objects.create(
        grant=grant,
        kind=kind,
        due_at=due_at,
        tranche=tranche,
        instructions=(instructions or "").strip(),
        created_by=actor,
    )
    log_action(
        grant,
        "challenges.grant.report_planned",
        actor=actor,
        data={
            "report": report.pk,
            "kind": kind,
            "due_at": due_at,
            "tranche": tranche.sequence if tranche else None,
        },
    )
    return report


@transaction.atomic
def reschedule_grant_report(report: GrantReport, *, actor, due_at: datetime) -> GrantReport:
    """Move the due date of a report not yet accepted. The reminders start again for the new
    date (their stamps are cleared). Audit-logged with both dates."""
    if not isinstance(due_at, datetime) or timezone.is_naive(due_at):
        raise GrantError(_("Give the date and time the report is due."), code="due_at_required")
    _grant, _tranche, report = lock_report(report)
    if report.status == ReportStatus.ACCEPTED:
        raise GrantError(
            _("The report is already accepted, so its due date no longer matters."),
            code="already_accepted",
        )
    previous = report.due_at
    report.due_at = due_at
    report.due_soon_reminder_sent_at = None
    report.overdue_reminder_sent_at = None
    report.save(update_fields=["due_at", "due_soon_reminder_sent_at", "overdue_reminder_sent_at"])
    log_action(
        report,
        "challenges.grant_report.rescheduled",
        actor=actor,
        data={"from_due_at": previous, "due_at": due_at},
    )
    return report


@transaction.atomic
def remove_grant_report(report: GrantReport, *, actor, reason: str) -> None:
    """Take back a report asked for by mistake, as long as nothing was submitted. The reason
    is required and kept in the grant's audit log."""
    reason = (reason or "").strip()
    if not reason:
        raise GrantError(_("Give the reason for removing the report."), code="reason_required")
    grant, tranche, report = lock_report(report)
    if report.status != ReportStatus.DUE or report.round:
        raise GrantError(
            _("The grantee has already submitted this report, so it can no longer be removed."),
            code="already_submitted",
        )
    log_action(
        grant,
        "challenges.grant.report_removed",
        actor=actor,
        data={
            "report": report.pk,
            "kind": report.kind,
            "due_at": report.due_at,
            "tranche": tranche.sequence if tranche else None,
            "reason": reason,
        },
    )
    report.delete()
