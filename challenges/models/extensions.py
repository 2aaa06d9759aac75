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


class GrantDeclaration(models.Model):
    """Another public grant for the same work, declared by the applicant (중복수혜 확인).
    Frozen into the submission snapshot when the application is submitted."""

    application = models.ForeignKey(
        Application,
        on_delete=models.CASCADE,
        related_name="grant_declarations",
        verbose_name=_("application"),
    )
    programme = models.CharField(_("programme"), max_length=200)
    agency = models.CharField(_("agency"), max_length=200)
    amount = models.BigIntegerField(_("amount (KRW)"))
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"))

    class Meta:
        verbose_name = _("other public grant")
        verbose_name_plural = _("other public grants")
        ordering = ["starts_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount__gte=0), name="declared_grant_not_negative"
            ),
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="declared_grant_period_in_order",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.programme} ({self.agency})"
