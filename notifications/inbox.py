"""The in-app inbox: the same rows as the outbox, read on the site."""

import re

from django.utils import timezone

from core import fragments, viewer_cache
from notifications.delivery import render_notification
from notifications.models import Notification
from notifications.selectors import inbox_topic


def inbox_summary(notification: Notification) -> tuple[str, str]:
    """Subject and summary text of a notification for its page in the inbox (rendered in
    the recipient's language, without the email's link lines). Writes nothing."""
    subject, body_text, _html = render_notification(notification, inbox=True)
    return subject, re.sub(r"\n{3,}", "\n\n", body_text).strip()


def mark_read(notification: Notification) -> None:
    """Mark one notification read (once: the first reading time is kept). No audit entry:
    reading is not a change anyone needs to trace. The recipient's cached unread count is
    replaced (core.viewer_cache)."""
    if notification.read_at is None:
        changed = Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(
            read_at=timezone.now()
        )
        if changed:
            viewer_cache.invalidate([notification.recipient_id], part=viewer_cache.UNREAD)
            fragments.changed(inbox_topic(notification.recipient_id))


def mark_all_read(user) -> int:
    """Mark every unread notification in `user`'s inbox read; returns how many. The cached
    unread count is replaced (core.viewer_cache)."""
    changed = Notification.objects.filter(
        recipient=user, show_in_inbox=True, read_at__isnull=True
    ).update(read_at=timezone.now())
    if changed:
        viewer_cache.invalidate([user.pk], part=viewer_cache.UNREAD)
        fragments.changed(inbox_topic(user.pk))
    return changed
