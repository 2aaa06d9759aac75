"""The tranche plan, the agreement, and milestones: report, approve or return, pay."""

from datetime import date
from pathlib import Path

import pytest
from django.core import mail
from django.utils import timezone, translation

from challenges import services
from challenges.exceptions import GrantError
from challenges.grant_selectors import budget_of
from challenges.models import (
    TRANCHE_TRANSITIONS,
    GrantStatus,
    Tranche,
    TrancheReportFile,
    TrancheStatus,
)
from core.exceptions import TransitionNotAllowed
from core.models import AuditEntry
from notifications.models import Notification
from notifications.services import render_notification
from tests import factories
from tests.challenges.grant_helpers import actions_on, active_grant, member_of, pdf, plan, selected

MILLION = 1_000_000
DEADLINE = 30.0  # seconds; no wait in this file is longer


# --- the tranche plan and the agreement -------------------------------------------------------


@pytest.mark.django_db
def test_tranches_must_add_up_to_the_grant_and_the_message_gives_both_sums():
    grant = services.award_grant(selected(), actor=None, amount=30 * MILLION)
    with translation.override("en"), pytest.raises(GrantError) as caught:
        services.set_tranches(grant, actor=None, tranches=plan(10 * MILLION, 15 * MILLION))
    assert caught.value.code == "plan_does_not_add_up"
    assert str(caught.value) == (
        "The tranches add up to KRW 25,000,000, but the grant is KRW 30,000,000. Change the "
        "amounts so that they add up to the grant exactly."
    )
    assert grant.tranches.count() == 0


@pytest.mark.django_db
@pytest.mark.parametrize(
    "tranche",
    [
        {"amount": 0, "due_on": date(2027, 1, 1), "milestone": "x"},
        {"amount": 30 * MILLION, "due_on": None, "milestone": "x"},
        {"amount": 30 * MILLION, "due_on": date(2027, 1, 1), "milestone": "  "},
    ],
    ids=["zero", "no-date", "no-milestone"],
)
def test_each_tranche_needs_an_amount_a_date_and_a_milestone(tranche):
    grant = services.award_grant(selected(), actor=None, amount=30 * MILLION)
    with pytest.raises(GrantError):
        services.set_tranches(grant, actor=None, tranches=[tranche])
    assert grant.tranches.count() == 0


@pytest.mark.django_db
def test_set_tranches_replaces_the_plan_and_audits_it():
    grant = services.award_grant(selected(), actor=None, amount=30 * MILLION)
    services.set_tranches(grant, actor=None, tranches=plan(30 * MILLION))
    services.set_tranches(grant, actor=None, tranches=plan(10 * MILLION, 20 * MILLION))
    assert list(grant.tranches.values_list("sequence", "amount", "status")) == [
        (1, 10 * MILLION, "planned"),
        (2, 20 * MILLION, "planned"),
    ]
    assert actions_on(grant) == [
        "challenges.grant.awarded",
        "challenges.grant.tranches_set",
        "challenges.grant.tranches_set",
    ]


@pytest.mark.django_db
def test_plan_cannot_change_once_the_agreement_is_signed():
    grant = active_grant(10 * MILLION, 20 * MILLION)
    with pytest.raises(GrantError) as caught:
        services.set_tranches(grant, actor=None, tranches=plan(30 * MILLION))
    assert caught.value.code == "grant_closed"
    assert list(grant.tranches.values_list("amount", flat=True)) == [10 * MILLION, 20 * MILLION]


@pytest.mark.django_db
def test_sign_agreement_needs_a_plan_that_adds_up():
    grant = services.award_grant(selected(), actor=None, amount=30 * MILLION)
    with pytest.raises(GrantError) as caught:
        services.sign_agreement(grant, actor=None, signed_on=date(2027, 1, 5))
    assert caught.value.code == "plan_does_not_add_up"
    grant.refresh_from_db()
    assert (grant.status, grant.agreement_signed_on) == (GrantStatus.AWARDED, None)

    services.set_tranches(grant, actor=None, tranches=plan(30 * MILLION))
    services.sign_agreement(grant, actor=None, signed_on=date(2027, 1, 5))
    grant.refresh_from_db()
    assert (grant.status, grant.agreement_signed_on) == (GrantStatus.ACTIVE, date(2027, 1, 5))
    with pytest.raises(TransitionNotAllowed):
        services.sign_agreement(grant, actor=None, signed_on=date(2027, 1, 6))


# --- milestones: report, approve or return, pay ----------------------------------------------


@pytest.mark.django_db
def test_report_approve_pay_flow_completes_the_grant(django_capture_on_commit_callbacks):
    staff = factories.StaffFactory(language="en")
    grant = active_grant(10 * MILLION, 20 * MILLION, actor=staff)
    founder = member_of(grant.application)
    first, second = grant.tranches.all()

    with django_capture_on_commit_callbacks(execute=True):
        services.report_milestone(first, actor=founder, text="Mouse study done.", files=[pdf()])
    first.refresh_from_db()
    assert (first.status, first.report_text, first.reported_by) == (
        TrancheStatus.REPORTED,
        "Mouse study done.",
        founder,
    )
    (stored,) = first.files.all()
    assert stored.original_name == "report.pdf"
    assert stored.file.name.startswith("milestones/")
    assert Path(stored.file.path).read_bytes() == factories.MINIMAL_PDF
    (note,) = Notification.objects.filter(kind="challenges.milestone_reported")
    assert note.recipient == staff
    assert mail.outbox[-1].to == [staff.email]
    assert (
        mail.outbox[-1].subject
        == f"Milestone reported: {grant.application.startup.name}, tranche 1"
    )

    services.approve_tranche(first, actor=staff, comment="Good data.")
    services.record_tranche_paid(first, actor=staff, paid_on=date(2027, 2, 1))
    grant.refresh_from_db()
    assert grant.status == GrantStatus.ACTIVE  # one tranche still to go

    services.report_milestone(second, actor=founder, text="IND filed.")
    services.approve_tranche(second, actor=staff)
    services.record_tranche_paid(second, actor=staff, paid_on=date(2027, 6, 1))

    grant.refresh_from_db()
    second.refresh_from_db()
    assert (second.status, second.paid_on, second.paid_recorded_by) == (
        TrancheStatus.PAID,
        date(2027, 6, 1),
        staff,
    )
    assert grant.status == GrantStatus.COMPLETED
    assert actions_on(first) == [
        "challenges.tranche.reported",
        "challenges.tranche.approved",
        "challenges.tranche.paid",
    ]
    assert actions_on(grant)[-1] == "challenges.grant.completed"
    assert budget_of(grant.application.challenge)["paid"] == 30 * MILLION


@pytest.mark.django_db
def test_return_needs_a_comment_notifies_the_startup_and_allows_reporting_again():
    grant = active_grant(30 * MILLION)
    founder = member_of(grant.application, user__language="en")
    cofounder = member_of(grant.application, role="member")
    tranche = grant.tranches.get()
    services.report_milestone(tranche, actor=founder, text="First try.")

    with pytest.raises(GrantError) as caught:
        services.return_tranche(tranche, actor=None, comment=" ")
    assert caught.value.code == "comment_required"
    tranche.refresh_from_db()
    assert tranche.status == TrancheStatus.REPORTED

    services.return_tranche(tranche, actor=None, comment="Add the raw data, please.")
    tranche.refresh_from_db()
    assert (tranche.status, tranche.staff_comment) == (
        TrancheStatus.RETURNED,
        "Add the raw data, please.",
    )
    returned = Notification.objects.filter(kind="challenges.milestone_returned")
    assert {n.recipient for n in returned} == {founder, cofounder}
    english = returned.get(recipient=founder)
    subject, body_text, body_html = render_notification(english)
    assert subject == (
        "Changes requested to your milestone report (tranche 1): "
        f"{grant.application.challenge.title_en}"
    )
    assert "Add the raw data, please." in body_text
    assert f"/applications/{grant.application_id}/tranches/{tranche.pk}/report/" in body_html

    services.report_milestone(tranche, actor=founder, text="Second try, with data.", files=[pdf()])
    tranche.refresh_from_db()
    assert (tranche.status, tranche.report_text) == (
        TrancheStatus.REPORTED,
        "Second try, with data.",
    )


@pytest.mark.django_db
def test_staff_notification_renders_in_english():
    staff = factories.StaffFactory(language="en")
    grant = active_grant(30 * MILLION)
    founder = member_of(grant.application)
    tranche = grant.tranches.get()
    services.report_milestone(tranche, actor=founder, text="Done.")
    subject, body_text, body_html = render_notification(
        Notification.objects.get(recipient=staff, kind="challenges.milestone_reported")
    )
    assert subject == f"Milestone reported: {grant.application.startup.name}, tranche 1"
    assert "(KRW 30,000,000)" in body_text
    assert f"/admin/challenges/tranche/{tranche.pk}/change/" in body_html


@pytest.mark.django_db
def test_only_members_report_and_only_under_a_signed_agreement():
    grant = services.award_grant(selected(), actor=None, amount=30 * MILLION)
    services.set_tranches(grant, actor=None, tranches=plan(30 * MILLION))
    founder = member_of(grant.application)
    tranche = grant.tranches.get()
    with pytest.raises(GrantError) as caught:
        services.report_milestone(tranche, actor=founder, text="Early.")
    assert caught.value.code == "grant_not_active"
    services.sign_agreement(grant, actor=None, signed_on=timezone.localdate())
    outsider = factories.StartupMembershipFactory().user
    with pytest.raises(GrantError) as caught:
        services.report_milestone(tranche, actor=outsider, text="Not mine.")
    assert caught.value.code == "not_a_member"
    with pytest.raises(GrantError) as caught:
        services.report_milestone(tranche, actor=founder, text="x", files=[pdf()] * 6)
    assert caught.value.code == "too_many_files"
    tranche.refresh_from_db()
    assert (tranche.status, tranche.files.count()) == (TrancheStatus.PLANNED, 0)
    assert Notification.objects.count() == 0


VERBS = {
    "report": lambda t, user: services.report_milestone(t, actor=user, text="Again."),
    "approve": lambda t, user: services.approve_tranche(t, actor=None),
    "return": lambda t, user: services.return_tranche(t, actor=None, comment="Why?"),
    "pay": lambda t, user: services.record_tranche_paid(t, actor=None, paid_on=date(2027, 1, 1)),
}
LEGAL = {
    ("planned", "report"),
    ("reported", "approve"),
    ("reported", "return"),
    ("returned", "report"),
    ("approved", "pay"),
}
ILLEGAL = [
    (status, verb)
    for status in TrancheStatus.values
    for verb in VERBS
    if (status, verb) not in LEGAL
]


@pytest.mark.django_db
@pytest.mark.parametrize(("status", "verb"), ILLEGAL, ids=[f"{s}-{v}" for s, v in ILLEGAL])
def test_illegal_tranche_moves_raise_and_change_nothing(status, verb):
    grant = factories.GrantFactory(active=True)
    founder = member_of(grant.application)
    tranche = factories.TrancheFactory(grant=grant, status=status, staff_comment="Before.")
    before = Tranche.objects.values().get(pk=tranche.pk)
    audit_before = AuditEntry.objects.count()

    with translation.override("en"), pytest.raises(TransitionNotAllowed) as caught:
        VERBS[verb](tranche, founder)

    assert str(caught.value).startswith(f"Tranche {tranche.sequence} is “")
    assert Tranche.objects.values().get(pk=tranche.pk) == before
    assert AuditEntry.objects.count() == audit_before
    assert Notification.objects.count() == 0
    assert TrancheReportFile.objects.count() == 0


def test_transition_table_covers_every_status():
    assert set(TRANCHE_TRANSITIONS) == set(TrancheStatus.values)


@pytest.mark.django_db
def test_tranches_of_a_cancelled_grant_cannot_move():
    grant = active_grant(30 * MILLION)
    founder = member_of(grant.application)
    tranche = grant.tranches.get()
    services.report_milestone(tranche, actor=founder, text="Done.")
    services.cancel_grant(grant, actor=None, reason="Company closed.")
    with pytest.raises(GrantError) as caught:
        services.approve_tranche(tranche, actor=None)
    assert caught.value.code == "grant_not_active"
