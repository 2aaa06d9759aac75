"""The ranking page of the challenge admin and its exports."""

import csv
import io
from datetime import timedelta

import openpyxl
import pytest
from django.utils import timezone

from challenges import services
from challenges.models import ApplicationStatus
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def reviewed_challenge():
    challenge = factories.ChallengeFactory()
    services.add_default_rubric(challenge, actor=None)
    for name, value in [("알파", 5), ("베타", 3)]:
        application = factories.CompleteApplicationFactory(
            challenge=challenge, status=ApplicationStatus.UNDER_REVIEW, startup__name=name
        )
        reviewer = factories.ReviewerFactory()
        assignment = services.assign_reviewer(
            application, reviewer=reviewer, actor=None, due_at=timezone.now() + timedelta(days=3)
        )
        services.accept_review_terms(challenge, reviewer=reviewer)
        services.confirm_no_conflict(assignment, reviewer=reviewer)
        scores = {c.pk: (value, "") for c in challenge.criteria.all()}
        services.save_review(
            assignment, reviewer=reviewer, scores=scores, recommendation="yes", comment=""
        )
        services.submit_review(assignment, reviewer=reviewer)
    return challenge


def test_ranking_page_lists_applications_best_first(client, reviewed_challenge):
    client.force_login(factories.StaffFactory())
    page = client.get(f"/admin/challenges/challenge/{reviewed_challenge.pk}/ranking/")
    assert page.status_code == 200
    html = page.content.decode()
    assert html.index("알파") < html.index("베타")


def test_ranking_exports_csv_and_excel(client, reviewed_challenge):
    client.force_login(factories.StaffFactory(language="en"))
    base = f"/admin/challenges/challenge/{reviewed_challenge.pk}/"
    response = client.get(base + "ranking.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][0] == "Raw rank"
    assert [rows[1][3], rows[2][3]] == ["알파", "베타"]
    workbook = openpyxl.load_workbook(io.BytesIO(client.get(base + "ranking.xlsx").content))
    assert workbook.worksheets[0]["D2"].value == "알파"
    assert client.get(base + "ranking.pdf").status_code == 404


def test_ranking_is_for_staff_only(client, reviewed_challenge):
    client.force_login(factories.ReviewerFactory())
    response = client.get(f"/admin/challenges/challenge/{reviewed_challenge.pk}/ranking/")
    assert response.status_code == 302
