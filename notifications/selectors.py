from django.conf import settings
from django.db.models import Count, Q, Sum

from notifications.models import Notification, NotificationStatus


def inbox_for(user):
    return Notification.objects.filter(recipient=user, show_in_inbox=True).order_by(
        "-created_at", "-id"
    )


def unread_count(user) -> int:
    return inbox_for(user).filter(read_at__isnull=True).count()


def backlog_health(*, now) -> dict:
    """The age of the oldest pending notification, for /health/ (notifications.apps).

    "old" once it passes HEALTH_BACKLOG_OLD_AFTER: nothing is sending, or the retries of an
    unreachable mail server have run that long.
    """
    oldest = (
        Notification.objects.filter(status=NotificationStatus.PENDING)
        .order_by("created_at")
        .values_list("created_at", flat=True)
        .first()
    )
    if oldest is None:
        return {"status": "ok", "oldest_pending_age_seconds": None}
    age = (now - oldest).total_seconds()
    limit = settings.HEALTH_BACKLOG_OLD_AFTER.total_seconds()
    return {"status": "ok" if age <= limit else "old", "oldest_pending_age_seconds": round(age)}


def message_costs() -> list[dict]:
    """What KakaoTalk and SMS cost, per kind: [{"kind", "messages", "fallbacks", "cost_krw"}],
    the most expensive first (for the dashboard)."""
    return list(
        Notification.objects.filter(status=NotificationStatus.SENT, cost_krw__gt=0)
        .values("kind")
        .annotate(
            messages=Count("pk"),
            fallbacks=Count("pk", filter=Q(fallback_used=True)),
            cost_krw=Sum("cost_krw"),
        )
        .order_by("-cost_krw", "kind")
    )
