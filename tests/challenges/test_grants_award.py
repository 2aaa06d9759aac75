"""Awarding grants within a challenge's budget, and the budget race on PostgreSQL."""

import threading
import time

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.models import F, Sum
from django.utils import translation

from challenges import services
from challenges.exceptions import GrantError
from challenges.grant_selectors import budget_of
from challenges.models import (
    Challenge,
    Grant,
    GrantStatus,
    Tranche,
    TrancheStatus,
)
from core.models import AuditEntry
from tests import factories
from tests.challenges.grant_helpers import active_grant, selected
from tests.support.race import race

MILLION = 1_000_000
DEADLINE = 30.0  # seconds; no wait in this file is longer


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
    assert "KRW 50,000,000" in str(caught.value)
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
        "Only KRW 10,000,000 of the budget of KRW 100,000,000 is left for this call, so a grant of "
        "KRW 20,000,000 cannot be awarded."
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
