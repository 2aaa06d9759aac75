"""The applications list as staff triage it: when each came in, what it asks for, how its
reviews stand, its status as a labelled badge; the call named once, not on every row; the
district filter from Seoul's 25 districts without a DISTINCT over the startups."""

import re
from datetime import UTC, datetime

import pytest
from django.contrib import admin
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from accounts.validators import SEOUL_DISTRICTS
from challenges.admin.triage import DistrictFilter
from challenges.models import Application
from tests import factories

pytestmark = pytest.mark.django_db

LIST = "/admin/challenges/application/"
SUBMITTED = datetime(2026, 12, 5, 14, 17, tzinfo=UTC)  # 23:17 in Seoul


@pytest.fixture
def reviewed():
    """Requested 50,000,000 won; three reviewers, two of whom submitted (3.5 and 4.0)."""
    challenge = factories.ChallengeFactory(
        title_ko="2027 서울 바이오허브 × BMS 오픈 이노베이션 챌린지 (종양·혈액·면역)",
        title_en="2027 Seoul BioHub × BMS Open Innovation Challenge",
    )
    application = factories.CompleteApplicationFactory(
        challenge=challenge,
        status="under_review",
        submitted_at=SUBMITTED,
        requested_grant_amount=50_000_000,
        startup__district="동대문구",
    )
    for score in (3.5, 4.0):
        factories.ReviewFactory(
            submitted=True, weighted_score=score, assignment__application=application
        )
    factories.ReviewFactory(assignment__application=application)  # a draft: not counted
    return application


def _cells(html: str, application: Application) -> dict[str, str]:
    """The row's cells by their column (Django puts the field name in each cell's class)."""
    row = re.search(rf'<tr>(?:(?!</tr>).)*value="{application.pk}"(?:(?!</tr>).)*</tr>', html, re.S)
    return {
        name: " ".join(re.sub(r"<[^>]+>", " ", text).split())
        for name, text in re.findall(
            r'<t[dh] class="field-([\w]+)[^"]*"[^>]*>(.*?)</t[dh]>', row.group(0), re.S
        )
    }


def _staff(client, language):
    client.force_login(factories.StaffFactory(is_superuser=True, language=language))
    client.cookies["biohub_language"] = language
    return client


def test_triage_columns_in_korean(client, reviewed):
    html = _staff(client, "ko").get(LIST).content.decode()
    cells = _cells(html, reviewed)
    assert cells["submitted_at"] == "2026년 12월 5일 오후 11:17 KST"
    assert cells["requested_krw"] == "50,000,000원"
    assert cells["mean_score"] == "3.75"
    assert cells["reviews_done"] == "2/3"
    assert cells["status_badge"] == "심사 중"
    assert cells["district"] == "동대문구"
    assert '<span class="status-badge status-badge--under_review">심사 중</span>' in html


def test_triage_columns_in_english(client, reviewed):
    html = _staff(client, "en").get(LIST).content.decode()
    cells = _cells(html, reviewed)
    assert cells["submitted_at"] == "Dec. 5, 2026, 11:17 p.m. KST"
    assert cells["requested_krw"] == "KRW 50,000,000"
    assert cells["status_badge"] == "Under review"
    assert cells["district"] == "Dongdaemun-gu"


def test_an_application_without_reviews_reads_dashes_and_zero_of_zero(client):
    application = factories.CompleteApplicationFactory(requested_grant_amount=None)
    cells = _cells(_staff(client, "ko").get(LIST).content.decode(), application)
    assert (cells["mean_score"], cells["reviews_done"], cells["requested_krw"]) == ("—", "0/0", "—")


def test_long_call_title_is_shortened_with_the_full_title_on_hover(client, reviewed):
    html = _staff(client, "en").get(LIST).content.decode()
    title = reviewed.challenge.title_en
    assert _cells(html, reviewed)["call"] == "2027 Seoul BioHub × BMS…"
    assert f'<span title="{title}">2027 Seoul BioHub × BMS…</span>' in html


def test_list_of_one_call_has_no_call_column(client, reviewed):
    client = _staff(client, "en")
    html = client.get(f"{LIST}?challenge__id__exact={reviewed.challenge_id}").content.decode()
    assert "call" not in _cells(html, reviewed)
    assert "mean_score" in _cells(html, reviewed)


def test_district_filter_lists_the_25_districts_without_a_query():
    request = RequestFactory().get(LIST)
    request.user = factories.StaffFactory(is_superuser=True)
    with CaptureQueriesContext(connection) as queries:
        district_filter = DistrictFilter(
            request, {}, Application, admin.site._registry[Application]
        )
    assert [value for value, _label in district_filter.lookup_choices] == [
        *[ko for ko, _en in SEOUL_DISTRICTS],
        "none",
    ]
    assert queries.captured_queries == []


def test_the_list_and_its_filters_run_no_distinct(client, reviewed):
    client = _staff(client, "ko")
    with CaptureQueriesContext(connection) as queries:
        response = client.get(LIST)
    assert response.status_code == 200
    assert [q["sql"] for q in queries if "DISTINCT" in q["sql"].upper()] == []


def test_district_filter_keeps_the_district_and_those_outside_seoul(client, reviewed):
    elsewhere = factories.CompleteApplicationFactory(startup__district="")
    client = _staff(client, "ko")
    in_dongdaemun = client.get(f"{LIST}?district=동대문구").context["cl"].result_list
    outside = client.get(f"{LIST}?district=none").context["cl"].result_list
    assert ([a.pk for a in in_dongdaemun], [a.pk for a in outside]) == (
        [reviewed.pk],
        [elsewhere.pk],
    )


def test_list_queries_are_the_same_for_1_and_50_applications(client, reviewed):
    client = _staff(client, "ko")
    client.get(LIST)
    with CaptureQueriesContext(connection) as one:
        client.get(LIST)
    for _ in range(49):
        application = factories.CompleteApplicationFactory(
            challenge=reviewed.challenge, status="under_review", submitted_at=SUBMITTED
        )
        factories.ReviewFactory(submitted=True, assignment__application=application)
    with CaptureQueriesContext(connection) as fifty:
        html = client.get(LIST).content.decode()
    assert html.count('class="action-select"') == 50
    assert len(fifty) == len(one)
