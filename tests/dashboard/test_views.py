"""The programme dashboard (admin index), the funders' view and their exports."""

import io
import json
import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook
from pypdf import PdfReader

from config.dashboard.charts import format_value
from tests import factories

SEOUL = ZoneInfo("Asia/Seoul")
pytestmark = pytest.mark.django_db


def funder():
    partner = factories.PartnerFactory(is_programme_founder=True, kind="city")
    return factories.PartnerMemberFactory(partner=partner).user


@pytest.fixture
def programme():
    """A call with a selected and an unselected applicant, a reviewer and a coach by name."""
    challenge = factories.ChallengeFactory()
    chosen = factories.CompleteApplicationFactory(
        challenge=challenge, status="selected", startup__name="선정바이오"
    )
    unchosen = factories.CompleteApplicationFactory(
        challenge=challenge, status="not_selected", startup__name="미선정테라퓨틱스"
    )
    for application in (chosen, unchosen):
        application.submitted_at = datetime(2026, 3, 20, 10, tzinfo=SEOUL)
        application.save(update_fields=["submitted_at"])
    reviewer = factories.ReviewerFactory(name="심사위원이름", email="reviewer.secret@example.kr")
    factories.ReviewAssignmentFactory(application=unchosen, reviewer=reviewer)
    coach = factories.CoachFactory(user__name="Coach Secretname")
    factories.SessionFactory(engagement__coach=coach, status="completed")
    grant = factories.GrantFactory(application=chosen)
    factories.TrancheFactory(grant=grant, status="approved")
    return {
        "challenge": challenge,
        "personal": [
            "선정바이오",
            "미선정테라퓨틱스",
            "심사위원이름",
            "reviewer.secret@example.kr",
            "Coach Secretname",
            unchosen.target_indication,
            unchosen.technology_summary,
        ],
    }


def charts_json(html: str) -> list[dict]:
    found = re.search(
        r'<script id="dashboard-data" type="application/json">(.*?)</script>', html, re.S
    )
    return json.loads(found.group(1))


def table_of(html: str, slug: str) -> list[list[str]]:
    section = re.search(
        rf'<section class="dashboard-chart" aria-labelledby="chart-{slug}-title">(.*?)</section>',
        html,
        re.S,
    ).group(1)
    body = re.search(r"<tbody>(.*?)</tbody>", section, re.S).group(1)
    return [
        [cell.strip() for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)]
        for row in re.findall(r"<tr>(.*?)</tr>", body, re.S)
    ]


def test_the_admin_index_is_the_dashboard_and_its_tables_match_the_charts(client, programme):
    client.force_login(factories.StaffFactory())
    response = client.get("/admin/")
    assert response.status_code == 200
    html = response.content.decode()
    charts = charts_json(html)
    slugs = [chart["slug"] for chart in charts]
    assert slugs[:3] == ["funnel", "status", "areas"]
    assert "review-progress" in slugs and "coaches" in slugs
    assert 'id="app-list"' not in html or "programme-dashboard" in html
    for chart in charts:
        if not any(v for s in chart["series"] for v in s["values"]):
            continue
        expected = [
            [str(category)]
            + [format_value(series["values"][i], series["unit"]) for series in chart["series"]]
            for i, category in enumerate(chart["categories"])
        ]
        assert table_of(html, chart["slug"]) == expected, chart["slug"]
    # staff see names (review progress, coaches)
    assert "심사위원이름" in html and "Coach Secretname" in html


def test_the_dashboard_filters_by_call_and_shows_the_ranking(client, programme):
    client.force_login(factories.StaffFactory())
    other = factories.ChallengeFactory()
    factories.ApplicationFactory(challenge=other, status="submitted")
    html = client.get(f"/admin/?call={programme['challenge'].pk}").content.decode()
    charts = {chart["slug"]: chart for chart in charts_json(html)}
    assert charts["funnel"]["series"][0]["values"][0] == 2  # the other call's one is left out
    assert charts["ranking"]["kind"] == "dot"
    everything = {c["slug"]: c for c in charts_json(client.get("/admin/").content.decode())}
    assert everything["funnel"]["series"][0]["values"][0] == 3
    assert "ranking" not in everything


def test_each_chart_is_a_constant_number_of_queries(client):
    client.force_login(factories.StaffFactory())
    challenge = factories.ChallengeFactory()

    def queries() -> int:
        # The figures are computed afresh (not served from the dashboard's cache); the
        # first request of the session also loads what the session keeps, so it is not counted.
        cache.clear()
        assert client.get(f"/admin/?call={challenge.pk}").status_code == 200
        cache.clear()
        with CaptureQueriesContext(connection) as captured:
            assert client.get(f"/admin/?call={challenge.pk}").status_code == 200
        return len(captured)

    factories.ApplicationFactory(challenge=challenge, status="submitted")
    queries()  # the first page after signing in also fills the viewer cache (accounts.viewer)
    one = queries()
    for _ in range(49):
        factories.ApplicationFactory(challenge=challenge, status="submitted")
    assert queries() == one


def test_funders_see_aggregates_without_personal_data(client, programme):
    client.force_login(funder())
    response = client.get("/funders/")
    assert response.status_code == 200
    html = response.content.decode()
    slugs = [chart["slug"] for chart in charts_json(html)]
    assert "funnel" in slugs and "budget" in slugs
    assert {
        "review-progress",
        "coaches",
        "coach-utilisation-per-coach",
        "next-payments",
        "ranking",
    } & set(slugs) == set()
    assert "coach-utilisation" in slugs
    assert [name for name in programme["personal"] if name in html] == []
    for slug in slugs:
        workbook = load_workbook(io.BytesIO(client.get(f"/funders/{slug}.xlsx").content))
        text = " ".join(str(c) for row in workbook.active.iter_rows(values_only=True) for c in row)
        assert [name for name in programme["personal"] if name in text] == [], slug
    pdf = client.get("/funders/report.pdf")
    assert pdf["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    assert [name for name in programme["personal"] if name in text] == []
    # Hangul comes out as text: the districts and the call's Korean title
    assert "동대문구" in text
    assert programme["challenge"].title_ko in text


def test_funders_page_in_english(client, programme):
    user = funder()
    user.language = "en"
    user.save(update_fields=["language"])
    client.force_login(user)
    client.cookies["biohub_language"] = "en"
    html = client.get("/funders/").content.decode()
    assert "Application funnel" in html
    assert '<html lang="en">' in html


def test_funders_xlsx_has_the_table(client, programme):
    client.force_login(funder())
    response = client.get("/funders/funnel.xlsx")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[2][1] == 2  # the first stage: every application of the programme
    assert len(rows) == 2 + 5 + 2  # title, headers, five stages, a blank line, the note


@pytest.mark.parametrize(
    ("who", "status"),
    [("anonymous", 302), ("partner_rep", 403), ("applicant", 403), ("staff", 200), ("funder", 200)],
)
def test_who_may_see_the_funders_view(client, who, status):
    users = {
        "anonymous": None,
        "partner_rep": lambda: factories.PartnerMemberFactory().user,  # not a funding partner
        "applicant": lambda: factories.StartupMembershipFactory().user,
        "staff": factories.StaffFactory,
        "funder": funder,
    }
    if users[who]:
        client.force_login(users[who]())
    for path in ["/funders/", "/funders/funnel.xlsx", "/funders/report.pdf"]:
        assert client.get(path).status_code == status, path


def test_staff_exports_need_the_admin(client):
    client.force_login(funder())
    assert client.get("/admin/dashboard/funnel.xlsx").status_code == 302
    client.force_login(factories.StaffFactory())
    assert client.get("/admin/dashboard/review-progress.xlsx").status_code == 200
    assert client.get("/admin/dashboard/no-such-chart.xlsx").status_code == 404
