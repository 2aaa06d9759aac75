"""Post-award reports: planning, the "changes requested" loop, and the gate on tranches."""

from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import Group
from django.db.models import ProtectedError, RestrictedError
from django.utils import translation

from accounts.rules import STAFF_GROUP
from challenges import services
from challenges.exceptions import GrantError
from challenges.models import (
    GrantReport,
    ReportKind,
    ReportStatus,
    TrancheStatus,
)
from core.audit import describe, history_for
from core.exceptions import TransitionNotAllowed
from notifications.models import Notification
from notifications.services import render_notification
from tests import factories
from tests.challenges.grant_helpers import actions_on, active_grant, member_of, pdf, plan, selected

pytestmark = pytest.mark.django_db
MILLION = 1_000_000
SEOUL = ZoneInfo("Asia/Seoul")
DUE = datetime(2027, 3, 31, 18, tzinfo=SEOUL)


def grant_with_report(*amounts, tranche_number=1, kind=ReportKind.INTERIM):
    """An active grant, a founder, a staff member and a report holding back a tranche."""
    grant = active_grant(*(amounts or (10 * MILLION, 20 * MILLION)))
    founder = member_of(grant.application, user__language="en")
    staff = factories.StaffFactory(language="en")
    tranche = grant.tranches.get(sequence=tranche_number) if tranche_number else None
    report = services.add_grant_report(
        grant, actor=staff, kind=kind, due_at=DUE, tranche=tranche, instructions="Spending."
    )
    return grant, founder, staff, report


def reported(tranche, founder):
    services.report_milestone(tranche, actor=founder, text="Milestone reached.")
    tranche.refresh_from_db()
    return tranche


# --- planning -------------------------------------------------------------------------------


def test_staff_plan_a_report_that_holds_back_a_tranche_and_it_is_audited():
    grant, _founder, staff, report = grant_with_report()
    assert (report.status, report.kind, report.due_at, report.tranche.sequence) == (
        ReportStatus.DUE,
        ReportKind.INTERIM,
        DUE,
        1,
    )
    assert report.created_by == staff
    assert actions_on(grant)[-1] == "challenges.grant.report_planned"
    (entry,) = history_for(grant).filter(action="challenges.grant.report_planned")
    with translation.override("en"):
        assert describe(entry).endswith(
            "planned a report (Interim report) due Wed 31 Mar 2027, 18:00 KST for tranche 1."
        )


def test_a_grant_has_one_final_report_at_most():
    grant, _founder, staff, _report = grant_with_report(kind=ReportKind.FINAL, tranche_number=None)
    with pytest.raises(GrantError) as caught:
        services.add_grant_report(grant, actor=staff, kind=ReportKind.FINAL, due_at=DUE)
    assert caught.value.code == "final_report_exists"
    assert grant.reports.count() == 1


def test_a_report_cannot_hold_back_an_approved_tranche_or_another_grants():
    grant, founder, staff, _report = grant_with_report(tranche_number=2)
    first = reported(grant.tranches.get(sequence=1), founder)
    services.approve_tranche(first, actor=staff)
    with pytest.raises(GrantError) as caught:
        services.add_grant_report(grant, actor=staff, kind="interim", due_at=DUE, tranche=first)
    assert caught.value.code == "tranche_released"
    other = active_grant(30 * MILLION).tranches.get()
    with pytest.raises(GrantError) as caught:
        services.add_grant_report(grant, actor=staff, kind="interim", due_at=DUE, tranche=other)
    assert caught.value.code == "other_grant"


def test_reports_cannot_be_planned_for_a_cancelled_grant():
    grant = services.award_grant(selected(), actor=None, amount=30 * MILLION)
    services.cancel_grant(grant, actor=None, reason="Withdrew.")
    with pytest.raises(GrantError) as caught:
        services.add_grant_report(grant, actor=None, kind="final", due_at=DUE)
    assert caught.value.code == "grant_closed"


def test_a_new_tranche_plan_keeps_the_report_on_the_tranche_of_the_same_number():
    grant = services.award_grant(selected(), actor=None, amount=30 * MILLION)
    services.set_tranches(grant, actor=None, tranches=plan(10 * MILLION, 20 * MILLION))
    second = grant.tranches.get(sequence=2)
    report = services.add_grant_report(
        grant, actor=None, kind="interim", due_at=DUE, tranche=second
    )

    services.set_tranches(grant, actor=None, tranches=plan(15 * MILLION, 15 * MILLION))
    report.refresh_from_db()
    assert (report.tranche.sequence, report.tranche.amount) == (2, 15 * MILLION)
    assert report.tranche_id != second.pk

    with pytest.raises(GrantError) as caught:
        services.set_tranches(grant, actor=None, tranches=plan(30 * MILLION))
    assert caught.value.code == "tranche_held_back"
    assert grant.tranches.count() == 2


def test_the_database_refuses_to_delete_a_tranche_a_report_holds_back():
    _grant, _founder, _staff, report = grant_with_report()
    with pytest.raises((RestrictedError, ProtectedError)):
        report.tranche.delete()


def test_reschedule_moves_the_due_date_and_restarts_the_reminders():
    _grant, _founder, staff, report = grant_with_report()
    GrantReport.objects.filter(pk=report.pk).update(due_soon_reminder_sent_at=DUE)
    later = DUE + timedelta(days=14)
    services.reschedule_grant_report(report, actor=staff, due_at=later)
    report.refresh_from_db()
    assert (report.due_at, report.due_soon_reminder_sent_at) == (later, None)
    assert actions_on(report) == ["challenges.grant_report.rescheduled"]


def test_a_report_is_removed_only_before_anything_was_submitted():
    grant, founder, staff, report = grant_with_report()
    with pytest.raises(GrantError) as caught:
        services.remove_grant_report(report, actor=staff, reason="")
    assert caught.value.code == "reason_required"
    services.submit_grant_report(report, actor=founder, text="Done.")
    with pytest.raises(GrantError) as caught:
        services.remove_grant_report(report, actor=staff, reason="Mistake.")
    assert caught.value.code == "already_submitted"

    extra = services.add_grant_report(grant, actor=staff, kind="interim", due_at=DUE)
    services.remove_grant_report(extra, actor=staff, reason="Asked twice by mistake.")
    assert list(grant.reports.values_list("pk", flat=True)) == [report.pk]
    assert actions_on(grant)[-1] == "challenges.grant.report_removed"


# --- the grantee submits, the office accepts or asks for changes ------------------------------


def test_changes_requested_loop_until_accepted(django_capture_on_commit_callbacks):
    grant, founder, staff, report = grant_with_report()
    cofounder = member_of(grant.application, role="member")

    with django_capture_on_commit_callbacks(execute=True):
        services.submit_grant_report(report, actor=founder, text="First draft.", files=[pdf()])
    report.refresh_from_db()
    assert (report.status, report.round, report.submitted_by) == (
        ReportStatus.SUBMITTED,
        1,
        founder,
    )
    (stored,) = report.files.all()
    assert (stored.round, stored.original_name) == (1, "report.pdf")
    assert stored.file.name.startswith("grant-reports/")
    assert Path(stored.file.path).read_bytes() == factories.MINIMAL_PDF
    (submitted,) = Notification.objects.filter(kind="challenges.grant_report_submitted")
    assert submitted.recipient == staff
    subject, _text, html = render_notification(submitted)
    assert subject == f"Interim report submitted: {grant.application.startup.name}"
    assert f"/admin/challenges/grantreport/{report.pk}/change/" in html

    with pytest.raises(GrantError) as caught:
        services.request_report_changes(report, actor=staff, comment="  ")
    assert caught.value.code == "comment_required"
    services.request_report_changes(report, actor=staff, comment="Add the spending table.")
    report.refresh_from_db()
    assert (report.status, report.staff_comment) == (
        ReportStatus.CHANGES_REQUESTED,
        "Add the spending table.",
    )
    returned = Notification.objects.filter(kind="challenges.grant_report_changes_requested")
    assert sorted(n.recipient.pk for n in returned) == sorted([founder.pk, cofounder.pk])
    subject, text, html = render_notification(returned.get(recipient=founder))
    assert subject == (
        f"Changes requested to your interim report: {grant.application.challenge.title_en}"
    )
    assert "Add the spending table." in text
    assert f"/applications/{grant.application_id}/reports/{report.pk}/" in html

    services.submit_grant_report(report, actor=founder, text="With the table.", files=[pdf()])
    services.accept_grant_report(report, actor=staff, comment="Thank you.")
    report.refresh_from_db()
    assert (report.status, report.round, report.text, report.reviewed_by) == (
        ReportStatus.ACCEPTED,
        2,
        "With the table.",
        staff,
    )
    assert report.accepted_at is not None
    assert sorted(report.files.values_list("round", flat=True)) == [1, 2]
    accepted = Notification.objects.get(kind="challenges.grant_report_accepted", recipient=founder)
    subject, text, _html = render_notification(accepted)
    assert subject == f"Interim report accepted: {grant.application.challenge.title_en}"
    assert "Tranche 1 can now be approved for payment." in text
    assert actions_on(report) == [
        "challenges.grant_report.submitted",
        "challenges.grant_report.changes_requested",
        "challenges.grant_report.submitted",
        "challenges.grant_report.accepted",
    ]
    comments = [
        entry.data.get("comment")
        for entry in history_for(report).order_by("id")
        if entry.action != "challenges.grant_report.submitted"
    ]
    assert comments == ["Add the spending table.", "Thank you."]


def test_only_members_submit_and_only_once_the_agreement_is_signed():
    _grant, _founder, _staff, report = grant_with_report()
    with pytest.raises(GrantError) as caught:
        services.submit_grant_report(report, actor=factories.UserFactory(), text="Hi.")
    assert caught.value.code == "not_a_member"

    unsigned = services.award_grant(selected(), actor=None, amount=30 * MILLION)
    early = services.add_grant_report(unsigned, actor=None, kind="interim", due_at=DUE)
    with pytest.raises(GrantError) as caught:
        services.submit_grant_report(early, actor=member_of(unsigned.application), text="Hi.")
    assert caught.value.code == "grant_not_active"


def test_a_submitted_report_cannot_be_submitted_again_nor_a_due_one_accepted():
    _grant, founder, staff, report = grant_with_report()
    with pytest.raises(TransitionNotAllowed):
        services.accept_grant_report(report, actor=staff)
    services.submit_grant_report(report, actor=founder, text="Done.")
    with pytest.raises(TransitionNotAllowed):
        services.submit_grant_report(report, actor=founder, text="Again.")


# --- the gate: a tranche held back by a report ------------------------------------------------


def test_tranche_is_approved_only_once_its_report_is_accepted():
    grant, founder, staff, report = grant_with_report()
    tranche = reported(grant.tranches.get(sequence=1), founder)

    with translation.override("en"), pytest.raises(GrantError) as caught:
        services.approve_tranche(tranche, actor=staff)
    assert caught.value.code == "report_not_accepted"
    assert str(caught.value) == (
        "Tranche 1 is released only once its report is accepted: the interim report due "
        "Wed 31 Mar 2027, 18:00 KST is “Not yet submitted”."
    )
    services.submit_grant_report(report, actor=founder, text="Done.")
    with pytest.raises(GrantError) as caught:
        services.approve_tranche(tranche, actor=staff)
    assert caught.value.code == "report_not_accepted"
    tranche.refresh_from_db()
    assert tranche.status == TrancheStatus.REPORTED

    services.accept_grant_report(report, actor=staff)
    services.approve_tranche(tranche, actor=staff)
    tranche.refresh_from_db()
    assert tranche.status == TrancheStatus.APPROVED
    # The other tranche is held back by nothing.
    second = reported(grant.tranches.get(sequence=2), founder)
    services.approve_tranche(second, actor=staff)


def test_an_accepted_report_is_reopened_only_while_its_tranche_is_not_approved():
    grant, founder, staff, report = grant_with_report()
    tranche = reported(grant.tranches.get(sequence=1), founder)
    services.submit_grant_report(report, actor=founder, text="Done.")
    services.accept_grant_report(report, actor=staff)

    services.request_report_changes(report, actor=staff, comment="One figure is wrong.")
    report.refresh_from_db()
    assert (report.status, report.accepted_at) == (ReportStatus.CHANGES_REQUESTED, None)
    with pytest.raises(GrantError):
        services.approve_tranche(tranche, actor=staff)

    services.submit_grant_report(report, actor=founder, text="Fixed.")
    services.accept_grant_report(report, actor=staff)
    services.approve_tranche(tranche, actor=staff)
    with pytest.raises(GrantError) as caught:
        services.request_report_changes(report, actor=staff, comment="Too late.")
    assert caught.value.code == "tranche_released"
    report.refresh_from_db()
    assert report.status == ReportStatus.ACCEPTED


def test_payment_is_refused_too_while_a_report_holds_the_tranche_back():
    """A report planned before the gate existed may sit on an approved tranche (older data):
    the payment is held back as well."""
    grant, founder, staff, report = grant_with_report()
    tranche = reported(grant.tranches.get(sequence=1), founder)
    GrantReport.objects.filter(pk=report.pk).update(tranche=None)
    services.approve_tranche(tranche, actor=staff)
    GrantReport.objects.filter(pk=report.pk).update(tranche=tranche)
    with pytest.raises(GrantError) as caught:
        services.record_tranche_paid(tranche, actor=staff, paid_on=DUE.date())
    assert caught.value.code == "report_not_accepted"


def test_the_final_report_can_be_submitted_after_the_grant_is_completed():
    grant, founder, staff, report = grant_with_report(
        30 * MILLION, kind=ReportKind.FINAL, tranche_number=None
    )
    tranche = reported(grant.tranches.get(), founder)
    services.approve_tranche(tranche, actor=staff)
    services.record_tranche_paid(tranche, actor=staff, paid_on=DUE.date())
    grant.refresh_from_db()
    assert grant.status == "completed"
    services.submit_grant_report(report, actor=founder, text="Final results.")
    services.accept_grant_report(report, actor=staff)
    report.refresh_from_db()
    assert report.status == ReportStatus.ACCEPTED


def test_programme_staff_hold_the_new_permissions():
    staff = Group.objects.get(name=STAFF_GROUP)
    codenames = set(
        staff.permissions.filter(content_type__model="grantreport").values_list(
            "codename", flat=True
        )
    )
    assert codenames >= {"review_grantreport", "add_grantreport", "change_grantreport"}
