"""Post-award reports: interim and final reports a grantee owes by a due date, besides the
milestone reports of the tranches. A report may hold back a tranche: the tranche is approved
and paid only once the report is accepted (challenges.services.grant_reports)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from challenges.models.grants import Grant, Tranche
from core.models import UploadedFile


class ReportKind(models.TextChoices):
    INTERIM = "interim", _("Interim report")
    FINAL = "final", _("Final report")


class ReportStatus(models.TextChoices):
    DUE = "due", _("Not yet submitted")
    SUBMITTED = "submitted", _("Submitted")
    CHANGES_REQUESTED = "changes_requested", _("Changes requested")
    ACCEPTED = "accepted", pgettext_lazy("grant report", "Accepted")


# Every move a report can make. The grantee submits; the programme office accepts it or asks
# for changes, and the grantee submits again. An accepted report may be reopened (changes
# requested) only while the tranche it holds back is not yet approved.
REPORT_TRANSITIONS: dict[str, set[str]] = {
    ReportStatus.DUE: {ReportStatus.SUBMITTED},
    ReportStatus.SUBMITTED: {ReportStatus.ACCEPTED, ReportStatus.CHANGES_REQUESTED},
    ReportStatus.CHANGES_REQUESTED: {ReportStatus.SUBMITTED},
    ReportStatus.ACCEPTED: {ReportStatus.CHANGES_REQUESTED},
}


class GrantReport(models.Model):
    """An interim or final report of a grant, due by `due_at`, planned by the programme office.

    `tranche`, when set, is held back until this report is accepted. Each submission is a
    round; the office's comment of the last round is kept here, every round in the audit log.
    """

    grant = models.ForeignKey(
        Grant, on_delete=models.CASCADE, related_name="reports", verbose_name=_("grant")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=ReportKind.choices)
    due_at = models.DateTimeField(_("due at"))
    instructions = models.TextField(_("what the report should cover"), blank=True)
    # RESTRICT, not PROTECT: deleting a whole grant takes its reports with its tranches.
    tranche = models.ForeignKey(
        Tranche,
        null=True,
        blank=True,
        on_delete=models.RESTRICT,
        related_name="gating_reports",
        verbose_name=_("tranche it holds back"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=ReportStatus.choices, default=ReportStatus.DUE
    )
    round = models.PositiveSmallIntegerField(_("times submitted"), default=0)
    text = models.TextField(_("report"), blank=True, max_length=10000)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("submitted by"),
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
    accepted_at = models.DateTimeField(
        pgettext_lazy("grant report", "accepted at"), null=True, blank=True
    )
    due_soon_reminder_sent_at = models.DateTimeField(
        _("reminder before the due date sent at"), null=True, blank=True
    )
    overdue_reminder_sent_at = models.DateTimeField(
        _("overdue reminder sent at"), null=True, blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("planned by"),
    )
    created_at = models.DateTimeField(_("planned at"), auto_now_add=True)

    class Meta:
        verbose_name = _("grant report")
        verbose_name_plural = _("grant reports")
        ordering = ["due_at", "id"]
        permissions = [("review_grantreport", "Can accept grant reports or request changes")]
        indexes = [models.Index(fields=["status", "due_at"], name="grantreport_status_due")]
        constraints = [
            models.UniqueConstraint(
                fields=["grant"], condition=Q(kind="final"), name="one_final_report_per_grant"
            ),
            models.CheckConstraint(
                condition=~Q(status="accepted") | Q(accepted_at__isnull=False),
                name="grantreport_accepted_has_time",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.grant} · {self.get_kind_display()}"


class GrantReportFile(UploadedFile):
    """A file attached to a grant report, in the round it was sent with."""

    report = models.ForeignKey(
        GrantReport, on_delete=models.CASCADE, related_name="files", verbose_name=_("report")
    )
    round = models.PositiveSmallIntegerField(_("round"), default=1)

    upload_prefix = "grant-reports"

    class Meta:
        verbose_name = _("grant report file")
        verbose_name_plural = _("grant report files")
        ordering = ["created_at", "id"]
