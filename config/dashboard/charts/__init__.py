"""The dashboard's charts: each one a table (categories × series) built from one aggregate.

A `Chart` is the single source for its three renderings, so they cannot disagree: the HTML
data table, the JSON that static/js/dashboard.js hands to ECharts, and the XLSX/PDF exports.
Labels are translated when the chart is built (in the request's language).
"""

from config.dashboard.charts.applications import (
    STAGE_LABELS,
    demographics,
    funnel,
    open_appeals,
    outcomes,
    ranking,
    reasons_per_call,
    rejections,
)
from config.dashboard.charts.base import (
    COUNT,
    HOURS,
    KRW,
    PERCENT,
    RATING,
    SCORE,
    Chart,
    Filters,
    Series,
    format_value,
)
from config.dashboard.charts.coaching import coaching
from config.dashboard.charts.programme import grants, office, reviewing, seminars

__all__ = [
    "COUNT",
    "HOURS",
    "KRW",
    "PERCENT",
    "RATING",
    "SCORE",
    "STAGE_LABELS",
    "Chart",
    "Filters",
    "Series",
    "coaching",
    "demographics",
    "format_value",
    "funder_charts",
    "funnel",
    "grants",
    "office",
    "open_appeals",
    "outcomes",
    "ranking",
    "reasons_per_call",
    "rejections",
    "reviewing",
    "seminars",
    "staff_charts",
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
