"""Milestones: the grantee reports a tranche's milestone; the programme office approves or
returns it and records the payment. Locks follow challenges.services.grants' order."""

from collections.abc import Iterable
from datetime import date

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.selectors import is_startup_member, staff_to_notify, startup_people
from challenges.exceptions import GrantError
from challenges.models import (
    Application,
    Grant,
    GrantStatus,
    Tranche,
    TrancheReportFile,
    TrancheStatus,
)
from challenges.services.common import store_upload
from challenges.services.grant_reports import ensure_reports_accepted
from challenges.services.grants import (
    checked_report,
    ensure_active,
    ensure_grant_transition,
    ensure_tranche_transition,
    lock_tranche,
)
from core.admin import admin_link
from core.audit import log_action
from notifications.services import notify


def _notification_context(grant: Grant, tranche: Tranche) -> dict:
    challenge = grant.application.challenge
    return {
        "challenge_title": {"ko": challenge.title_ko, "en": challenge.title_en},
        "startup": grant.application.startup.name,
        "sequence": tranche.sequence,
        "milestone": tranche.milestone,
        "amount": tranche.amount,
    }


@transaction.atomic
def report_milestone(tranche: Tranche, *, actor, text: str, files: Iterable = ()) -> Tranche:
    """A member of the startup reports the tranche's milestone, with evidence files.

    `files` are uploads checked by core.uploads (each carries `.checked`); they are stored
    under random names. Side effects: every programme staff member is notified
    ("challenges.milestone_reported", queued after commit). Audit-logged.
    """
    grant, tranche = lock_tranche(tranche)
    application = Application.objects.select_related("startup", "challenge").get(
        pk=grant.application_id
    )
    grant.application = application
    if not is_startup_member(actor, application.startup):
        raise GrantError(
            _("Only members of the startup can report its milestones."), code="not_a_member"
        )
    ensure_active(grant)
    ensure_tranche_transition(tranche, TrancheStatus.REPORTED)
    text, files = checked_report(text, files, empty=_("Describe what was achieved."))
    now = timezone.now()
    previous = tranche.status
    tranche.status = TrancheStatus.REPORTED
    tranche.report_text = text
    tranche.reported_at = now
    tranche.reported_by = actor
    tranche.save(update_fields=["status", "report_text", "reported_at", "reported_by"])
    stored = []
    for uploaded_file in files:
        report_file = store_upload(TrancheReportFile(tranche=tranche), uploaded_file, actor=actor)
        stored.append({"name": report_file.original_name, "sha256": report_file.sha256})
    reported = log_action(
        tranche,
        "challenges.tranche.reported",
        actor=actor,
        data={"from": previous, "to": tranche.status, "files": stored},
    )
    context = {
        **_notification_context(grant, tranche),
        "reported_at": now,
        "url": admin_link(tranche),
    }
    for user in staff_to_notify():
        notify(
            user,
            "challenges.milestone_reported",
            {**context, "startup": application.startup.name_in(user.language)},
            # A tranche may be reported again after a return: one key per report (its audit
            # entry), not per tranche, and no clock in it.
            key=f"challenges.milestone_reported:{tranche.pk}:{reported.pk}:{user.pk}",
        )
    return tranche


@transaction.atomic
def approve_tranche(tranche: Tranche, *, actor, comment: str = "") -> Tranche:
    """The programme office accepts a reported milestone; the tranche may now be paid.

    Refused while a report holding the tranche back is not accepted (the tranche row is
    locked first, as request_report_changes does, so the two cannot interleave)."""
    grant, tranche = lock_tranche(tranche)
    ensure_active(grant)
    ensure_tranche_transition(tranche, TrancheStatus.APPROVED)
    ensure_reports_accepted(tranche)
    previous = tranche.status
    tranche.status = TrancheStatus.APPROVED
    tranche.staff_comment = comment.strip()
    tranche.reviewed_at = timezone.now()
    tranche.reviewed_by = actor
    tranche.save(update_fields=["status", "staff_comment", "reviewed_at", "reviewed_by"])
    log_action(
        tranche,
        "challenges.tranche.approved",
        actor=actor,
        data={"from": previous, "to": tranche.status, "comment": tranche.staff_comment},
    )
    return tranche


@transaction.atomic
def return_tranche(tranche: Tranche, *, actor, comment: str) -> Tranche:
    """The programme office sends a milestone report back with a comment (required).

    Side effect: every member of the startup is notified ("challenges.milestone_returned",
    queued after commit). Audit-logged.
    """
    comment = (comment or "").strip()
    if not comment:
        raise GrantError(
            _("Tell the startup what to change: the comment is required."),
            code="comment_required",
        )
    grant, tranche = lock_tranche(tranche)
    ensure_active(grant)
    ensure_tranche_transition(tranche, TrancheStatus.RETURNED)
    now = timezone.now()
    previous = tranche.status
    tranche.status = TrancheStatus.RETURNED
    tranche.staff_comment = comment
    tranche.reviewed_at = now
    tranche.reviewed_by = actor
    tranche.save(update_fields=["status", "staff_comment", "reviewed_at", "reviewed_by"])
    returned = log_action(
        tranche,
        "challenges.tranche.returned",
        actor=actor,
        data={"from": previous, "to": tranche.status, "comment": comment},
    )
    application = Application.objects.select_related("startup", "challenge").get(
        pk=grant.application_id
    )
    grant.application = application
    context = {
        **_notification_context(grant, tranche),
        "comment": comment,
        "url": reverse("challenges:tranche_report", args=[application.pk, tranche.pk]),
    }
    for person in startup_people(application.startup):
        notify(
            person,
            "challenges.milestone_returned",
            {**context, "startup": application.startup.name_in(person.language)},
            key=f"challenges.milestone_returned:{tranche.pk}:{returned.pk}:{person.pk}",
        )
    return tranche


@transaction.atomic
def record_tranche_paid(tranche: Tranche, *, actor, paid_on: date) -> Tranche:
    """Record that an approved tranche was paid. When every tranche of the grant is paid, the
    grant is completed (both audit-logged). Refused, like the approval, while a report
    holding the tranche back is not accepted."""
    grant, tranche = lock_tranche(tranche)
    ensure_active(grant)
    ensure_tranche_transition(tranche, TrancheStatus.PAID)
    ensure_reports_accepted(tranche)
    previous = tranche.status
    tranche.status = TrancheStatus.PAID
    tranche.paid_on = paid_on
    tranche.paid_recorded_by = actor
    tranche.save(update_fields=["status", "paid_on", "paid_recorded_by"])
    log_action(
        tranche,
        "challenges.tranche.paid",
        actor=actor,
        data={"from": previous, "to": tranche.status, "paid_on": paid_on},
    )
    if not grant.tranches.exclude(status=TrancheStatus.PAID).exists():
        ensure_grant_transition(grant, GrantStatus.COMPLETED)
        grant.status = GrantStatus.COMPLETED
        grant.save(update_fields=["status"])
        log_action(
            grant,
            "challenges.grant.completed",
            actor=actor,
            data={"from": GrantStatus.ACTIVE, "to": grant.status},
        )
    return tranche


def record_tranche_file_download(report_file: TrancheReportFile, *, actor) -> None:
    """Downloads by anyone outside the startup (programme staff) are audit-logged."""
    log_action(
        report_file.tranche,
        "challenges.tranche.file_downloaded",
        actor=actor,
        data={"file": report_file.pk, "name": report_file.original_name},
    )
