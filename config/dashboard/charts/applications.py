"""Charts about applications: the funnel, who applies, rejections and their reasons,
appeals, a call's ranking and what became of the selected startups."""

from __future__ import annotations

from django.utils import formats, translation
from django.utils.translation import pgettext

from accounts.validators import SEOUL_DISTRICTS
from challenges import reports as challenge_reports
from challenges.eligibility import RULE_NAMES
from challenges.models import ApplicationStatus, Challenge
from config.dashboard.charts.base import (
    HOURS,
    KRW,
    PERCENT,
    RATING,
    SCORE,
    Chart,
    Filters,
    Series,
    _bilingual,
)
from core.money import format_krw

STAGE_LABELS = {
    "started": lambda: pgettext("dashboard", "Started"),
    "submitted": lambda: pgettext("dashboard", "Submitted"),
    "reviewed": lambda: pgettext("dashboard", "Reached review"),
    "shortlisted": lambda: pgettext("dashboard", "Shortlisted"),
    "selected": lambda: pgettext("dashboard", "Selected"),
}


def funnel(filters: Filters) -> list[Chart]:
    counts = challenge_reports.status_counts(filters.calls, filters.since, filters.until)
    stages, rates = counts["stages"], challenge_reports.conversion(counts["stages"])
    by_status = counts["by_status"]
    return [
        Chart(
            slug="funnel",
            title=pgettext("dashboard", "Application funnel"),
            kind="bar",
            category_label=pgettext("dashboard", "Stage"),
            categories=[str(STAGE_LABELS[stage]()) for stage in stages],
            series=[
                Series(pgettext("dashboard", "Applications"), list(stages.values())),
                Series(
                    pgettext("dashboard", "Share of the stage before"),
                    list(rates.values()),
                    PERCENT,
                ),
            ],
            note=pgettext(
                "dashboard",
                "An application not selected after the shortlist counts as stopping at review.",
            ),
            extra={"chartSeries": [0]},
        ),
        Chart(
            slug="status",
            title=pgettext("dashboard", "Applications by status"),
            kind="hbar",
            category_label=pgettext("dashboard", "Status"),
            categories=[str(label) for label in ApplicationStatus.labels],
            series=[
                Series(
                    pgettext("dashboard", "Applications"),
                    [by_status[s] for s in ApplicationStatus.values],
                )
            ],
        ),
    ]


def demographics(filters: Filters) -> list[Chart]:
    args = (filters.calls, filters.since, filters.until)
    areas = challenge_reports.by_area(*args)
    profile = challenge_reports.startup_profile(*args)
    districts = profile["districts"]
    english = translation.get_language() == "en"
    district_rows = sorted(
        ((en if english else ko, districts.get(ko, 0)) for ko, en in SEOUL_DISTRICTS),
        key=lambda pair: (-pair[1], pair[0]),
    )
    if districts.get(""):
        district_rows.append((pgettext("dashboard", "Outside Seoul or not given"), districts[""]))
    ages = profile["ages"]
    age_labels = {
        "pre_founder": pgettext("dashboard", "Pre-founder"),
        "0-2": pgettext("dashboard", "0–2 years"),
        "3-4": pgettext("dashboard", "3–4 years"),
        "5-7": pgettext("dashboard", "5–7 years"),
        "8+": pgettext("dashboard", "8 years or more"),
        "unknown": pgettext("dashboard", "Start date not given"),
    }
    return [
        Chart(
            slug="areas",
            title=pgettext("dashboard", "Submitted applications by therapeutic area"),
            kind="hbar",
            category_label=pgettext("dashboard", "Therapeutic area"),
            categories=[
                _bilingual(row, "name") or pgettext("dashboard", "Not given") for row in areas
            ],
            series=[Series(pgettext("dashboard", "Applications"), [row["count"] for row in areas])],
        ),
        Chart(
            slug="districts",
            title=pgettext("dashboard", "Submitted applications by Seoul district"),
            kind="hbar",
            category_label=pgettext("dashboard", "District"),
            categories=[name for name, _count in district_rows],
            series=[
                Series(
                    pgettext("dashboard", "Applications"), [count for _name, count in district_rows]
                )
            ],
        ),
        Chart(
            slug="company-age",
            title=pgettext(
                "dashboard", "Submitted applications by company age at the call's close"
            ),
            kind="bar",
            category_label=pgettext("dashboard", "Company age"),
            categories=[str(age_labels[key]) for key in ages],
            series=[Series(pgettext("dashboard", "Applications"), list(ages.values()))],
        ),
    ]


def rejections(filters: Filters) -> list[Chart]:
    rows = challenge_reports.rejection_reasons(filters.calls, filters.since, filters.until)
    return [
        Chart(
            slug="rejections",
            title=pgettext("dashboard", "Reasons for ineligible and not selected applications"),
            kind="hbar",
            category_label=pgettext("dashboard", "Reason"),
            categories=[
                f"{row['code']} · {_bilingual(row, 'label')}"
                if row["code"]
                else pgettext("dashboard", "No reason")
                for row in rows
            ],
            series=[Series(pgettext("dashboard", "Applications"), [row["count"] for row in rows])],
        ),
        *reasons_per_call(filters),
    ]


def reasons_per_call(filters: Filters) -> list[Chart]:
    """Per call: coded rejection reasons, and eligibility rules failed (issue 16)."""
    reasons = challenge_reports.reasons_by_call(filters.calls, filters.since, filters.until)
    rules = challenge_reports.failed_rules_by_call(filters.calls, filters.since, filters.until)
    no_reason = pgettext("dashboard", "No reason")
    return [
        Chart(
            slug="reasons-by-call",
            title=pgettext("dashboard", "Reasons for not selecting or refusing, per call"),
            kind="hbar",
            category_label=pgettext("dashboard", "Call · reason"),
            categories=[f"{row['challenge']} · {row['code'] or no_reason}" for row in reasons],
            series=[
                Series(pgettext("dashboard", "Applications"), [row["count"] for row in reasons])
            ],
        ),
        Chart(
            slug="failed-rules-by-call",
            title=pgettext("dashboard", "Eligibility rules failed, per call"),
            kind="hbar",
            category_label=pgettext("dashboard", "Call · rule"),
            categories=[
                f"{row['challenge']} · {RULE_NAMES.get(row['rule'], row['rule'])}" for row in rules
            ],
            series=[Series(pgettext("dashboard", "Applications"), [row["count"] for row in rules])],
        ),
    ]


def ranking(challenge: Challenge) -> Chart:
    """Raw and normalised scores per application, best first, with the budget cut-off."""
    data = challenge_reports.ranking_with_cutoff(challenge)
    rows, criteria = data["rows"], data["criteria"]
    criterion_series = [
        Series(
            pgettext("dashboard", "Mean: %(criterion)s")
            % {"criterion": _bilingual(criterion, "name")},
            [row["criterion_means"].get(criterion["pk"]) for row in rows],
            SCORE,
        )
        for criterion in criteria
    ]
    return Chart(
        slug="ranking",
        title=pgettext("dashboard", "Ranking of %(call)s with the budget cut-off")
        % {"call": challenge.title},
        kind="dot",
        category_label=pgettext("dashboard", "Application"),
        categories=[f"#{row['normalised_rank']} {row['startup']}" for row in rows],
        series=[
            Series(
                pgettext("dashboard", "Normalised score"),
                [row["normalised"] for row in rows],
                SCORE,
            ),
            Series(pgettext("dashboard", "Raw mean"), [row["raw_mean"] for row in rows], SCORE),
            Series(pgettext("dashboard", "Requested"), [row["requested"] for row in rows], KRW),
            Series(
                pgettext("dashboard", "Requested, running total"),
                [row["running_total"] for row in rows],
                KRW,
            ),
            *criterion_series,
        ],
        note=pgettext(
            "dashboard",
            "Within the budget of %(budget)s: the applications above the cut-off line, whose "
            "requested amounts added up in ranking order stay within the budget.",
        )
        % {"budget": format_krw(data["budget"])},
        extra={
            "chartSeries": [0, 1],
            "cutoffIndex": data["cutoff_index"],
            "cutoffLabel": pgettext("dashboard", "Budget runs out"),
        },
    )


def open_appeals(filters: Filters) -> list[Chart]:
    """Appeals waiting for a decision, the soonest due first (staff only: names startups)."""
    rows = challenge_reports.open_appeals(filters.calls)
    return [
        Chart(
            slug="open-appeals",
            title=pgettext("dashboard", "Open appeals by due date"),
            kind="table",
            category_label=pgettext("dashboard", "Decision due"),
            categories=[formats.date_format(row["due_at"], "SHORT_DATE_FORMAT") for row in rows],
            series=[
                Series(pgettext("dashboard", "Startup"), [row["startup"] for row in rows], "text"),
                Series(pgettext("dashboard", "Call"), [row["challenge"] for row in rows], "text"),
            ],
        )
    ]


def outcomes(filters: Filters) -> list[Chart]:
    """Outcome surveys: selected next to not selected, per call and year (aggregates only)."""
    rows = challenge_reports.outcome_comparison(filters.calls)
    small = pgettext("dashboard", "n < 5")
    groups = {True: pgettext("dashboard", "Selected"), False: pgettext("dashboard", "Not selected")}
    categories = [
        pgettext("dashboard", "%(call)s · year %(year)s · %(group)s")
        % {
            "call": _bilingual(row, "title"),
            "year": row["years_after"],
            "group": groups[row["selected"]],
        }
        for row in rows
    ]

    def column(key):
        return [row[key] for row in rows]

    return [
        Chart(
            slug="outcome-surveys",
            title=pgettext("dashboard", "Outcomes after selection: selected and not selected"),
            kind="hbar",
            category_label=pgettext("dashboard", "Call, year after the results, group"),
            categories=categories,
            series=[
                Series(pgettext("dashboard", "Asked"), column("asked")),
                Series(pgettext("dashboard", "Answered"), column("answered")),
                Series(pgettext("dashboard", "Response rate"), column("response_rate"), PERCENT),
                Series(
                    pgettext("dashboard", "Still operating"),
                    column("operating_share"),
                    PERCENT,
                    small,
                ),
                Series(
                    pgettext("dashboard", "Mean employees"), column("mean_employees"), HOURS, small
                ),
                Series(
                    pgettext("dashboard", "Mean follow-on investment"),
                    column("mean_investment_krw"),
                    KRW,
                    small,
                ),
                Series(
                    pgettext("dashboard", "Mean patents filed"),
                    column("mean_patents_filed"),
                    HOURS,
                    small,
                ),
                Series(
                    pgettext("dashboard", "Programme's help (1–5)"),
                    column("mean_help_rating"),
                    RATING,
                    small,
                ),
            ],
            note=pgettext(
                "dashboard",
                "Means of fewer than 5 answers are not shown (n < 5). Not-selected applicants "
                "are the comparison group.",
            ),
        )
    ]
