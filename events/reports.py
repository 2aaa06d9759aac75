"""Programme figures about seminars, for the dashboard and the funders' reports.

One aggregate query per function whatever the number of registrations. `since`/`until`
(aware datetimes, `until` exclusive) narrow to events starting in a period; drafts are left out.
"""

from __future__ import annotations

from django.db.models import Count, Q

from events.models import Event, EventStatus, RegistrationStatus


def _events(since=None, until=None):
    queryset = Event.objects.exclude(status=EventStatus.DRAFT)
    if since:
        queryset = queryset.filter(starts_at__gte=since)
    if until:
        queryset = queryset.filter(starts_at__lt=until)
    return queryset


def attendance(since=None, until=None) -> list[dict]:
    """Per event, in date order: confirmed registrations, check-ins, waiting list. One query."""
    rows = (
        _events(since, until)
        .annotate(
            registered=Count(
                "registrations", filter=Q(registrations__status=RegistrationStatus.CONFIRMED)
            ),
            checked_in=Count(
                "registrations",
                filter=Q(
                    registrations__status=RegistrationStatus.CONFIRMED,
                    registrations__checked_in_at__isnull=False,
                ),
            ),
            waitlisted=Count(
                "registrations", filter=Q(registrations__status=RegistrationStatus.WAITLISTED)
            ),
        )
        .order_by("starts_at", "pk")
        .values(
            "slug", "title_ko", "title_en", "starts_at", "registered", "checked_in", "waitlisted"
        )
    )
    return list(rows)


def by_language(since=None, until=None) -> dict[str, int]:
    """Events per language they are held in (ko, en, ko_en). One query."""
    rows = _events(since, until).values("language").annotate(count=Count("pk"))
    return {row["language"]: row["count"] for row in rows}
