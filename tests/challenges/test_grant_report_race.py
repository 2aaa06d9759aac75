"""Reports gate tranches on PostgreSQL: approving a tranche while its report is returned.

approve_tranche checks that the report is accepted; request_report_changes checks that the
tranche is not yet approved. Each check alone is right, but run side by side without a lock
both pass (write skew) and the tranche is approved on a report that was sent back. Both
services lock the tranche row first, so one waits for the other and then sees its decision.

Data is committed (`transactional_db`) so that every thread, on its own connection, sees it.
"""

import threading
import time
from datetime import timedelta

import pytest
from django.db import connection, transaction
from django.utils import timezone

from challenges import services
from challenges.exceptions import GrantError
from challenges.models import GrantReport, ReportStatus, Tranche, TrancheStatus
from tests import factories
from tests.challenges.grant_helpers import active_grant, member_of
from tests.support.race import race

pytestmark = pytest.mark.postgres
MILLION = 1_000_000
DEADLINE = 30.0  # seconds; no wait in this file is longer


def accepted_report_on_a_reported_tranche():
    """A tranche whose milestone is reported and whose report is accepted: both the approval
    and a change of mind about the report are allowed, each on its own."""
    grant = active_grant(10 * MILLION, 20 * MILLION)
    founder = member_of(grant.application)
    staff = factories.StaffFactory()
    tranche = grant.tranches.get(sequence=1)
    report = services.add_grant_report(
        grant,
        actor=staff,
        kind="interim",
        due_at=timezone.now() + timedelta(days=30),
        tranche=tranche,
    )
    services.report_milestone(tranche, actor=founder, text="Milestone reached.")
    services.submit_grant_report(report, actor=founder, text="Interim results.")
    services.accept_grant_report(report, actor=staff)
    return staff, tranche, report


def state(tranche, report) -> tuple[str, str]:
    return (
        Tranche.objects.get(pk=tranche.pk).status,
        GrantReport.objects.get(pk=report.pk).status,
    )


def backend_pid() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return cursor.fetchone()[0]


def waits_on_a_lock(pid: int) -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT wait_event_type FROM pg_stat_activity WHERE pid = %s", [pid])
        row = cursor.fetchone()
    return row is not None and row[0] == "Lock"


def second_waits_for_first(first, second) -> tuple[bool, object, object]:
    """Run `first` in a transaction kept open until `second`, in another thread, is seen
    waiting on a row lock in PostgreSQL; then commit. Returns (waited, first's result,
    second's result or refusal)."""
    holding, release = threading.Event(), threading.Event()
    outcome: dict = {}

    def hold():
        try:
            with transaction.atomic():
                outcome["first"] = first()
                holding.set()
                release.wait(DEADLINE)
        except BaseException as error:
            outcome["first"] = error
        finally:
            connection.close()

    def wait():
        try:
            holding.wait(DEADLINE)
            outcome["pid"] = backend_pid()
            outcome["second"] = second()
        except BaseException as error:
            outcome["second"] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=hold), threading.Thread(target=wait)]
    for thread in threads:
        thread.start()
    waited = False
    try:
        deadline = time.monotonic() + DEADLINE
        while time.monotonic() < deadline and not waited:
            waited = "pid" in outcome and waits_on_a_lock(outcome["pid"])
            time.sleep(0.05)
    finally:
        release.set()
        for thread in threads:
            thread.join(timeout=DEADLINE)
    assert [t for t in threads if t.is_alive()] == []
    return waited, outcome.get("first"), outcome.get("second")


def test_approving_a_tranche_while_its_report_is_returned_one_side_wins(transactional_db):
    staff, tranche, report = accepted_report_on_a_reported_tranche()

    done, refusals = race(
        lambda verb: verb(),
        [
            lambda: services.approve_tranche(tranche, actor=staff),
            lambda: services.request_report_changes(report, actor=staff, comment="Wrong sums."),
        ],
    )

    assert (len(done), len(refusals)) == (1, 1)
    assert refusals[0].code in {"report_not_accepted", "tranche_released"}
    assert state(tranche, report) in {
        (TrancheStatus.APPROVED, ReportStatus.ACCEPTED),
        (TrancheStatus.REPORTED, ReportStatus.CHANGES_REQUESTED),
    }


def test_approval_waits_for_the_return_and_is_then_refused(transactional_db):
    staff, tranche, report = accepted_report_on_a_reported_tranche()

    waited, returned, approval = second_waits_for_first(
        lambda: services.request_report_changes(report, actor=staff, comment="Wrong sums."),
        lambda: services.approve_tranche(tranche, actor=staff),
    )

    assert waited is True
    assert isinstance(returned, GrantReport)
    assert isinstance(approval, GrantError)
    assert approval.code == "report_not_accepted"
    assert state(tranche, report) == (TrancheStatus.REPORTED, ReportStatus.CHANGES_REQUESTED)


def test_return_waits_for_the_approval_and_is_then_refused(transactional_db):
    staff, tranche, report = accepted_report_on_a_reported_tranche()

    waited, approved, returned = second_waits_for_first(
        lambda: services.approve_tranche(tranche, actor=staff),
        lambda: services.request_report_changes(report, actor=staff, comment="Wrong sums."),
    )

    assert waited is True
    assert isinstance(approved, Tranche)
    assert isinstance(returned, GrantError)
    assert returned.code == "tranche_released"
    assert state(tranche, report) == (TrancheStatus.APPROVED, ReportStatus.ACCEPTED)


# --- the same race with the lock switched off ------------------------------------------------


def approve_without_lock(tranche_pk: int, checked: threading.Barrier) -> None:
    """approve_tranche's gate without the row locks: read the reports, check, then write.
    `checked` holds each thread between its check and its write."""
    with transaction.atomic():
        statuses = GrantReport.objects.filter(tranche_id=tranche_pk).values_list(
            "status", flat=True
        )
        if any(status != ReportStatus.ACCEPTED for status in statuses):
            raise GrantError("report not accepted", code="report_not_accepted")
        checked.wait()
        Tranche.objects.filter(pk=tranche_pk).update(status=TrancheStatus.APPROVED)


def return_without_lock(report_pk: int, checked: threading.Barrier) -> None:
    """request_report_changes' check without the row locks: read the tranche, check, write."""
    with transaction.atomic():
        report = GrantReport.objects.select_related("tranche").get(pk=report_pk)
        if report.tranche.status in (TrancheStatus.APPROVED, TrancheStatus.PAID):
            raise GrantError("tranche released", code="tranche_released")
        checked.wait()
        GrantReport.objects.filter(pk=report_pk).update(
            status=ReportStatus.CHANGES_REQUESTED, accepted_at=None
        )


def test_race_harness_catches_the_gate_without_the_lock(transactional_db):
    """Proof that the race above is a real one: without the locks both checks pass and the
    tranche is approved on a report that has just been sent back for changes."""
    _staff, tranche, report = accepted_report_on_a_reported_tranche()
    checked = threading.Barrier(2, timeout=DEADLINE)

    done, refusals = race(
        lambda verb: verb(),
        [
            lambda: approve_without_lock(tranche.pk, checked),
            lambda: return_without_lock(report.pk, checked),
        ],
    )

    assert (len(done), refusals) == (2, [])
    assert state(tranche, report) == (TrancheStatus.APPROVED, ReportStatus.CHANGES_REQUESTED)
