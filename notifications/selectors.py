from django.conf import settings
from django.db.models import Case, Count, F, Q, Sum, When
from django.db.models.functions import Greatest

from core.fragments import topic
from notifications.models import Notification, NotificationStatus


def inbox_topic(user_id) -> str:
    """What a person's kept inbox list is built from (core.fragments): their inbox rows.
    Changed by every save or delete of one (notifications.signals) and by the writes without
    save(): reading (notifications.inbox) and the outbox's bulk insert."""
    return topic("inbox", user_id)


def inbox_for(user):
    return Notification.objects.filter(recipient=user, show_in_inbox=True).order_by(
        "-created_at", "-id"
    )


def unread_count(user) -> int:
    return inbox_for(user).filter(read_at__isnull=True).count()


def backlog_health(*, now) -> dict:
    """The age of the oldest pending notification, for /health/ (notifications.apps).

    "old" once it passes HEALTH_BACKLOG_OLD_AFTER: nothing is sending, or the retries of an
    unreachable mail server have run that long. A KakaoTalk/SMS row not tried yet counts
    from when it is due: a reminder held for the end of quiet hours is not a backlog (and
    its email row, written with it, shows any stalled worker).
    """
    waiting = ~Q(channel="email") & Q(attempts=0)
    oldest = (
        Notification.objects.filter(status=NotificationStatus.PENDING)
        .exclude(waiting & Q(next_attempt_at__gt=now))
        .annotate(
            since=Case(
                When(waiting, then=Greatest("created_at", "next_attempt_at")),
                default=F("created_at"),
            )
        )
        .order_by("since")
        .values_list("since", flat=True)
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
