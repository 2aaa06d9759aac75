from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = _("Notifications")

    def ready(self):
        # The outbox enqueues the tasks by name (notifications.outbox): register them in
        # every process, not only in workers (where Celery's autodiscovery does it).
        import notifications.tasks  # noqa: F401, PLC0415 -- apps.py loads before the models

    def health_checks(self, *, now) -> dict:
        """Parts of /health/ that only this app can judge (core.views collects them)."""
        from notifications.channels import kakao_configured  # noqa: PLC0415
        from notifications.selectors import backlog_health  # noqa: PLC0415 -- apps.py loads before the models

        # "off" is a configuration, not a fault: without the KAKAO_* settings, email only.
        return {
            "backlog": backlog_health(now=now),
            "kakao": "ok" if kakao_configured() else "off",
        }
