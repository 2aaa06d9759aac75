"""Grants for selected startups, paid in tranches released by milestones."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from challenges.models.applications import Application
from core.models import UploadedFile, uploaded_file_path
from core.money import format_krw


class GrantStatus(models.TextChoices):
    AWARDED = "awarded", _("Awarded")
    ACTIVE = "active", _("Agreement signed")
    COMPLETED = "completed", _("Completed")
    CANCELLED = "cancelled", _("Cancelled")


# Every move a grant can make: signing the agreement activates it, the last payment completes
# it, and a grant of which nothing is paid can be cancelled.
GRANT_TRANSITIONS: dict[str, set[str]] = {
    GrantStatus.AWARDED: {GrantStatus.ACTIVE, GrantStatus.CANCELLED},
    GrantStatus.ACTIVE: {GrantStatus.COMPLETED, GrantStatus.CANCELLED},
    GrantStatus.COMPLETED: set(),
    GrantStatus.CANCELLED: set(),
}


class Grant(models.Model):
    """The research grant of a selected application. The sum of a challenge's grants never
    exceeds its budget: Challenge.awarded_total is updated in the same transaction under a
    row lock and a database check (challenge_awarded_within_budget) refuses an overrun."""

    application = models.OneToOneField(
        Application, on_delete=models.PROTECT, related_name="grant", verbose_name=_("application")
    )
    amount = models.BigIntegerField(_("amount (KRW)"))
    agreement_signed_on = models.DateField(_("agreement signed on"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=GrantStatus.choices, default=GrantStatus.AWARDED
    )
    awarded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("awarded by"),
    )
    created_at = models.DateTimeField(_("awarded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("grant")
        verbose_name_plural = _("grants")
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="grant_amount_positive")
        ]

    def __str__(self) -> str:
        return f"{self.application.startup} · {format_krw(self.amount)}"


class TrancheStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    REPORTED = "reported", _("Milestone reported")
    RETURNED = "returned", _("Returned for changes")
    APPROVED = "approved", _("Approved")
    PAID = "paid", _("Paid")


# Every move a tranche can make. The grantee reports; the programme office approves or returns
# the report, then records the payment. A returned report is reported again.
TRANCHE_TRANSITIONS: dict[str, set[str]] = {
    TrancheStatus.PLANNED: {TrancheStatus.REPORTED},
    TrancheStatus.REPORTED: {TrancheStatus.APPROVED, TrancheStatus.RETURNED},
    TrancheStatus.RETURNED: {TrancheStatus.REPORTED},
    TrancheStatus.APPROVED: {TrancheStatus.PAID},
    TrancheStatus.PAID: set(),
}


class Tranche(models.Model):
    """A part of the grant, released when its milestone is reported and approved."""

    grant = models.ForeignKey(
        Grant, on_delete=models.CASCADE, related_name="tranches", verbose_name=_("grant")
    )
    sequence = models.PositiveSmallIntegerField(_("number"))
    amount = models.BigIntegerField(_("amount (KRW)"))
    due_on = models.DateField(_("due on"))
    milestone = models.CharField(_("milestone that releases it"), max_length=300)
    status = models.CharField(
        _("status"), max_length=20, choices=TrancheStatus.choices, default=TrancheStatus.PLANNED
    )
    report_text = models.TextField(_("milestone report"), blank=True, max_length=10000)
    reported_at = models.DateTimeField(_("reported at"), null=True, blank=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("reported by"),
    )
    staff_comment = models.TextField(_("comment from the programme office"), blank=True)
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("reviewed by"),
    )
    paid_on = models.DateField(_("paid on"), null=True, blank=True)
    paid_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("payment recorded by"),
    )

    class Meta:
        verbose_name = _("tranche")
        verbose_name_plural = _("tranches")
        ordering = ["grant", "sequence"]
        constraints = [
            models.UniqueConstraint(fields=["grant", "sequence"], name="tranche_sequence_unique"),
            models.CheckConstraint(condition=Q(amount__gt=0), name="tranche_amount_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.grant} #{self.sequence}"


def report_file_path(instance, filename: str) -> str:
    """A random name under milestones/ (named by the migrations; core.models names it)."""
    return uploaded_file_path(instance, filename)


class TrancheReportFile(UploadedFile):
    """Evidence attached to a milestone report (same upload rules as applications)."""

    tranche = models.ForeignKey(
        Tranche, on_delete=models.CASCADE, related_name="files", verbose_name=_("tranche")
    )
    file = models.FileField(_("file"), upload_to=report_file_path, max_length=200)

    upload_prefix = "milestones"

    class Meta:
        verbose_name = _("milestone file")
        verbose_name_plural = _("milestone files")
