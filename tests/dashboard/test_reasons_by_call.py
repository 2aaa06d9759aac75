"""Reasons reporting (issue 16): coded rejection reasons and failed eligibility rules per
call, on the dashboard and in its XLSX export."""

import io
from datetime import timedelta

import pytest
from openpyxl import load_workbook

from challenges import reports
from challenges.models import Appeal, DecisionReason
from tests import factories

pytestmark = pytest.mark.django_db


def snapshot(*failed):
    codes = ["seoul_based", "company_age", "business_number", "therapeutic_area"]
    return {"passed": not failed, "rules": [{"code": c, "passed": c not in failed} for c in codes]}


@pytest.fixture
def two_calls():
    first = factories.ChallengeFactory(slug="call-a")
    second = factories.ChallengeFactory(slug="call-b")
    score = DecisionReason.objects.get(code="score")
    for challenge, count in ((first, 2), (second, 1)):
        for _ in range(count):
            factories.ApplicationFactory(
                challenge=challenge, status="not_selected", decision_reason=score
            )
    factories.ApplicationFactory(
        challenge=first,
        status="ineligible",
        submitted_at=first.opens_at,
        eligibility_snapshot=snapshot("seoul_based", "company_age"),
    )
    factories.ApplicationFactory(
        challenge=second,
        status="screening",
        submitted_at=second.opens_at,
        eligibility_snapshot=snapshot("seoul_based"),
    )
    return first, second


def test_reasons_are_counted_per_call(two_calls):
    rows = [(r["challenge"], r["code"], r["count"]) for r in reports.reasons_by_call()]
    assert rows == [("call-a", "score", 2), ("call-a", None, 1), ("call-b", "score", 1)]


def test_failed_rules_are_counted_per_call(two_calls):
    rows = [(r["challenge"], r["rule"], r["count"]) for r in reports.failed_rules_by_call()]
    assert sorted(rows) == [
        ("call-a", "company_age", 1),
        ("call-a", "seoul_based", 1),
        ("call-b", "seoul_based", 1),
    ]


def test_the_xlsx_export_has_the_reasons_per_call(two_calls, client):
    client.force_login(factories.StaffFactory())
    response = client.get("/admin/dashboard/reasons-by-call.xlsx")
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert [row[1] for row in rows[2:5]] == [2, 1, 1]
    assert rows[2][0].startswith("call-a · score")
    response = client.get("/admin/dashboard/failed-rules-by-call.xlsx")
    assert response.status_code == 200


def test_open_appeals_are_listed_soonest_due_first(client):

    first = factories.ApplicationFactory(status="not_selected", startup__name="먼저바이오")
    later = factories.ApplicationFactory(status="not_selected", startup__name="나중바이오")
    decided = factories.ApplicationFactory(status="not_selected")
    now = first.challenge.opens_at
    for application, days, status in (
        (later, 9, "in_review"),
        (first, 3, "open"),
        (decided, 1, "upheld"),
    ):
        Appeal.objects.create(
            application=application,
            contested="not_selected",
            opened_at=now,
            due_at=now + timedelta(days=days),
            status=status,
        )
    assert [row["startup"] for row in reports.open_appeals()] == ["먼저바이오", "나중바이오"]
    client.force_login(factories.StaffFactory())
    response = client.get("/admin/dashboard/open-appeals.xlsx")
    assert response.status_code == 200
