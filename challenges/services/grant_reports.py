"""Post-award reports: the grantee submits interim and final reports (planned by the office in
challenges.services.report_planning), the office accepts them or asks for changes. A report
that holds back a tranche must be accepted before the tranche is approved or paid
(`ensure_reports_accepted`).

Locks follow challenges.services.grants' order (grant, tranche, report): approving a tranche
and asking for changes to its report both hold the tranche row, so one waits for the other and
then sees what the other decided.
"""

from collections.abc import Iterable

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.selectors import is_startup_member, staff_to_notify, startup_people
from challenges.exceptions import GrantError
from challenges.models import (
    REPORT_TRANSITIONS,
    Application,
    Grant,
    GrantReport,
    GrantReportFile,
    GrantStatus,
    ReportKind,
    ReportStatus,
    Tranche,
    TrancheStatus,
)
from challenges.services.common import store_upload
from challenges.services.grants import (
    checked_report,
    lock_grant,
)
from core.admin import admin_link
from core.audit import log_action
from core.timefmt import format_datetime
from core.transitions import ensure
from notifications.services import notify

# Reports are planned, submitted and reviewed from the signed agreement on, and the final
# report may come after the last payment completed the grant.
OPEN_GRANT = (GrantStatus.AWARDED, GrantStatus.ACTIVE, GrantStatus.COMPLETED)
SUBMITTABLE_GRANT = (GrantStatus.ACTIVE, GrantStatus.COMPLETED)
RELEASED = (TrancheStatus.APPROVED, TrancheStatus.PAID)


def ensure_report_transition(report: GrantReport, target: str) -> None:
    """Raise TransitionNotAllowed unless REPORT_TRANSITIONS lets the report become `target`."""
    ensure(
        REPORT_TRANSITIONS,
        report.status,
        target,
        message=_("A report that is “%(current)s” cannot become “%(target)s”."),
    )


def lock_report(report: GrantReport) -> tuple[Grant, Tranche | None, GrantReport]:
    """The grant, the tranche the report holds back (if any), then the report, row-locked.

    The tranche is read after the grant is locked: set_tranches, the only writer of a report's
    tranche besides add_grant_report, holds the grant too.
    """
    grant = lock_grant(Grant(pk=report.grant_id))
    tranche_id = GrantReport.objects.values_list("tranche_id", flat=True).get(pk=report.pk)
    tranche = None
    if tranche_id is not None:
        tranche = Tranche.objects.select_for_update().get(pk=tranche_id)
    report = GrantReport.objects.select_for_update().get(pk=report.pk)
    report.grant, report.tranche = grant, tranche
    return grant, tranche, report


def ensure_reports_accepted(tranche: Tranche) -> None:
    """Raise GrantError unless every report holding back `tranche` is accepted.

    Call with the tranche row locked (challenges.services.grants.lock_tranche): the reports
    are locked here too, so none can be reopened until the caller's transaction ends.
    """
    waiting = [
        report
        for report in GrantReport.objects.select_for_update()
        .filter(tranche_id=tranche.pk)
        .order_by("pk")
        if report.status != ReportStatus.ACCEPTED
    ]
    if waiting:
        report = waiting[0]
        raise GrantError(
            _(
                "Tranche %(number)s is released only once its report is accepted: the "
                "%(kind)s due %(due)s is “%(status)s”."
            )
            % {
                "number": tranche.sequence,
                "kind": ReportKind(report.kind).label.lower(),
                "due": format_datetime(report.due_at),
                "status": ReportStatus(report.status).label,
            },
            code="report_not_accepted",
        )


def _context(grant: Grant, report: GrantReport) -> dict:
    application = grant.application
    challenge = application.challenge
    return {
        "challenge_title": {"ko": challenge.title_ko, "en": challenge.title_en},
        "startup": application.startup.name,
        "kind": report.kind,
        "due_at": report.due_at,
        "tranche": report.tranche.sequence if report.tranche else None,
    }


def _with_application(grant: Grant) -> Grant:
    grant.application = Application.objects.select_related("startup", "challenge").get(
        pk=grant.application_id
    )
    return grant


def _notify_founders(grant: Grant, report: GrantReport, kind: str, entry, **extra) -> None:
    application = grant.application
    context = {
        **_context(grant, report),
        "url": reverse("challenges:grant_report", args=[application.pk, report.pk]),
        **extra,
    }
    for person in startup_people(application.startup):
        notify(
            person,
            kind,
            {**context, "startup": application.startup.name_in(person.language)},
            key=f"{kind}:{report.pk}:{entry.pk}:{person.pk}",
        )


# --- the grantee -----------------------------------------------------------------------------


@transaction.atomic
def submit_grant_report(
    report: GrantReport, *, actor, text: str, files: Iterable = ()
) -> GrantReport:
    """A member of the startup submits the report (again, after changes were requested).

    `files` are uploads checked by core.uploads (each carries `.checked`), stored under random
    names with the round they came with. Side effect: every programme staff member is notified
    ("challenges.grant_report_submitted", queued after commit). Audit-logged.
    """
    grant, _tranche, report = lock_report(report)
    grant = _with_application(grant)
    if not is_startup_member(actor, grant.application.startup):
        raise GrantError(
            _("Only members of the startup can submit its reports."), code="not_a_member"
        )
    if grant.status not in SUBMITTABLE_GRANT:
        raise GrantError(
            _(
                "Reports are submitted once the grant agreement is signed; this grant is "
                "“%(status)s”."
            )
            % {"status": GrantStatus(grant.status).label},
            code="grant_not_active",
        )
    ensure_report_transition(report, ReportStatus.SUBMITTED)
    text, files = checked_report(text, files, empty=_("Write the report."))
    now = timezone.now()
    previous = report.status
    report.status = ReportStatus.SUBMITTED
    report.round += 1
    report.text = text
    report.submitted_at = now
    report.submitted_by = actor
    report.save(update_fields=["status", "round", "text", "submitted_at", "submitted_by"])
    stored = []
    for uploaded_file in files:
        row = GrantReportFile(report=report, round=report.round)
        report_file = store_upload(row, uploaded_file, actor=actor)
        stored.append({"name": report_file.original_name, "sha256": report_file.sha256})
    submitted = log_action(
        report,
        "challenges.grant_report.submitted",
        actor=actor,
        data={"from": previous, "to": report.status, "round": report.round, "files": stored},
    )
    context = {**_context(grant, report), "submitted_at": now, "url": admin_link(report)}
    startup = grant.application.startup
    for user in staff_to_notify():
        notify(
            user,
            "challenges.grant_report_submitted",
            {**context, "startup": startup.name_in(user.language)},
            key=f"challenges.grant_report_submitted:{report.pk}:{submitted.pk}:{user.pk}",
        )
    return report


# --- the review (the programme office) -------------------------------------------------------


@transaction.atomic
def accept_grant_report(report: GrantReport, *, actor, comment: str = "") -> GrantReport:
    """The programme office accepts a submitted report; the tranche it held back may now be
    approved. Side effect: the startup's members are notified ("challenges.grant_report_
    accepted", after commit). Audit-logged with the round."""
    grant, _tranche, report = lock_report(report)
    if grant.status not in SUBMITTABLE_GRANT:
        raise GrantError(
            _("Reports of a grant that is “%(status)s” are not reviewed.")
            % {"status": GrantStatus(grant.status).label},
            code="grant_not_active",
        )
    ensure_report_transition(report, ReportStatus.ACCEPTED)
    now = timezone.now()
    previous = report.status
    report.status = ReportStatus.ACCEPTED
    report.staff_comment = (comment or "").strip()
    report.reviewed_at = report.accepted_at = now
    report.reviewed_by = actor
    report.save(
        update_fields=["status", "staff_comment", "reviewed_at", "reviewed_by", "accepted_at"]
    )
    accepted = log_action(
        report,
        "challenges.grant_report.accepted",
        actor=actor,
        data={
            "from": previous,
            "to": report.status,
            "round": report.round,
            "comment": report.staff_comment,
        },
    )
    _notify_founders(
        _with_application(grant),
        report,
        "challenges.grant_report_accepted",
        accepted,
        comment=report.staff_comment,
    )
    return report


@transaction.atomic
def request_report_changes(report: GrantReport, *, actor, comment: str) -> GrantReport:
    """The programme office returns a submitted report, or reopens an accepted one, with a
    comment (required). An accepted report whose tranche is already approved or paid stays
    accepted: the tranche row is locked first, so an approval running at the same moment
    either finishes before (and this is refused) or waits and is then refused itself.

    Side effect: the startup's members are notified ("challenges.grant_report_changes_
    requested", after commit). Audit-logged with the round and the comment.
    """
    comment = (comment or "").strip()
    if not comment:
        raise GrantError(
            _("Tell the startup what to change: the comment is required."),
            code="comment_required",
        )
    grant, tranche, report = lock_report(report)
    ensure_report_transition(report, ReportStatus.CHANGES_REQUESTED)
    if tranche is not None and tranche.status in RELEASED:
        raise GrantError(
            _(
                "Tranche %(number)s, which this report held back, is already “%(status)s”, so "
                "the report can no longer be returned."
            )
            % {"number": tranche.sequence, "status": TrancheStatus(tranche.status).label},
            code="tranche_released",
        )
    previous = report.status
    report.status = ReportStatus.CHANGES_REQUESTED
    report.staff_comment = comment
    report.reviewed_at = timezone.now()
    report.reviewed_by = actor
    report.accepted_at = None
    report.save(
        update_fields=["status", "staff_comment", "reviewed_at", "reviewed_by", "accepted_at"]
    )
    returned = log_action(
        report,
        "challenges.grant_report.changes_requested",
        actor=actor,
        data={"from": previous, "to": report.status, "round": report.round, "comment": comment},
    )
    _notify_founders(
        _with_application(grant),
        report,
        "challenges.grant_report_changes_requested",
        returned,
        comment=comment,
    )
    return report


def record_report_file_download(report_file: GrantReportFile, *, actor) -> None:
    """Downloads by anyone outside the startup (programme staff) are audit-logged."""
    log_action(
        report_file.report,
        "challenges.grant_report.file_downloaded",
        actor=actor,
        data={"file": report_file.pk, "name": report_file.original_name},
    )
