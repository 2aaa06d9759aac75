"""Failed notifications, as a count for programme staff's home (one query)."""

from django.urls import reverse
from django.utils.translation import gettext as _

from core.todo import Task
from notifications.models import Notification, NotificationStatus


def staff_tasks(now) -> list[Task]:
    failed = Notification.objects.filter(status=NotificationStatus.FAILED).count()
    if not failed:
        return []
    url = reverse("admin:notifications_notification_changelist") + "?status__exact=failed"
    return [
        Task(
            title=_("Notifications that could not be sent"),
            count=failed,
            url=url,
            action=_("Open the list"),
        )
    ]
