"""Grants: the budget, the tranche plan, milestone reports, payments; pages and the admin."""

import threading
import time
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.messages import get_messages
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, connection, transaction
from django.db.models import F, Sum
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from challenges import services
from challenges.models import (
    Challenge,
    Grant,
    GrantStatus,
    Tranche,
    TrancheReportFile,
    TrancheStatus,
)
from challenges.selectors_grants import budget_of
from challenges.services.grants import GrantError
from core.audit import history_for
from core.exceptions import DomainError, TransitionNotAllowed
from core.models import AuditEntry
from core.uploads import check_upload
from notifications.models import Notification
from notifications.services import render_notification
from tests import factories

MILLION = 1_000_000
DEADLINE = 30.0  # seconds; no wait in this file is longer


# --- helpers --------------------------------------------------------------------------------


def selected(challenge=None, **fields):
    challenge = challenge or factories.ChallengeFactory()
    return factories.ApplicationFactory(challenge=challenge, status="selected", **fields)


def member_of(application, **fields):
    return factories.StartupMembershipFactory(startup=application.startup, **fields).user


def pdf(name="report.pdf"):
    upload = SimpleUploadedFile(name, factories.MINIMAL_PDF, content_type="application/pdf")
    upload.checked = check_upload(upload)
    return upload


def plan(*amounts):
    today = timezone.localdate()
    return [
        {
            "amount": amount,
            "due_on": today + timedelta(days=90 * n),
            "milestone": f"Milestone {n}",
        }
        for n, amount in enumerate(amounts, start=1)
    ]


def active_grant(*amounts, actor=None):
    """A grant awarded through the services, planned in `amounts` and signed."""
    application = selected()
    grant = services.award_grant(application, actor=actor, amount=sum(amounts))
    services.set_tranches(grant, actor=actor, tranches=plan(*amounts))
    services.sign_agreement(grant, actor=actor, signed_on=timezone.localdate())
    grant.refresh_from_db()
    return grant


def actions_on(obj) -> list[str]:
    """The audit actions recorded on `obj`, oldest first."""
    return list(history_for(obj).order_by("id").values_list("action", flat=True))


# --- awarding within the budget -------------------------------------------------------------


@pytest.mark.django_db
def test_award_grant_within_budget_raises_awarded_total_and_audits():
    staff = factories.StaffFactory()
    application = selected()
    grant = services.award_grant(application, actor=staff, amount=30 * MILLION)
    assert (grant.amount, grant.status, grant.awarded_by) == (
        30 * MILLION,
        GrantStatus.AWARDED,
        staff,
    )
    application.challenge.refresh_from_db()
    assert application.challenge.awarded_total == 30 * MILLION
    entry = AuditEntry.objects.get(action="challenges.grant.awarded")
    assert (entry.actor, entry.object_id, entry.data["amount"]) == (
        staff,
        str(grant.pk),
        30 * MILLION,
    )


@pytest.mark.django_db
def test_award_refused_above_the_maximum_per_startup():
    application = selected()  # maximum 50,000,000원 per startup
    with translation.override("en"), pytest.raises(GrantError) as caught:
        services.award_grant(application, actor=None, amount=50 * MILLION + 1)
    assert caught.value.code == "above_maximum"
    assert "50,000,000원" in str(caught.value)
    assert Grant.objects.count() == 0


@pytest.mark.django_db
@pytest.mark.parametrize("status", ["submitted", "shortlisted", "not_selected", "withdrawn"])
def test_award_refused_for_an_application_not_selected(status):
    application = factories.ApplicationFactory(status=status)
    with pytest.raises(GrantError) as caught:
        services.award_grant(application, actor=None, amount=10 * MILLION)
    assert caught.value.code == "not_selected"
    assert Grant.objects.count() == 0
    application.challenge.refresh_from_db()
    assert application.challenge.awarded_total == 0


@pytest.mark.django_db
@pytest.mark.parametrize("amount", [0, -5, 1.5, True])
def test_award_refused_for_an_amount_that_is_not_positive_whole_won(amount):
    with pytest.raises(GrantError):
        services.award_grant(selected(), actor=None, amount=amount)
    assert Grant.objects.count() == 0


@pytest.mark.django_db
def test_award_refused_when_the_budget_would_be_exceeded_and_names_what_is_left():
    challenge = factories.ChallengeFactory(total_budget=100 * MILLION)
    services.award_grant(selected(challenge), actor=None, amount=50 * MILLION)
    services.award_grant(selected(challenge), actor=None, amount=40 * MILLION)
    late = selected(challenge)
    with translation.override("en"), pytest.raises(GrantError) as caught:
        services.award_grant(late, actor=None, amount=20 * MILLION)
    assert caught.value.code == "over_budget"
    assert str(caught.value) == (
        "Only 10,000,000원 of the budget of 100,000,000원 is left for this call, so a grant of "
        "20,000,000원 cannot be awarded."
    )
    challenge.refresh_from_db()
    assert challenge.awarded_total == 90 * MILLION
    assert Grant.objects.filter(application=late).exists() is False


@pytest.mark.django_db
def test_second_grant_for_the_same_application_is_refused():
    application = selected()
    services.award_grant(application, actor=None, amount=10 * MILLION)
    with pytest.raises(GrantError) as caught:
        services.award_grant(application, actor=None, amount=10 * MILLION)
    assert caught.value.code == "already_awarded"
    application.challenge.refresh_from_db()
    assert application.challenge.awarded_total == 10 * MILLION


@pytest.mark.django_db
def test_awarded_total_matches_the_sum_of_live_grants():
    challenge = factories.ChallengeFactory()
    grants = [
        services.award_grant(selected(challenge), actor=None, amount=amount)
        for amount in (10 * MILLION, 25 * MILLION, 50 * MILLION)
    ]
    services.cancel_grant(grants[1], actor=None, reason="The startup withdrew.")
    challenge.refresh_from_db()
    live = (
        Grant.objects.filter(application__challenge=challenge)
        .exclude(status=GrantStatus.CANCELLED)
        .aggregate(total=Sum("amount"))["total"]
    )
    assert challenge.awarded_total == live == 60 * MILLION


@pytest.mark.django_db
def test_cancel_grant_returns_the_amount_to_the_budget():
    challenge = factories.ChallengeFactory(total_budget=100 * MILLION)
    grant = services.award_grant(selected(challenge), actor=None, amount=50 * MILLION)
    services.award_grant(selected(challenge), actor=None, amount=50 * MILLION)
    with pytest.raises(GrantError):
        services.award_grant(selected(challenge), actor=None, amount=30 * MILLION)

    services.cancel_grant(grant, actor=None, reason="The agreement was never signed.")

    grant.refresh_from_db()
    challenge.refresh_from_db()
    assert (grant.status, challenge.awarded_total) == (GrantStatus.CANCELLED, 50 * MILLION)
    assert AuditEntry.objects.get(action="challenges.grant.cancelled").data["reason"] == (
        "The agreement was never signed."
    )
    # The freed amount can be awarded again.
    services.award_grant(selected(challenge), actor=None, amount=30 * MILLION)
    challenge.refresh_from_db()
    assert budget_of(challenge) == {
        "budget": 100 * MILLION,
        "awarded": 80 * MILLION,
        "paid": 0,
        "remaining": 20 * MILLION,
    }


@pytest.mark.django_db
def test_cancel_needs_a_reason_and_is_refused_once_a_tranche_is_paid():
    grant = active_grant(10 * MILLION, 20 * MILLION)
    with pytest.raises(GrantError) as caught:
        services.cancel_grant(grant, actor=None, reason="  ")
    assert caught.value.code == "reason_required"
    first = grant.tranches.first()
    Tranche.objects.filter(pk=first.pk).update(status=TrancheStatus.PAID)
    with pytest.raises(GrantError) as caught:
        services.cancel_grant(grant, actor=None, reason="Too late.")
    assert caught.value.code == "already_paid"
    grant.refresh_from_db()
    grant.application.challenge.refresh_from_db()
    assert grant.status == GrantStatus.ACTIVE
    assert grant.application.challenge.awarded_total == 30 * MILLION


@pytest.mark.django_db
def test_budget_of_counts_awarded_paid_and_remaining():
    grant = active_grant(10 * MILLION, 20 * MILLION)
    first = grant.tranches.get(sequence=1)
    Tranche.objects.filter(pk=first.pk).update(status=TrancheStatus.PAID)
    assert budget_of(grant.application.challenge) == {
        "budget": 150 * MILLION,
        "awarded": 30 * MILLION,
        "paid": 10 * MILLION,
        "remaining": 120 * MILLION,
    }


@pytest.mark.django_db
def test_database_alone_refuses_an_awarded_total_above_the_budget():
    challenge = factories.ChallengeFactory(total_budget=100 * MILLION)
    with pytest.raises(IntegrityError), transaction.atomic():
        Challenge.objects.filter(pk=challenge.pk).update(
            awarded_total=F("awarded_total") + 100 * MILLION + 1
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        Challenge.objects.filter(pk=challenge.pk).update(awarded_total=F("awarded_total") - 1)
    challenge.refresh_from_db()
    assert challenge.awarded_total == 0


# --- the budget race on PostgreSQL -----------------------------------------------------------


def race_setup():
    """A call with 100원 and two selected startups asking for 60원 each."""
    challenge = factories.ChallengeFactory(total_budget=100, max_grant_amount=60)
    return challenge, [selected(challenge), selected(challenge)]


def race(award, applications) -> tuple[list, list]:
    """Run `award` for each application in its own thread, released at the same moment.

    Returns (grants, refusals); any other error fails the test.
    """
    start = threading.Barrier(len(applications), timeout=DEADLINE)
    grants, refusals, errors = [], [], []

    def run(application):
        try:
            start.wait()
            grants.append(award(application))
        except DomainError as refusal:
            refusals.append(refusal)
        except BaseException as error:
            errors.append(error)
        finally:
            connection.close()  # this thread's own connection

    threads = [threading.Thread(target=run, args=(a,)) for a in applications]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=DEADLINE)
    assert [t for t in threads if t.is_alive()] == []
    assert errors == []
    return grants, refusals


def award_without_lock(application, *, amount: int, checked: threading.Barrier) -> Grant:
    """award_grant's check without the row lock and without awarded_total: read the sum of
    the grants, compare, then insert. `checked` holds each thread between check and insert."""
    with transaction.atomic():
        challenge = Challenge.objects.get(pk=application.challenge_id)
        awarded = (
            Grant.objects.filter(application__challenge=challenge).aggregate(total=Sum("amount"))[
                "total"
            ]
            or 0
        )
        if awarded + amount > challenge.total_budget:
            raise GrantError("over budget", code="over_budget")
        checked.wait()
        return Grant.objects.create(application=application, amount=amount)


@pytest.mark.postgres
def test_two_awards_racing_for_the_same_budget_only_one_wins(transactional_db):
    challenge, applications = race_setup()

    grants, refusals = race(
        lambda application: services.award_grant(application, actor=None, amount=60),
        applications,
    )

    assert (len(grants), [r.code for r in refusals]) == (1, ["over_budget"])
    challenge.refresh_from_db()
    assert challenge.awarded_total == 60
    assert list(Grant.objects.values_list("pk", flat=True)) == [grants[0].pk]


@pytest.mark.postgres
def test_second_award_waits_on_the_challenge_lock_until_the_first_commits(transactional_db):
    """The challenge row serialises awards: while the first transaction stays open, the second
    award is seen in PostgreSQL waiting on a row lock, and it is refused once the first commits."""
    challenge, (first, second) = race_setup()
    holding, release = threading.Event(), threading.Event()
    outcome: dict = {}

    def first_award():
        try:
            with transaction.atomic():
                outcome["first"] = services.award_grant(first, actor=None, amount=60)
                holding.set()
                release.wait(DEADLINE)
        except BaseException as error:
            outcome["first"] = error
        finally:
            connection.close()

    def second_award():
        try:
            holding.wait(DEADLINE)
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_backend_pid()")
                outcome["pid"] = cursor.fetchone()[0]
            outcome["second"] = services.award_grant(second, actor=None, amount=60)
        except BaseException as error:
            outcome["second"] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=first_award), threading.Thread(target=second_award)]
    for thread in threads:
        thread.start()
    try:
        deadline = time.monotonic() + DEADLINE
        waiting_on_lock = False
        while time.monotonic() < deadline and not waiting_on_lock:
            if "pid" in outcome:
                with connection.cursor() as cursor:
                    cursor.execute(
                        "SELECT wait_event_type FROM pg_stat_activity WHERE pid = %s",
                        [outcome["pid"]],
                    )
                    row = cursor.fetchone()
                waiting_on_lock = row is not None and row[0] == "Lock"
            time.sleep(0.05)
    finally:
        release.set()
        for thread in threads:
            thread.join(timeout=DEADLINE)
    assert waiting_on_lock is True
    assert isinstance(outcome["first"], Grant)
    assert isinstance(outcome["second"], GrantError)
    assert outcome["second"].code == "over_budget"
    challenge.refresh_from_db()
    assert challenge.awarded_total == 60
    assert Grant.objects.count() == 1


@pytest.mark.postgres
def test_race_harness_catches_an_award_without_lock(transactional_db):
    """Proof that the race above is a real one: without the lock both awards pass the check
    and both grants are written, 120원 out of a budget of 100원."""
    challenge, applications = race_setup()
    checked = threading.Barrier(2, timeout=DEADLINE)

    grants, refusals = race(
        lambda application: award_without_lock(application, amount=60, checked=checked),
        applications,
    )

    assert (len(grants), refusals) == (2, [])
    total = Grant.objects.filter(application__challenge=challenge).aggregate(t=Sum("amount"))
    assert total["t"] == 120 > challenge.total_budget


# --- the tranche plan and the agreement -------------------------------------------------------


@pytest.mark.django_db
def test_tranches_must_add_up_to_the_grant_and_the_message_gives_both_sums():
    grant = services.award_grant(selected(), actor=None, amount=30 * MILLION)
    with translation.override("en"), pytest.raises(GrantError) as caught:
        services.set_tranches(grant, actor=None, tranches=plan(10 * MILLION, 15 * MILLION))
    assert caught.value.code == "plan_does_not_add_up"
    assert str(caught.value) == (
        "The tranches add up to 25,000,000원, but the grant is 30,000,000원. Change the "
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
def test_plan_cannot_change_once_a_milestone_is_reported():
    grant = active_grant(10 * MILLION, 20 * MILLION)
    founder = member_of(grant.application)
    services.report_milestone(grant.tranches.first(), actor=founder, text="Done.")
    with pytest.raises(GrantError) as caught:
        services.set_tranches(grant, actor=None, tranches=plan(30 * MILLION))
    assert caught.value.code == "plan_started"
    assert grant.tranches.count() == 2


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
    assert "(30,000,000원)" in body_text
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
    assert set(services.TRANCHE_TRANSITIONS) == set(TrancheStatus.values)


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


# --- the grantee's pages ---------------------------------------------------------------------


@pytest.fixture
def grantee(client):
    """A founder signed in, with an active grant of two tranches."""
    grant = active_grant(10 * MILLION, 20 * MILLION)
    founder = member_of(grant.application, user__language="en")
    client.force_login(founder)
    client.grant, client.founder = grant, founder
    client.tranche = grant.tranches.get(sequence=1)
    client.report_url = f"/applications/{grant.application_id}/tranches/{client.tranche.pk}/report/"
    return client


def stored_files() -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


@pytest.mark.django_db
def test_founder_reports_a_milestone_with_a_pdf(grantee):
    staff = factories.StaffFactory()
    page = grantee.get(grantee.report_url)
    assert page.status_code == 200
    assert "Milestone 1" in page.content.decode()
    assert "10,000,000원" in page.content.decode()

    content = b"%PDF-1.7\n" + b"0" * 2048 + b"\n%%EOF\n"
    response = grantee.post(
        grantee.report_url,
        {
            "text": "The mouse study met its endpoint.",
            "file": SimpleUploadedFile("결과.pdf", content),
        },
    )

    assert response.status_code == 302
    assert response["Location"] == f"/applications/{grantee.grant.application_id}/"
    tranche = Tranche.objects.get(pk=grantee.tranche.pk)
    assert (tranche.status, tranche.report_text, tranche.reported_by) == (
        TrancheStatus.REPORTED,
        "The mouse study met its endpoint.",
        grantee.founder,
    )
    (report_file,) = tranche.files.all()
    assert (report_file.original_name, report_file.size) == ("결과.pdf", len(content))
    (path,) = stored_files()
    assert path.read_bytes() == content
    assert "결과" not in path.name
    assert list(
        Notification.objects.filter(kind="challenges.milestone_reported").values_list(
            "recipient", flat=True
        )
    ) == [staff.pk]
    # The report is now with the office: the page shows it and offers no form.
    page = grantee.get(grantee.report_url).content.decode()
    assert "Your report is with the programme office." in page
    assert 'name="text"' not in page


@pytest.mark.django_db
def test_report_refuses_a_file_that_is_not_a_document_and_keeps_the_text(grantee):
    response = grantee.post(
        grantee.report_url,
        {"text": "Keep me.", "file": SimpleUploadedFile("report.pdf", b"MZ\x90\x00 not a pdf")},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "is not a PDF" in page
    assert "Keep me." in page
    assert Tranche.objects.get(pk=grantee.tranche.pk).status == TrancheStatus.PLANNED
    assert stored_files() == []


@pytest.mark.django_db
def test_report_page_without_a_signed_agreement_explains_and_refuses(client):
    grant = factories.GrantFactory()
    Challenge.objects.filter(pk=grant.application.challenge_id).update(
        results_published_at=timezone.now()
    )
    tranche = factories.TrancheFactory(grant=grant)
    founder = member_of(grant.application, user__language="en")
    client.force_login(founder)
    url = f"/applications/{grant.application_id}/tranches/{tranche.pk}/report/"
    page = client.get(url).content.decode()
    assert "once the grant agreement is signed" in page
    response = client.post(url, {"text": "Trying anyway."})
    assert response.status_code == 200
    assert Tranche.objects.get(pk=tranche.pk).status == TrancheStatus.PLANNED


@pytest.mark.django_db
def test_grant_is_hidden_from_founders_before_the_results_or_the_agreement(client):
    grant = factories.GrantFactory()  # awarded, results not published
    tranche = factories.TrancheFactory(grant=grant)
    client.force_login(member_of(grant.application))
    url = f"/applications/{grant.application_id}/tranches/{tranche.pk}/report/"
    assert client.get(url).status_code == 404
    assert render_to_string("challenges/grants/_grant_panel.html", {"grant": grant}).strip() == ""


@pytest.mark.django_db
def test_another_startup_gets_404_on_report_and_file(client):
    grant = factories.GrantFactory(active=True)
    tranche = factories.TrancheFactory(grant=grant)
    report_file = factories.TrancheReportFileFactory(tranche=tranche)
    base = f"/applications/{grant.application_id}/tranches/{tranche.pk}"
    client.force_login(factories.StartupMembershipFactory().user)
    assert client.get(f"{base}/report/").status_code == 404
    assert client.post(f"{base}/report/", {"text": "Not mine."}).status_code == 404
    assert client.get(f"{base}/files/{report_file.pk}/").status_code == 404
    # Nor does a file answer under another application's or tranche's path.
    member_of_other = factories.GrantFactory(active=True)
    other_tranche = factories.TrancheFactory(grant=member_of_other)
    client.force_login(member_of(member_of_other.application))
    assert (
        client.get(
            f"/applications/{member_of_other.application_id}/tranches/{other_tranche.pk}"
            f"/files/{report_file.pk}/"
        ).status_code
        == 404
    )
    assert Tranche.objects.get(pk=tranche.pk).status == TrancheStatus.PLANNED


@pytest.mark.django_db
def test_staff_file_download_is_audit_logged_and_the_founders_is_not(client):
    grant = factories.GrantFactory(active=True)
    tranche = factories.TrancheFactory(grant=grant, status=TrancheStatus.REPORTED)
    report_file = factories.TrancheReportFileFactory(tranche=tranche)
    url = f"/applications/{grant.application_id}/tranches/{tranche.pk}/files/{report_file.pk}/"

    client.force_login(member_of(grant.application))
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == factories.MINIMAL_PDF
    assert AuditEntry.objects.filter(action="challenges.tranche.file_downloaded").count() == 0

    staff = factories.StaffFactory()
    client.force_login(staff)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="milestone-report.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Type"] == "application/pdf"
    entry = AuditEntry.objects.get(action="challenges.tranche.file_downloaded")
    assert (entry.actor, entry.object_id, entry.data["file"]) == (
        staff,
        str(tranche.pk),
        report_file.pk,
    )


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["staff_no_mfa", "reviewer"])
def test_staff_without_mfa_and_reviewers_cannot_download_milestone_files(client, who):
    grant = factories.GrantFactory(active=True)
    tranche = factories.TrancheFactory(grant=grant, status=TrancheStatus.REPORTED)
    report_file = factories.TrancheReportFileFactory(tranche=tranche)
    if who == "reviewer":
        user = factories.ReviewAssignmentFactory(
            application=grant.application, no_conflict_confirmed_at=timezone.now()
        ).reviewer
    else:
        user = factories.StaffFactory(mfa=False)
    client.force_login(user)
    url = f"/applications/{grant.application_id}/tranches/{tranche.pk}/files/{report_file.pk}/"
    assert client.get(url).status_code == 404
    assert AuditEntry.objects.filter(action="challenges.tranche.file_downloaded").count() == 0


@pytest.mark.django_db
def test_grant_panel_shows_the_grant_its_tranches_and_what_to_do():
    grant = active_grant(10 * MILLION, 20 * MILLION)
    first, second = grant.tranches.all()
    Tranche.objects.filter(pk=second.pk).update(
        status=TrancheStatus.RETURNED, staff_comment="Add the raw data."
    )
    with translation.override("en"):
        html = render_to_string(
            "challenges/grants/_grant_panel.html", {"grant": Grant.objects.get(pk=grant.pk)}
        )
    assert "30,000,000원" in html
    assert "Agreement signed" in html
    assert "10,000,000원" in html and "20,000,000원" in html
    assert f'href="/applications/{grant.application_id}/tranches/{first.pk}/report/"' in html
    assert "Report the milestone" in html
    assert "Report again" in html
    assert "Add the raw data." in html


# --- the admin -------------------------------------------------------------------------------


@pytest.fixture
def staff_client(client):
    staff = factories.StaffFactory(language="en")
    client.force_login(staff)
    client.staff = staff
    return client


def messages_of(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


@pytest.mark.django_db
def test_budget_page_shows_each_challenges_figures_and_who_awaits_a_grant(staff_client):
    grant = active_grant(10 * MILLION, 20 * MILLION)
    challenge = grant.application.challenge
    first = grant.tranches.get(sequence=1)
    Tranche.objects.filter(pk=first.pk).update(status=TrancheStatus.PAID)
    waiting = selected(challenge)

    response = staff_client.get("/admin/challenges/grant/budget/", HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 200
    page = response.content.decode()
    assert '<td class="budget">150,000,000원</td>' in page
    assert '<td class="awarded">30,000,000원</td>' in page
    assert '<td class="paid">10,000,000원</td>' in page
    assert '<td class="remaining">120,000,000원</td>' in page
    assert waiting.startup.name in page
    assert f'href="/admin/challenges/grant/award/{waiting.pk}/"' in page


@pytest.mark.django_db
def test_budget_page_query_count_does_not_grow_with_grants(staff_client):
    active_grant(10 * MILLION, 20 * MILLION)
    selected()
    staff_client.get("/admin/challenges/grant/budget/")
    with CaptureQueriesContext(connection) as one:
        assert staff_client.get("/admin/challenges/grant/budget/").status_code == 200
    for _ in range(9):
        active_grant(10 * MILLION, 20 * MILLION)
        selected()
    with CaptureQueriesContext(connection) as ten:
        staff_client.get("/admin/challenges/grant/budget/")
    assert Grant.objects.count() == 10
    assert len(ten.captured_queries) == len(one.captured_queries)


@pytest.mark.django_db
def test_award_form_awards_a_grant_and_goes_on_to_the_plan(staff_client):
    application = selected(requested_grant_amount=30 * MILLION)
    url = f"/admin/challenges/grant/award/{application.pk}/"
    page = staff_client.get(url).content.decode()
    assert 'value="30000000"' in page

    response = staff_client.post(url, {"amount": 30 * MILLION})

    grant = Grant.objects.get(application=application)
    assert response.status_code == 302
    assert response["Location"] == f"/admin/challenges/grant/{grant.pk}/plan/"
    assert (grant.amount, grant.awarded_by) == (30 * MILLION, staff_client.staff)
    application.challenge.refresh_from_db()
    assert application.challenge.awarded_total == 30 * MILLION


@pytest.mark.django_db
def test_award_form_shows_the_budget_refusal_beside_the_amount(staff_client):
    challenge = factories.ChallengeFactory(total_budget=60 * MILLION)
    services.award_grant(selected(challenge), actor=None, amount=50 * MILLION)
    application = selected(challenge)
    response = staff_client.post(
        f"/admin/challenges/grant/award/{application.pk}/",
        {"amount": 20 * MILLION},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200
    assert "Only 10,000,000원 of the budget of 60,000,000원 is left" in response.content.decode()
    assert Grant.objects.filter(application=application).exists() is False


@pytest.mark.django_db
def test_award_form_is_only_for_selected_applications_and_staff(client):
    shortlisted = factories.ApplicationFactory(status="shortlisted")
    client.force_login(factories.StaffFactory())
    assert client.get(f"/admin/challenges/grant/award/{shortlisted.pk}/").status_code == 404
    application = selected()
    client.force_login(factories.StaffFactory(mfa=False))
    assert client.get(f"/admin/challenges/grant/award/{application.pk}/").status_code == 302
    client.force_login(member_of(application))
    response = client.post(f"/admin/challenges/grant/award/{application.pk}/", {"amount": 1})
    assert response.status_code == 302
    assert Grant.objects.count() == 0


@pytest.mark.django_db
def test_plan_view_sets_the_tranches_through_the_service(staff_client):
    grant = services.award_grant(selected(), actor=None, amount=30 * MILLION)
    url = f"/admin/challenges/grant/{grant.pk}/plan/"
    assert staff_client.get(url).status_code == 200
    data = {
        "form-TOTAL_FORMS": "3",
        "form-INITIAL_FORMS": "0",
        "form-0-amount": "10000000",
        "form-0-due_on": "2027-03-31",
        "form-0-milestone": "Lead candidate chosen",
        "form-1-amount": "20000000",
        "form-1-due_on": "2027-09-30",
        "form-1-milestone": "In vivo proof of concept",
    }
    response = staff_client.post(url, {**data, "form-1-amount": "10000000"})
    assert response.status_code == 200
    assert "add up to 20,000,000원, but the grant is 30,000,000원" in " ".join(
        messages_of(response)
    )
    assert grant.tranches.count() == 0

    response = staff_client.post(url, data)
    assert response.status_code == 302
    assert list(grant.tranches.values_list("sequence", "amount", "milestone")) == [
        (1, 10 * MILLION, "Lead candidate chosen"),
        (2, 20 * MILLION, "In vivo proof of concept"),
    ]


@pytest.mark.django_db
def test_grant_cannot_be_added_or_its_amount_changed_in_the_admin(staff_client):
    grant = active_grant(30 * MILLION)
    assert staff_client.get("/admin/challenges/grant/add/").status_code == 403
    page = staff_client.get(f"/admin/challenges/grant/{grant.pk}/change/")
    assert page.status_code == 200
    assert 'name="amount"' not in page.content.decode()
    assert "30,000,000원" in page.content.decode()
    staff_client.post(f"/admin/challenges/grant/{grant.pk}/change/", {"amount": 1})
    grant.refresh_from_db()
    assert grant.amount == 30 * MILLION
    assert staff_client.get("/admin/challenges/grant/").status_code == 200


@pytest.mark.django_db
def test_sign_agreement_and_cancel_actions_call_the_services(staff_client):
    grant = services.award_grant(selected(), actor=None, amount=30 * MILLION)
    unplanned = services.award_grant(selected(), actor=None, amount=20 * MILLION)
    services.set_tranches(grant, actor=None, tranches=plan(30 * MILLION))
    changelist = "/admin/challenges/grant/"
    selection = {"_selected_action": [grant.pk, unplanned.pk]}

    page = staff_client.post(changelist, {"action": "sign_agreement", **selection})
    assert page.status_code == 200
    assert 'name="signed_on"' in page.content.decode()

    response = staff_client.post(
        changelist,
        {"action": "sign_agreement", "apply": "1", "signed_on": "2027-01-05", **selection},
    )
    assert response.status_code == 302
    grant.refresh_from_db()
    unplanned.refresh_from_db()
    assert (grant.status, unplanned.status) == (GrantStatus.ACTIVE, GrantStatus.AWARDED)
    assert messages_of(response) == [
        f"{unplanned}: Plan the tranches before the agreement is signed: they add up to 0원, "
        "but the grant is 20,000,000원.",
        "1 agreements recorded.",
    ]

    staff_client.post(
        changelist,
        {
            "action": "cancel",
            "apply": "1",
            "reason": "Withdrew.",
            "_selected_action": [unplanned.pk],
        },
    )
    unplanned.refresh_from_db()
    assert unplanned.status == GrantStatus.CANCELLED


@pytest.mark.django_db
def test_tranche_actions_approve_return_and_record_payment_through_the_services(staff_client):
    grant = active_grant(10 * MILLION, 20 * MILLION)
    founder = member_of(grant.application)
    first, second = grant.tranches.all()
    services.report_milestone(first, actor=founder, text="One.")
    services.report_milestone(second, actor=founder, text="Two.")
    changelist = "/admin/challenges/tranche/"

    # Approve: the first; the second is returned with a comment asked on a page of its own.
    response = staff_client.post(changelist, {"action": "approve", "_selected_action": [first.pk]})
    assert response.status_code == 302
    page = staff_client.post(
        changelist, {"action": "return_for_changes", "_selected_action": [second.pk]}
    )
    assert page.status_code == 200
    assert 'name="comment"' in page.content.decode()
    staff_client.post(
        changelist,
        {
            "action": "return_for_changes",
            "apply": "1",
            "comment": "Add the raw data.",
            "_selected_action": [second.pk],
        },
    )
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, first.reviewed_by) == (TrancheStatus.APPROVED, staff_client.staff)
    assert (second.status, second.staff_comment) == (TrancheStatus.RETURNED, "Add the raw data.")

    # Paying both: the approved one is paid, the returned one is refused with its reason.
    response = staff_client.post(
        changelist,
        {
            "action": "record_paid",
            "apply": "1",
            "paid_on": "2027-02-01",
            "_selected_action": [first.pk, second.pk],
        },
        HTTP_ACCEPT_LANGUAGE="en",
    )
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, first.paid_on) == (TrancheStatus.PAID, date(2027, 2, 1))
    assert second.status == TrancheStatus.RETURNED
    assert messages_of(response)[-2:] == [
        f"{second}: Tranche 2 is “Returned for changes”, so it cannot become “Paid”.",
        "1 recorded as paid.",
    ]
    assert [e.actor for e in AuditEntry.objects.filter(action="challenges.tranche.paid")] == [
        staff_client.staff
    ]


@pytest.mark.django_db
def test_tranche_admin_shows_the_report_and_its_files_read_only(staff_client):
    grant = factories.GrantFactory(active=True)
    tranche = factories.TrancheFactory(
        grant=grant, status=TrancheStatus.REPORTED, report_text="We did it."
    )
    report_file = factories.TrancheReportFileFactory(tranche=tranche)
    page = staff_client.get(f"/admin/challenges/tranche/{tranche.pk}/change/").content.decode()
    assert "We did it." in page
    assert (
        f'href="/applications/{grant.application_id}/tranches/{tranche.pk}/files/{report_file.pk}/"'
        in page
    )
    assert 'name="status"' not in page
    assert staff_client.get("/admin/challenges/tranche/").status_code == 200
