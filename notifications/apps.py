from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _

from notifications import signals


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = _("Notifications")

    def ready(self):
        # The outbox enqueues the tasks by name (notifications.outbox): register them in
        # every process, not only in workers (where Celery's autodiscovery does it).
        import notifications.tasks  # noqa: F401, PLC0415 -- apps.py loads before the models

        notification = self.get_model("Notification")
        post_save.connect(
            signals.forget_unread_count_on_create,
            sender=notification,
            dispatch_uid="notifications.unread.created",
        )
        post_delete.connect(
            signals.forget_unread_count_on_delete,
            sender=notification,
            dispatch_uid="notifications.unread.deleted",
        )
        for signal, uid in ((post_save, "saved"), (post_delete, "deleted")):
            signal.connect(
                signals.forget_inbox_list,
                sender=notification,
                dispatch_uid=f"notifications.inbox_list.{uid}",
            )

    def health_checks(self, *, now) -> dict:
        """Parts of /health/ that only this app can judge (core.views collects them)."""
        from notifications.channels import kakao_configured  # noqa: PLC0415
        from notifications.selectors import backlog_health  # noqa: PLC0415 -- apps.py loads before the models

        # "off" is a configuration, not a fault: without the KAKAO_* settings, email only.
        return {
            "backlog": backlog_health(now=now),
            "kakao": "ok" if kakao_configured() else "off",
        }
