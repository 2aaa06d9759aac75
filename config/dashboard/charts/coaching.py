"""Charts about coaching: sessions per month (no-shows by side), per coach, and the coaches'
hours offered, booked and held per month."""

from __future__ import annotations

from datetime import timedelta

from django.utils import formats, timezone
from django.utils.translation import pgettext

from config.dashboard.charts.base import HOURS, PERCENT, RATING, Chart, Filters, Series
from mentoring import reports as coaching_reports
from mentoring.utilisation import coach_utilisation, months_between

# Without a period chosen, utilisation covers this month and the five before it.
DEFAULT_MONTHS = 6
MAX_MONTHS = 24


def _month(value) -> str:
    return formats.date_format(value, "YEAR_MONTH_FORMAT")


def utilisation_months(filters: Filters) -> list:
    """The calendar months of the filter's period (until exclusive), at most two years (the
    latest); without a period, the last six months including this one."""
    today = timezone.localdate()
    last = timezone.localdate(filters.until - timedelta(microseconds=1)) if filters.until else today
    if filters.since:
        first = timezone.localdate(filters.since)
    else:
        first = last.replace(day=1)
        for _ in range(DEFAULT_MONTHS - 1):
            first = (first - timedelta(days=1)).replace(day=1)
    return months_between(first, last)[-MAX_MONTHS:]


def _no_show_series(rows) -> list[Series]:
    return [
        Series(
            pgettext("dashboard", "No-shows by the startup"),
            [row["startup_no_shows"] for row in rows],
        ),
        Series(
            pgettext("dashboard", "No-shows by the coach"), [row["coach_no_shows"] for row in rows]
        ),
    ]


def coaching(filters: Filters, *, staff: bool) -> list[Chart]:
    months = coaching_reports.by_month(filters.since, filters.until)
    use_months = utilisation_months(filters)
    # Worked out once for both utilisation charts (it is most of the coaching charts' cost).
    utilisation = coach_utilisation(months=use_months)
    use = coaching_reports.utilisation_by_month(use_months, utilisation)
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
                *_no_show_series(months),
                Series(
                    pgettext("dashboard", "Late cancellations"),
                    [row["late_cancellations"] for row in months],
                ),
            ],
        ),
        Chart(
            slug="coach-utilisation",
            title=pgettext("dashboard", "Coaches' hours offered, booked and held per month"),
            kind="bar",
            category_label=pgettext("dashboard", "Month"),
            categories=[_month(row["month"]) for row in use],
            series=[
                Series(
                    pgettext("dashboard", "Hours offered"), [row["offered"] for row in use], HOURS
                ),
                Series(
                    pgettext("dashboard", "Hours booked"), [row["booked"] for row in use], HOURS
                ),
                Series(pgettext("dashboard", "Hours held"), [row["held"] for row in use], HOURS),
            ],
            note=pgettext(
                "dashboard",
                "Each coach's months and availability are counted in the coach's time zone. "
                "Offered: the current weekly availability without blocked days, plus extra "
                "windows. Booked: sessions not cancelled. Held: sessions held.",
            ),
        ),
    ]
    if staff:
        charts += _per_coach(filters, use_months, utilisation)
    return charts


def _per_coach(filters: Filters, use_months: list, utilisation: list) -> list[Chart]:
    coaches = coaching_reports.by_coach(filters.since, filters.until)
    use = coaching_reports.utilisation_by_coach(use_months, utilisation)
    period = f"{_month(use_months[0])} – {_month(use_months[-1])}" if use_months else "–"
    return [
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
                *_no_show_series(coaches),
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
        ),
        Chart(
            slug="coach-utilisation-per-coach",
            title=pgettext("dashboard", "Utilisation per coach, %(period)s") % {"period": period},
            kind="hbar",
            category_label=pgettext("dashboard", "Coach"),
            categories=[row["coach"] for row in use],
            series=[
                Series(
                    pgettext("dashboard", "Hours offered"), [row["offered"] for row in use], HOURS
                ),
                Series(
                    pgettext("dashboard", "Hours booked"), [row["booked"] for row in use], HOURS
                ),
                Series(pgettext("dashboard", "Hours held"), [row["held"] for row in use], HOURS),
                Series(
                    pgettext("dashboard", "Booked share of offered hours"),
                    [row["booked_share"] for row in use],
                    PERCENT,
                ),
            ],
            extra={"chartSeries": [0, 1, 2]},
        ),
    ]
