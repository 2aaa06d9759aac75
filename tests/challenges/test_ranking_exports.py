"""Review ranking exports: CSV and Excel, translated, safe to open in a spreadsheet."""

import csv
import io

import pytest
from django.utils import translation
from openpyxl import load_workbook

from challenges.ranking import ReviewRow, rank, ranking_for
from challenges.ranking_exports import ranking_csv, ranking_xlsx
from tests import factories
from tests.challenges.test_ranking import A, B, C, submitted, under_review

ENGLISH_HEADERS = [
    "Raw rank",
    "Normalised rank",
    "Application ID",
    "Startup",
    "Therapeutic area",
    "Status",
    "Reviews",
    "Raw mean",
    "Spread",
    "High disagreement",
    "Normalised score",
]
ENGLISH_REVIEWER_HEADERS = ["Reviewer ID", "Name", "Reviews", "Mean", "Standard deviation"]


@pytest.fixture
def two_applications(db):
    """Reviewer R1 scores first 4.0, second 1.5 (mean 2.75, sd 1.25, z ±1); R2 scores them
    3.5 and 3.0 (mean 3.25, sd 0.25, z ±1). First: raw 3.75, spread 0.5, normalised 1.
    Second: raw 2.25, spread 1.5 (flagged), normalised −1."""
    challenge = factories.ChallengeFactory()
    first = under_review(challenge, startup__name="알파바이오")
    second = under_review(challenge, startup__name='=HYPERLINK("http://evil","x")')
    r1 = factories.ReviewerFactory(name="Reviewer One")
    r2 = factories.ReviewerFactory(name="", email="r2@example.kr")
    submitted(first, r1, 4.0)
    submitted(second, r1, 1.5)
    submitted(first, r2, 3.5)
    submitted(second, r2, 3.0)
    return ranking_for(challenge), first, second, r1, r2


def parse_csv(text: str) -> list[list[str]]:
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))


def test_ranking_csv_has_applications_then_reviewers(two_applications):
    result, first, second, r1, r2 = two_applications
    with translation.override("en"):
        rows = parse_csv(ranking_csv(result.ranking, result.applications, result.reviewer_names))

    assert rows[0] == ENGLISH_HEADERS
    assert rows[1] == [
        "1", "1", str(first.pk), "알파바이오", "Oncology", "Under review",
        "2", "3.75", "0.5", "no", "1.0",
    ]  # fmt: skip
    assert rows[2] == [
        "2", "2", str(second.pk), "'=HYPERLINK(\"http://evil\",\"x\")", "Oncology",
        "Under review", "2", "2.25", "1.5", "yes", "-1.0",
    ]  # fmt: skip
    assert rows[3] == []
    assert rows[4] == ENGLISH_REVIEWER_HEADERS
    assert rows[5:] == [
        [str(r1.pk), "Reviewer One", "2", "2.75", "1.25"],
        [str(r2.pk), "r2@example.kr", "2", "3.25", "0.25"],
    ]


def test_ranking_xlsx_has_an_applications_and_a_reviewers_sheet(two_applications):
    result, first, _second, r1, r2 = two_applications
    with translation.override("en"):
        content = ranking_xlsx(result.ranking, result.applications, result.reviewer_names)
    workbook = load_workbook(io.BytesIO(content))

    assert workbook.sheetnames == ["Applications", "Reviewers"]
    applications = [list(row) for row in workbook["Applications"].iter_rows(values_only=True)]
    assert applications[0] == ENGLISH_HEADERS
    assert applications[1] == [
        1, 1, first.pk, "알파바이오", "Oncology", "Under review", 2, 3.75, 0.5, "no", 1,
    ]  # fmt: skip
    # A founder's "formula" stays text.
    assert applications[2][3] == '=HYPERLINK("http://evil","x")'
    assert workbook["Applications"]["D3"].data_type == "s"
    assert applications[2][7:] == [2.25, 1.5, "yes", -1]
    reviewers = [list(row) for row in workbook["Reviewers"].iter_rows(values_only=True)]
    assert reviewers == [
        ENGLISH_REVIEWER_HEADERS,
        [r1.pk, "Reviewer One", 2, 2.75, 1.25],
        [r2.pk, "r2@example.kr", 2, 3.25, 0.25],
    ]


def test_exports_round_to_three_decimals():
    # Reviewer 10: 5, 4, 4 → mean 13/3 = 4.333…, sd sqrt(2/9) = 0.4714…
    rows = [ReviewRow(A, 10, 5.0), ReviewRow(B, 10, 4.0), ReviewRow(C, 10, 4.0)]
    with translation.override("en"):
        text = ranking_csv(rank(rows), {})

    assert parse_csv(text)[-1] == ["10", "", "3", "4.333", "0.471"]


def test_exports_are_written_in_the_active_language(two_applications):
    result, *_rest = two_applications
    with translation.override("ko"):
        rows = parse_csv(ranking_csv(result.ranking, result.applications))
        content = ranking_xlsx(result.ranking, result.applications)
    with translation.override("en"):
        english = parse_csv(ranking_csv(result.ranking, result.applications))

    # Area names and status labels follow the language; so do the headers once the
    # catalogue has them.
    assert rows[1][4:6] == ["종양", "심사 중"]
    assert english[1][4:6] == ["Oncology", "Under review"]
    sheet = load_workbook(io.BytesIO(content)).worksheets[0]
    assert [cell.value for cell in sheet[2]][4:6] == ["종양", "심사 중"]
