"""mentoring's part of the personal data inventory (see core/privacy.py)."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.privacy import Category as C

FIELDS = {
    "mentoring.Coach": {
        "created_at": None,
        "updated_at": None,
        "user": C.IDENTITY,
        "partner": None,
        "title": C.BUSINESS,
        "bio": C.BUSINESS,
        "tags": C.BUSINESS,
        "languages": C.BUSINESS,
        "time_zone": C.CONTACT,
        "is_active": None,
        "session_minutes": None,
        "buffer_minutes": None,
        "min_notice_hours": None,
        "horizon_days": None,
        "expertise": None,
    },
    "mentoring.AvailabilityWindow": dict.fromkeys(["coach", "weekday", "starts", "ends"]),
    "mentoring.AvailabilityException": {
        "coach": None,
        "date": C.ATTENDANCE,
        "kind": C.ATTENDANCE,
        "starts": C.ATTENDANCE,
        "ends": C.ATTENDANCE,
    },
    "mentoring.Engagement": {
        "created_at": None,
        "updated_at": None,
        "coach": None,
        "startup": None,
        "application": None,
        "starts_on": None,
        "ends_on": None,
        "allotment": None,
        "goals": C.COACHING,
        "goals_agreed_at": C.COACHING,
        "goals_agreed_by": C.IDENTITY,
        "status": None,
    },
    "mentoring.Session": {
        "created_at": None,
        "updated_at": None,
        "engagement": None,
        "coach": None,
        "startup": None,
        "starts_at": C.ATTENDANCE,
        "ends_at": C.ATTENDANCE,
        "blocked_until": None,
        "status": None,
        "format": None,
        "video_link": C.ATTENDANCE,
        "agenda": C.COACHING,
        "uid": None,
        "sequence": None,
        "booked_by": C.IDENTITY,
        "cancelled_at": C.ATTENDANCE,
        "cancel_reason": C.COACHING,
        "late_cancellation": C.ATTENDANCE,
        "reminder_sent_at": None,
        "shared_notes": C.COACHING,
        "coach_private_notes": C.COACHING,
        "rating": C.COACHING,
        "feedback": C.COACHING,
        "no_show_by": C.ATTENDANCE,
        "progress_percent": C.COACHING,
        "progress_comment": C.COACHING,
    },
    "mentoring.EngagementAssessment": {
        "created_at": None,
        "updated_at": None,
        "engagement": None,
        "side": None,
        "rating": C.COACHING,
        "text": C.COACHING,
        "submitted_by": C.IDENTITY,
    },
}

_SESSION_SHARED = [
    "starts_at",
    "ends_at",
    "video_link",
    "agenda",
    "booked_by",
    "cancelled_at",
    "cancel_reason",
    "late_cancellation",
    "shared_notes",
    "rating",
    "feedback",
    "no_show_by",
    "progress_percent",
    "progress_comment",
]

OWNERS = {
    "mentoring.Coach": {"user": None},
    "mentoring.AvailabilityException": {"coach__user": None},
    "mentoring.Engagement": {"startup__members": None, "coach__user": None},
    # A coach's private notes are the coach's, not the startup's.
    "mentoring.Session": {"startup__members": _SESSION_SHARED, "coach__user": None},
    # A final assessment is its writer's; the other side reads it on the engagement's page
    # once both have submitted.
    "mentoring.EngagementAssessment": {"submitted_by": None},
}

KEEPS = [
    (
        "mentoring.Coach",
        "user",
        lambda: Q(),
        _("Coach accounts are closed by the programme office."),
    ),
]
