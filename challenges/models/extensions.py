"""A deadline extension granted to one application."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from challenges.models.applications import Application


class DeadlineExtension(models.Model):
    """Staff let one application submit until `closes_at` (later than the call's close)."""

    application = models.OneToOneField(
        Application,
        on_delete=models.CASCADE,
        related_name="deadline_extension",
        verbose_name=_("application"),
    )
    closes_at = models.DateTimeField(_("new deadline"))
    reason = models.TextField(_("reason"), max_length=2000)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("granted by"),
    )
    granted_at = models.DateTimeField(_("granted at"), auto_now=True)

    class Meta:
        verbose_name = _("deadline extension")
        verbose_name_plural = _("deadline extensions")

    def __str__(self) -> str:
        return f"{self.application_id} → {self.closes_at:%Y-%m-%d %H:%M}"
