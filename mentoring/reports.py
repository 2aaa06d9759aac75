"""Programme figures about coaching, for the dashboard and the funders' reports.

One aggregate query per function whatever the number of sessions. `since`/`until` (aware
datetimes, `until` exclusive) narrow to sessions starting in a period. Months are calendar
months in the site's zone (Asia/Seoul).
"""

from __future__ import annotations

from django.db.models import Avg, Count, DurationField, ExpressionWrapper, F, Q, Sum
from django.db.models.functions import TruncMonth

from mentoring.models import NoShowSide, Session, SessionStatus
from mentoring.utilisation import coach_utilisation

_LENGTH = ExpressionWrapper(F("ends_at") - F("starts_at"), output_field=DurationField())
_HELD = Q(status=SessionStatus.COMPLETED)
_NO_SHOW = Q(status=SessionStatus.NO_SHOW)
_NO_SHOWS = {
    "no_shows": Count("pk", filter=_NO_SHOW),
    "coach_no_shows": Count("pk", filter=_NO_SHOW & Q(no_show_by=NoShowSide.COACH)),
    "startup_no_shows": Count("pk", filter=_NO_SHOW & Q(no_show_by=NoShowSide.STARTUP)),
}


def _no_shows(row) -> dict:
    return {name: row[name] for name in _NO_SHOWS}


def _sessions(since=None, until=None):
    queryset = Session.objects.all()
    if since:
        queryset = queryset.filter(starts_at__gte=since)
    if until:
        queryset = queryset.filter(starts_at__lt=until)
    return queryset


def _hours(duration) -> float:
    return round(duration.total_seconds() / 3600, 2) if duration else 0.0


def by_month(since=None, until=None) -> list[dict]:
    """Per month: sessions held, hours held, no-shows (all, the coach's, the startup's),
    late cancellations. One query; no names (what the funders see)."""
    rows = (
        _sessions(since, until)
        .annotate(month=TruncMonth("starts_at"))
        .values("month")
        .annotate(
            held=Count("pk", filter=_HELD),
            held_length=Sum(_LENGTH, filter=_HELD),
            **_NO_SHOWS,
            late_cancellations=Count("pk", filter=Q(late_cancellation=True)),
        )
        .order_by("month")
    )
    return [
        {
            "month": row["month"].date(),
            "sessions": row["held"],
            "hours": _hours(row["held_length"]),
            **_no_shows(row),
            "late_cancellations": row["late_cancellations"],
        }
        for row in rows
    ]


def by_coach(since=None, until=None) -> list[dict]:
    """Per coach: sessions and hours held, no-shows (all, the coach's, the startup's), late
    cancellations, mean rating.
    One query. Names coaches: for staff only."""
    rows = (
        _sessions(since, until)
        .values("coach_id", "coach__user__name", "coach__user__email")
        .annotate(
            held=Count("pk", filter=_HELD),
            held_length=Sum(_LENGTH, filter=_HELD),
            **_NO_SHOWS,
            late_cancellations=Count("pk", filter=Q(late_cancellation=True)),
            rating=Avg("rating"),
        )
        .order_by("-held", "coach__user__name", "coach_id")
    )
    return [
        {
            "coach": row["coach__user__name"] or row["coach__user__email"],
            "sessions": row["held"],
            "hours": _hours(row["held_length"]),
            **_no_shows(row),
            "late_cancellations": row["late_cancellations"],
            "rating": round(row["rating"], 2) if row["rating"] is not None else None,
        }
        for row in rows
    ]


def utilisation_by_month(months, rows=None) -> list[dict]:
    """Per month, all coaches together: hours offered, booked and held (each coach's month in
    the coach's zone). No names (what the funders see). `rows`: coach_utilisation(months) when
    the caller has it already."""
    totals: dict = {month: {"offered": 0.0, "booked": 0.0, "held": 0.0} for month in months}
    for row in coach_utilisation(months=months) if rows is None else rows:
        for name in ("offered", "booked", "held"):
            totals[row.month][name] += getattr(row, name)
    return [
        {"month": month, **{name: round(value, 2) for name, value in values.items()}}
        for month, values in totals.items()
    ]


def utilisation_by_coach(months, rows=None) -> list[dict]:
    """Per coach over the months: hours offered, booked and held, and the booked share.
    Names coaches: for staff only. `rows` as for utilisation_by_month."""
    coaches: dict = {}
    for row in coach_utilisation(months=months) if rows is None else rows:
        totals = coaches.setdefault(
            row.coach_id, {"coach": row.coach, "offered": 0.0, "booked": 0.0, "held": 0.0}
        )
        for name in ("offered", "booked", "held"):
            totals[name] += getattr(row, name)
    return [
        {
            **{key: round(value, 2) if key != "coach" else value for key, value in row.items()},
            "booked_share": row["booked"] / row["offered"] if row["offered"] else None,
        }
        for row in coaches.values()
    ]
