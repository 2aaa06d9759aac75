"""Charts about the programme once it runs: reviewing, grants, seminars and the office
(coaching's are in config.dashboard.charts.coaching)."""

from __future__ import annotations

from django.utils import formats
from django.utils.translation import pgettext

from challenges import reports as challenge_reports
from challenges.models import TrancheStatus
from config.dashboard.charts.base import (
    HOURS,
    KRW,
    Chart,
    Filters,
    Series,
    _bilingual,
)
from events import reports as event_reports
from events.models import EventLanguage
from partners import reports as office_reports
from partners.models import Outcome


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
