"""The dashboard's charts, their building blocks: each chart a table (categories × series)
built from one aggregate.

A `Chart` is the single source for its three renderings, so they cannot disagree: the HTML
data table, the JSON that static/js/dashboard.js hands to ECharts, and the XLSX/PDF exports.
Labels are translated when the chart is built (in the request's language).
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from datetime import datetime

from django.template import Context
from django.template.base import render_value_in_context
from django.utils import formats, numberformat, translation
from django.utils.safestring import SafeString, mark_safe
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
        numbers = Numbers()
        return [
            [
                category,
                *(
                    s.missing
                    if s.values[i] is None and s.missing
                    else format_value(s.values[i], s.unit, numbers)
                    for s in self.series
                ),
            ]
            for i, category in enumerate(self.categories)
        ]

    def table_body(self) -> SafeString:
        """The data table's rows as HTML: one <tr> per category, the category a row header.

        Built here rather than by a loop in the template: the dashboard's tables hold thousands
        of cells, and the template engine's two nested loops, with a number format looked up
        per cell, took most of the page's time (the bench's /admin/: 248 ms in process with
        the loop, 107 ms with this and Numbers). Each cell reads as `{{ cell }}` rendered it
        (tests/dashboard/test_tables.py compares the two)."""
        return mark_safe(  # noqa: S308 -- every cell escaped just here
            "".join(
                f'\n<tr><th scope="row">{render_value_in_context(category, _PLAIN)}</th>'
                + "".join([f"<td>{_escaped(cell)}</td>" for cell in cells])
                + "</tr>"
                for category, *cells in self.display_rows()
            )
        )

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


# What `{{ value }}` renders with in a template: autoescape, the active language and zone.
_PLAIN = Context()


def _escaped(text) -> str:
    """conditional_escape(text), without the lazy-string wrapper it pays on every call."""
    return text.__html__() if hasattr(text, "__html__") else html.escape(str(text))


class Numbers:
    """The active language's number format (formats.number_format), looked up once for a
    whole table instead of once per cell."""

    def __init__(self):
        self.language = translation.get_language()
        self.decimal = formats.get_format("DECIMAL_SEPARATOR", self.language, use_l10n=True)
        self.grouping = formats.get_format("NUMBER_GROUPING", self.language, use_l10n=True)
        self.thousands = formats.get_format("THOUSAND_SEPARATOR", self.language, use_l10n=True)

    def __call__(self, value, decimal_pos: int, *, force_grouping: bool = False) -> str:
        return numberformat.format(
            value,
            self.decimal,
            decimal_pos,
            self.grouping,
            self.thousands,
            force_grouping=force_grouping,
            use_l10n=True,
        )


def format_value(value, unit: str, numbers: Numbers | None = None) -> str:
    """A figure as the tables and exports show it, in the active language (`numbers`: its
    number format, when the caller formats many)."""
    if value is None:
        return "–"
    numbers = numbers or Numbers()
    if unit == KRW:
        return format_krw(int(value), numbers.language)
    if unit == PERCENT:
        return numbers(value * 100, 1) + "%"
    if unit in (HOURS, SCORE, RATING):
        return numbers(value, 2 if unit != HOURS else 1)
    return numbers(value, 0, force_grouping=True)


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
