"""Cache invalidation only (STYLE.md: no business rules in signals)."""

from core.fragments import change_on_save
from mentoring import selectors
from mentoring.models import AvailabilityException, AvailabilityWindow, Coach, Engagement, Session


def connect() -> None:
    """The topics of the kept booking page (core.fragments, mentoring.views.booking) that each
    write changes. The availability service bulk-inserts windows and exceptions, but it saves
    the coach in the same transaction, whose change is announced again at commit."""
    change_on_save(Engagement, lambda row: [selectors.engagement_topic(row.pk)])
    change_on_save(Coach, lambda row: [selectors.coach_topic(row.pk)])
    change_on_save(AvailabilityWindow, lambda row: [selectors.coach_topic(row.coach_id)])
    change_on_save(AvailabilityException, lambda row: [selectors.coach_topic(row.coach_id)])
    change_on_save(
        Session,
        lambda row: [
            selectors.engagement_topic(row.engagement_id),
            selectors.coach_topic(row.coach_id),
            selectors.startup_sessions_topic(row.startup_id),
        ],
    )
