"""Programme figures about the partnering office, for the dashboard and the funders' reports.

One aggregate query per function whatever the number of bookings. `since`/`until` (aware
datetimes, `until` exclusive) narrow to what starts (or, for requests, was made) in a period.
Weeks start on Monday in the site's zone.
"""

from __future__ import annotations

from django.db.models import Count, DurationField, ExpressionWrapper, F, Q, Sum
from django.db.models.functions import TruncWeek
from django.utils import timezone

from partners.models import (
    BookingStatus,
    ConsultationOutcome,
    ConsultationRequest,
    ConsultationStatus,
    RoomBooking,
)


def _between(queryset, field, since, until):
    if since:
        queryset = queryset.filter(**{f"{field}__gte": since})
    if until:
        queryset = queryset.filter(**{f"{field}__lt": until})
    return queryset


def room_use_by_week(since=None, until=None) -> list[dict]:
    """Per week: confirmed room bookings and the hours they take. One query."""
    length = ExpressionWrapper(F("ends_at") - F("starts_at"), output_field=DurationField())
    rows = (
        _between(
            RoomBooking.objects.filter(status=BookingStatus.CONFIRMED), "starts_at", since, until
        )
        .annotate(week=TruncWeek("starts_at"))
        .values("week")
        .annotate(bookings=Count("pk"), length=Sum(length))
        .order_by("week")
    )
    return [
        {
            "week": row["week"].date(),
            "bookings": row["bookings"],
            "hours": round(row["length"].total_seconds() / 3600, 2) if row["length"] else 0.0,
        }
        for row in rows
    ]


def consultations(since=None, until=None, *, now=None) -> dict[str, int]:
    """Consultation requests: made, accepted, held (accepted and over). One query."""
    now = now or timezone.now()
    accepted = Q(status=ConsultationStatus.ACCEPTED)
    return _between(ConsultationRequest.objects.all(), "created_at", since, until).aggregate(
        requested=Count("pk"),
        accepted=Count("pk", filter=accepted),
        held=Count("pk", filter=accepted & Q(ends_at__lt=now)),
    )


def outcomes(since=None, until=None) -> dict[str, int]:
    """Outcomes recorded after consultations, per kind (both sides counted). One query."""
    rows = (
        _between(ConsultationOutcome.objects.all(), "consultation__created_at", since, until)
        .values("outcome")
        .annotate(count=Count("pk"))
    )
    return {row["outcome"]: row["count"] for row in rows}
