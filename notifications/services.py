"""Compatibility: the outbox's public names, where the apps have always imported them.

The notifications app now keeps its code in three rooms: notifications.outbox (notify,
notify_many, queue_email, resend_notification), notifications.delivery (rendering, sending,
failures, the sweep) and notifications.inbox. This module only re-exports the names the
other apps (and their tests) use, so they keep working while they move to the new modules;
new code imports from the modules themselves.
"""

from notifications.delivery import render_notification
from notifications.outbox import (
    NotificationError,
    NotificationSpec,
    notify,
    notify_many,
    queue_email,
    resend_notification,
)

__all__ = [
    "NotificationError",
    "NotificationSpec",
    "notify",
    "notify_many",
    "queue_email",
    "render_notification",
    "resend_notification",
]
