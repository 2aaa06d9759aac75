"""notifications' part of the personal data inventory (see core/privacy.py)."""

from datetime import timedelta

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.privacy import Category as C
from core.privacy import Method, Rule, retention_days

FIELDS = {
    "notifications.Notification": {
        "key": None,
        "kind": None,
        "recipient": C.IDENTITY,
        "email": C.CONTACT,
        "language": None,
        "time_zone": None,
        "context": C.LOG,
        "subject": C.LOG,
        "body_text": C.LOG,
        "body_html": C.LOG,
        "show_in_inbox": None,
        "carries_secret": None,
        "status": None,
        "attempts": None,
        "last_error": C.LOG,
        "next_attempt_at": None,
        "created_at": None,
        "sent_at": None,
        "read_at": C.LOG,
        "channel": None,
        "phone": C.CONTACT,
        "claimed_at": None,
        "fallback_used": None,
        "provider_message_id": None,
        "cost_krw": None,  # counted per kind on the dashboard
    },
}

OWNERS = {"notifications.Notification": {"recipient": None}}

RULES = [
    Rule(
        key="notification_bodies",
        model="notifications.Notification",
        category=C.LOG,
        method=Method.ANONYMISED,
        retention="notification_bodies",
        fields=("context", "subject", "body_text", "body_html", "last_error"),
        expired=lambda now: Q(
            created_at__lt=now - timedelta(days=retention_days("notification_bodies"))
        ),
        description=_("Message bodies: %(days)s days after they were written."),
    ),
]
