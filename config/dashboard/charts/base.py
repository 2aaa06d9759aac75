"""The dashboard's charts, their building blocks: each chart a table (categories × series)
built from one aggregate.

A `Chart` is the single source for its three renderings, so they cannot disagree: the HTML
data table, the JSON that static/js/dashboard.js hands to ECharts, and the XLSX/PDF exports.
Labels are translated when the chart is built (in the request's language).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.utils import formats, translation
from django.utils.translation import pgettext

from core.money import format_krw

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
