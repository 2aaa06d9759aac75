"""Requests under PIPA Art. 35-37 (re-exported by accounts.models, where Django finds them)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.models import TimeStampedModel


class PrivacyRequestKind(models.TextChoices):
    CORRECTION = "correction", _("Correct something I cannot edit myself")
    DELETION = "deletion", _("Delete my personal data")
    STOP = "stop", _("Stop processing my personal data")
    WITHDRAW_BMS_CONSENT = "withdraw_bms", _("Withdraw my consent to provision to BMS")


class PrivacyRequestStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("privacy request status", "Open")
    DONE = "done", _("Done")
    DECLINED = "declined", _("Declined (kept by law)")


PRIVACY_REQUEST_TRANSITIONS = {
    PrivacyRequestStatus.OPEN: {PrivacyRequestStatus.DONE, PrivacyRequestStatus.DECLINED},
}
PRIVACY_REQUEST_DAYS = 10  # PIPA Art. 35-37: answered within 10 days


class PrivacyRequest(TimeStampedModel):
    """A person's request under PIPA Art. 35-37, answered by staff within 10 (Seoul) days."""

    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="privacy_requests",
        verbose_name=_("requester"),
    )
    kind = models.CharField(_("request"), max_length=20, choices=PrivacyRequestKind.choices)
    details = models.TextField(_("details"), blank=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=PrivacyRequestStatus.choices,
        default=PrivacyRequestStatus.OPEN,
        db_index=True,
    )
    due_on = models.DateField(_("answer due"))
    answer = models.TextField(_("answer"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("answered by"),
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    class Meta:
        verbose_name = _("personal data request")
        verbose_name_plural = _("personal data requests")
        ordering = ["due_on", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk}"
