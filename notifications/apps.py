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
        from notifications.selectors import backlog_health  # noqa: PLC0415 -- apps.py loads before the models

        return {"backlog": backlog_health(now=now)}
