"""Outcomes on the dashboard: selected next to not selected, never a mean of fewer than 5."""

import io
from datetime import UTC, datetime

import pytest
from openpyxl import load_workbook

from challenges import reports
from challenges.models import OutcomeResponse, OutcomeSurvey
from tests import factories
from tests.dashboard.test_views import funder

pytestmark = pytest.mark.django_db
OPENS = datetime(2027, 6, 30, tzinfo=UTC)


@pytest.fixture
def survey():
    """A one-year survey: 4 selected and 6 not-selected companies answered, 2 did not."""
    challenge = factories.ChallengeFactory(
        title_ko="2026 바이오 챌린지", results_published_at=datetime(2026, 6, 30, tzinfo=UTC)
    )
    survey = OutcomeSurvey.objects.create(
        challenge=challenge,
        years_after=1,
        opens_at=OPENS,
        closes_at=datetime(2027, 7, 30, tzinfo=UTC),
    )
    for selected, answered, employees in [(True, 4, 10), (False, 6, 3)]:
        for n in range(answered + 1):  # one more asked than answered
            OutcomeResponse.objects.create(
                survey=survey,
                application=factories.ApplicationFactory(
                    challenge=challenge,
                    status="selected" if selected else "not_selected",
                    startup=factories.StartupFactory(name=f"Secret Bio {selected} {n}"),
                ),
                selected=selected,
                submitted_at=OPENS if n < answered else None,
                still_operating=True if n < answered else None,
                employees=employees + n if n < answered else None,
                investment_krw=1_000_000_000 if n < answered else None,
            )
    return survey


def test_means_of_fewer_than_five_answers_are_withheld(survey):
    selected, not_selected = reports.outcome_comparison()
    assert (selected["selected"], selected["asked"], selected["answered"]) == (True, 5, 4)
    assert selected["response_rate"] == 4 / 5
    assert (selected["mean_employees"], selected["mean_investment_krw"]) == (None, None)
    assert selected["operating_share"] is None
    assert (not_selected["asked"], not_selected["answered"]) == (7, 6)
    assert not_selected["mean_employees"] == pytest.approx((3 + 4 + 5 + 6 + 7 + 8) / 6)
    assert not_selected["mean_investment_krw"] == 1_000_000_000
    assert not_selected["operating_share"] == 1.0


def test_the_funders_see_the_outcomes_as_aggregates_with_n_below_5(client, survey):
    client.force_login(funder())
    page = client.get("/funders/").content.decode()
    assert "n &lt; 5" in page or "n < 5" in page
    assert "Secret Bio" not in page
    workbook = load_workbook(io.BytesIO(client.get("/funders/outcome-surveys.xlsx").content))
    rows = list(workbook.active.iter_rows(values_only=True))
    assert "n < 5" in [cell for row in rows for cell in row]
    assert not any("Secret Bio" in str(cell) for row in rows for cell in row)
