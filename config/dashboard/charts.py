"""The dashboard's charts: each one a table (categories × series) built from one aggregate.

A `Chart` is the single source for its three renderings, so they cannot disagree: the HTML
data table, the JSON that static/js/dashboard.js hands to ECharts, and the XLSX/PDF exports.
Labels are translated when the chart is built (in the request's language).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.utils import formats, translation
from django.utils.translation import pgettext

from accounts.validators import SEOUL_DISTRICTS
from challenges import reports as challenge_reports
from challenges.eligibility import RULE_NAMES
from challenges.models import ApplicationStatus, Challenge, TrancheStatus
from core.money import format_krw
from events import reports as event_reports
from events.models import EventLanguage
from mentoring import reports as coaching_reports
from partners import reports as office_reports
from partners.models import Outcome

COUNT, KRW, HOURS, PERCENT, SCORE, RATING = "count", "krw", "hours", "percent", "score", "rating"


@dataclass
class Series:
    name: str
    values: list
    unit: str = COUNT
    # What a missing value (None) reads as, e.g. "n < 5" for a mean too small to show.
    missing: str = ""


@dataclass
class Chart:
    slug: str
    title: str
    kind: str  # bar | hbar | stacked | hstacked | line | dot
    category_label: str
    categories: list[str]
    series: list[Series]
    note: str = ""
    extra: dict = field(default_factory=dict)

    @property
    def headers(self) -> list[str]:
        return [self.category_label, *(series.name for series in self.series)]

    def rows(self) -> list[list]:
        """Raw values, one row per category (for the exports)."""
        return [
            [
                category,
                *(
                    series.missing
                    if series.values[i] is None and series.missing
                    else series.values[i]
                    for series in self.series
                ),
            ]
            for i, category in enumerate(self.categories)
        ]

    def display_rows(self) -> list[list[str]]:
        """The rows as the HTML table shows them, numbers formatted for the language."""
        return [
            [
                category,
                *(
                    s.missing
                    if s.values[i] is None and s.missing
                    else format_value(s.values[i], s.unit)
                    for s in self.series
                ),
            ]
            for i, category in enumerate(self.categories)
        ]

    @property
    def is_empty(self) -> bool:
        return not self.categories or not any(
            value for series in self.series for value in series.values
        )

    def as_json(self) -> dict:
        return {
            "slug": self.slug,
            "title": self.title,
            "kind": self.kind,
            "categoryLabel": self.category_label,
            "categories": self.categories,
            "series": [{"name": s.name, "values": s.values, "unit": s.unit} for s in self.series],
            "description": pgettext(
                "dashboard", "%(title)s. The table below the chart gives every figure."
            )
            % {"title": self.title},
            **self.extra,
        }


def format_value(value, unit: str) -> str:
    if value is None:
        return "–"
    if unit == KRW:
        return format_krw(int(value))
    if unit == PERCENT:
        return formats.number_format(value * 100, 1, use_l10n=True) + "%"
    if unit in (HOURS, SCORE, RATING):
        return formats.number_format(value, 2 if unit != HOURS else 1, use_l10n=True)
    return formats.number_format(value, 0, use_l10n=True, force_grouping=True)


@dataclass(frozen=True)
class Filters:
    """What the dashboard is narrowed to: some calls, and a period (until exclusive)."""

    challenge_ids: tuple[int, ...] = ()
    since: datetime | None = None
    until: datetime | None = None

    @property
    def calls(self):
        return list(self.challenge_ids) or None


def _bilingual(row: dict, field: str) -> str:
    ko, en = row.get(f"{field}_ko") or "", row.get(f"{field}_en") or ""
    return (en or ko) if translation.get_language() == "en" else (ko or en)


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
    districts = challenge_reports.by_district(*args)
    english = translation.get_language() == "en"
    district_rows = sorted(
        ((en if english else ko, districts.get(ko, 0)) for ko, en in SEOUL_DISTRICTS),
        key=lambda pair: (-pair[1], pair[0]),
    )
    if districts.get(""):
        district_rows.append((pgettext("dashboard", "Outside Seoul or not given"), districts[""]))
    ages = challenge_reports.by_company_age(*args)
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


def reviewing(filters: Filters) -> list[Chart]:
    progress = challenge_reports.review_progress(filters.calls)
    spread = challenge_reports.score_spread(filters.calls)
    bands = list(range(min(spread, default=1), max(spread, default=5) + 1)) if spread else []
    return [
        Chart(
            slug="review-progress",
            title=pgettext("dashboard", "Review progress per reviewer"),
            kind="hstacked",
            category_label=pgettext("dashboard", "Reviewer"),
            categories=[row["reviewer"] for row in progress],
            series=[
                Series(pgettext("dashboard", "Done"), [row["done"] for row in progress]),
                Series(
                    pgettext("dashboard", "Overdue"),
                    [row["overdue"] for row in progress],
                ),
                Series(
                    pgettext("dashboard", "Open, not yet due"),
                    [row["assigned"] - row["done"] - row["overdue"] for row in progress],
                ),
            ],
        ),
        Chart(
            slug="score-spread",
            title=pgettext("dashboard", "Spread of the reviews' weighted scores"),
            kind="bar",
            category_label=pgettext("dashboard", "Score band"),
            categories=[f"{band}–{band}.99" for band in bands],
            series=[
                Series(pgettext("dashboard", "Reviews"), [spread.get(band, 0) for band in bands])
            ],
        ),
    ]


def grants(filters: Filters, *, staff: bool) -> list[Chart]:
    budgets = challenge_reports.budgets(filters.calls)
    pipeline = challenge_reports.tranche_pipeline(filters.calls)
    charts = [
        Chart(
            slug="budget",
            title=pgettext("dashboard", "Grant budget per call"),
            kind="hstacked",
            category_label=pgettext("dashboard", "Call"),
            categories=[_bilingual(row, "title") for row in budgets],
            series=[
                Series(pgettext("dashboard", "Paid"), [row["paid"] for row in budgets], KRW),
                Series(
                    pgettext("dashboard", "Awarded, not paid yet"),
                    [row["awarded"] - row["paid"] for row in budgets],
                    KRW,
                ),
                Series(
                    pgettext("dashboard", "Remaining"), [row["remaining"] for row in budgets], KRW
                ),
            ],
        ),
        Chart(
            slug="tranches",
            title=pgettext("dashboard", "Grant tranches by stage"),
            kind="bar",
            category_label=pgettext("dashboard", "Stage"),
            categories=[str(label) for label in TrancheStatus.labels],
            series=[
                Series(
                    pgettext("dashboard", "Tranches"),
                    [pipeline[s]["count"] for s in TrancheStatus.values],
                ),
                Series(
                    pgettext("dashboard", "Amount"),
                    [pipeline[s]["amount"] for s in TrancheStatus.values],
                    KRW,
                ),
            ],
            extra={"chartSeries": [0]},
        ),
    ]
    if staff:
        payments = challenge_reports.next_payments(filters.calls)
        charts.append(
            Chart(
                slug="next-payments",
                title=pgettext("dashboard", "Next payments due (approved tranches)"),
                kind="table",
                category_label=pgettext("dashboard", "Due on"),
                categories=[
                    formats.date_format(row["due_on"], "SHORT_DATE_FORMAT") for row in payments
                ],
                series=[
                    Series(
                        pgettext("dashboard", "Startup"),
                        [row["startup"] for row in payments],
                        "text",
                    ),
                    Series(pgettext("tranche", "Number"), [row["sequence"] for row in payments]),
                    Series(
                        pgettext("dashboard", "Amount"), [row["amount"] for row in payments], KRW
                    ),
                ],
            )
        )
    return charts


def _month(value) -> str:
    return formats.date_format(value, "YEAR_MONTH_FORMAT")


def coaching(filters: Filters, *, staff: bool) -> list[Chart]:
    months = coaching_reports.by_month(filters.since, filters.until)
    charts = [
        Chart(
            slug="coaching-months",
            title=pgettext("dashboard", "Coaching per month"),
            kind="bar",
            category_label=pgettext("dashboard", "Month"),
            categories=[_month(row["month"]) for row in months],
            series=[
                Series(pgettext("dashboard", "Sessions held"), [row["sessions"] for row in months]),
                Series(
                    pgettext("dashboard", "Hours held"), [row["hours"] for row in months], HOURS
                ),
                Series(pgettext("dashboard", "No-shows"), [row["no_shows"] for row in months]),
                Series(
                    pgettext("dashboard", "Late cancellations"),
                    [row["late_cancellations"] for row in months],
                ),
            ],
        )
    ]
    if staff:
        coaches = coaching_reports.by_coach(filters.since, filters.until)
        charts.append(
            Chart(
                slug="coaches",
                title=pgettext("dashboard", "Coaching per coach"),
                kind="hbar",
                category_label=pgettext("dashboard", "Coach"),
                categories=[row["coach"] for row in coaches],
                series=[
                    Series(
                        pgettext("dashboard", "Hours held"),
                        [row["hours"] for row in coaches],
                        HOURS,
                    ),
                    Series(
                        pgettext("dashboard", "Sessions held"), [row["sessions"] for row in coaches]
                    ),
                    Series(pgettext("dashboard", "No-shows"), [row["no_shows"] for row in coaches]),
                    Series(
                        pgettext("dashboard", "Late cancellations"),
                        [row["late_cancellations"] for row in coaches],
                    ),
                    Series(
                        pgettext("dashboard", "Mean rating (1–5)"),
                        [row["rating"] for row in coaches],
                        RATING,
                    ),
                ],
                extra={"chartSeries": [0]},
            )
        )
    return charts


def seminars(filters: Filters) -> list[Chart]:
    events = event_reports.attendance(filters.since, filters.until)
    languages = event_reports.by_language(filters.since, filters.until)
    return [
        Chart(
            slug="seminars",
            title=pgettext("dashboard", "Seminars: registered and checked in"),
            kind="hbar",
            category_label=pgettext("dashboard", "Event"),
            categories=[_bilingual(row, "title") for row in events],
            series=[
                Series(pgettext("dashboard", "Registered"), [row["registered"] for row in events]),
                Series(pgettext("dashboard", "Checked in"), [row["checked_in"] for row in events]),
                Series(
                    pgettext("dashboard", "On the waiting list"),
                    [row["waitlisted"] for row in events],
                ),
            ],
        ),
        Chart(
            slug="seminar-languages",
            title=pgettext("dashboard", "Seminars by language"),
            kind="bar",
            category_label=pgettext("dashboard", "Language"),
            categories=[str(label) for label in EventLanguage.labels],
            series=[
                Series(
                    pgettext("dashboard", "Events"),
                    [languages.get(v, 0) for v in EventLanguage.values],
                )
            ],
        ),
    ]


def office(filters: Filters) -> list[Chart]:
    weeks = office_reports.room_use_by_week(filters.since, filters.until)
    consultations = office_reports.consultations(filters.since, filters.until)
    outcomes = office_reports.outcomes(filters.since, filters.until)
    return [
        Chart(
            slug="rooms",
            title=pgettext("dashboard", "Meeting rooms booked per week"),
            kind="line",
            category_label=pgettext("dashboard", "Week of"),
            categories=[formats.date_format(row["week"], "SHORT_DATE_FORMAT") for row in weeks],
            series=[
                Series(
                    pgettext("dashboard", "Hours booked"), [row["hours"] for row in weeks], HOURS
                ),
                Series(pgettext("dashboard", "Bookings"), [row["bookings"] for row in weeks]),
            ],
        ),
        Chart(
            slug="consultations",
            title=pgettext("dashboard", "Consultations with partners"),
            kind="bar",
            category_label=pgettext("dashboard", "Stage"),
            categories=[
                pgettext("consultations", "Requested"),
                pgettext("consultations", "Accepted"),
                pgettext("consultations", "Held"),
            ],
            series=[
                Series(
                    pgettext("dashboard", "Consultations"),
                    [consultations["requested"], consultations["accepted"], consultations["held"]],
                )
            ],
        ),
        Chart(
            slug="outcomes",
            title=pgettext("dashboard", "Outcomes recorded after consultations"),
            kind="bar",
            category_label=pgettext("dashboard", "Outcome"),
            categories=[str(label) for label in Outcome.labels],
            series=[
                Series(
                    pgettext("dashboard", "Outcomes"), [outcomes.get(v, 0) for v in Outcome.values]
                )
            ],
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


def staff_charts(filters: Filters) -> list[Chart]:
    return [
        *funnel(filters),
        *demographics(filters),
        *rejections(filters),
        *open_appeals(filters),
        *reviewing(filters),
        *grants(filters, staff=True),
        *coaching(filters, staff=True),
        *seminars(filters),
        *office(filters),
        *outcomes(filters),
    ]


def funder_charts(filters: Filters) -> list[Chart]:
    """Aggregates only: no reviewer, coach or startup names, no application text."""
    return [
        *funnel(filters),
        *demographics(filters),
        *rejections(filters),
        *grants(filters, staff=False),
        *coaching(filters, staff=False),
        *seminars(filters),
        *office(filters),
        *outcomes(filters),
    ]
