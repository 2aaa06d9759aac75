from notifications.models import Notification


def inbox_for(user):
    return Notification.objects.filter(recipient=user, show_in_inbox=True).order_by(
        "-created_at", "-id"
    )


def unread_count(user) -> int:
    return inbox_for(user).filter(read_at__isnull=True).count()
