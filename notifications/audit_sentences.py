"""The audit trail of notifications in words (see core.audit.describe)."""

from django.utils.translation import gettext_lazy as _

from core.audit import Sentence, register_sentences
from notifications.models import NotificationStatus

register_sentences(
    {
        "notifications.notification.resent": Sentence(
            _("%(actor)s sent the notification again (it was %(from)s)."),
            {"from": NotificationStatus},
        ),
        "notifications.notification.failed": Sentence(
            _("%(actor)s could not send the notification: %(error)s")
        ),
    }
)
