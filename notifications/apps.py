from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = _("Notifications")

    def health_checks(self, *, now) -> dict:
        """Parts of /health/ that only this app can judge (core.views collects them)."""
        from notifications.selectors import backlog_health

        return {"backlog": backlog_health(now=now)}
