"""Programme figures about coaching, for the dashboard and the funders' reports.

One aggregate query per function whatever the number of sessions. `since`/`until` (aware
datetimes, `until` exclusive) narrow to sessions starting in a period. Months are calendar
months in the site's zone (Asia/Seoul).
"""

from __future__ import annotations

from django.db.models import Avg, Count, DurationField, ExpressionWrapper, F, Q, Sum
from django.db.models.functions import TruncMonth

from mentoring.models import Session, SessionStatus

_LENGTH = ExpressionWrapper(F("ends_at") - F("starts_at"), output_field=DurationField())
_HELD = Q(status=SessionStatus.COMPLETED)


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
    """Per month: sessions held, hours held, no-shows, late cancellations. One query; no
    names (what the funders see)."""
    rows = (
        _sessions(since, until)
        .annotate(month=TruncMonth("starts_at"))
        .values("month")
        .annotate(
            held=Count("pk", filter=_HELD),
            held_length=Sum(_LENGTH, filter=_HELD),
            no_shows=Count("pk", filter=Q(status=SessionStatus.NO_SHOW)),
            late_cancellations=Count("pk", filter=Q(late_cancellation=True)),
        )
        .order_by("month")
    )
    return [
        {
            "month": row["month"].date(),
            "sessions": row["held"],
            "hours": _hours(row["held_length"]),
            "no_shows": row["no_shows"],
            "late_cancellations": row["late_cancellations"],
        }
        for row in rows
    ]


def by_coach(since=None, until=None) -> list[dict]:
    """Per coach: sessions and hours held, no-shows, late cancellations, mean rating.
    One query. Names coaches: for staff only."""
    rows = (
        _sessions(since, until)
        .values("coach_id", "coach__user__name", "coach__user__email")
        .annotate(
            held=Count("pk", filter=_HELD),
            held_length=Sum(_LENGTH, filter=_HELD),
            no_shows=Count("pk", filter=Q(status=SessionStatus.NO_SHOW)),
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
            "no_shows": row["no_shows"],
            "late_cancellations": row["late_cancellations"],
            "rating": round(row["rating"], 2) if row["rating"] is not None else None,
        }
        for row in rows
    ]
