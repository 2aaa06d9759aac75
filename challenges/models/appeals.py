"""Appeals (이의신청): an applicant contests a published decision within the call's window."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from challenges.models.applications import Application
from core.models import UploadedFile


class AppealStatus(models.TextChoices):
    OPEN = "open", _("Received")
    IN_REVIEW = "in_review", _("With the appeals committee")
    UPHELD = "upheld", _("Decision upheld")
    OVERTURNED = "overturned", _("Decision overturned")


APPEAL_TRANSITIONS: dict[str, set[str]] = {
    AppealStatus.OPEN: {AppealStatus.IN_REVIEW},
    AppealStatus.IN_REVIEW: {AppealStatus.UPHELD, AppealStatus.OVERTURNED},
    AppealStatus.UPHELD: set(),
    AppealStatus.OVERTURNED: set(),
}


class ContestedDecision(models.TextChoices):
    NOT_SELECTED = "not_selected", _("Not being selected")
    INELIGIBLE = "ineligible", _("Being found not eligible")
    SCORES = "scores", _("The review scores")


class Appeal(models.Model):
    """One appeal per application; the committee's work and staff's decision follow."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="appeals", verbose_name=_("application")
    )
    contested = models.CharField(
        _("decision contested"), max_length=20, choices=ContestedDecision.choices
    )
    status = models.CharField(
        _("status"), max_length=20, choices=AppealStatus.choices, default=AppealStatus.OPEN
    )
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("opened by"),
    )
    opened_at = models.DateTimeField(_("opened at"))
    due_at = models.DateTimeField(_("decision due"))
    committee = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        through="AppealCommitteeMember",
        through_fields=("appeal", "member"),
        related_name="appeal_committees",
        verbose_name=_("appeals committee"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("decided by"),
    )

    class Meta:
        verbose_name = _("appeal")
        verbose_name_plural = _("appeals")
        ordering = ["due_at", "id"]
        permissions = [("decide_appeal", "Can assign appeals committees and decide appeals")]
        constraints = [
            models.UniqueConstraint(fields=["application"], name="one_appeal_per_application")
        ]

    def __str__(self) -> str:
        return f"appeal {self.pk} ({self.application_id})"

    def get_absolute_url(self) -> str:
        return reverse("challenges:appeal", args=[self.application_id])

    @property
    def is_decided(self) -> bool:
        return self.status in (AppealStatus.UPHELD, AppealStatus.OVERTURNED)

    def is_overdue(self, now=None) -> bool:
        """Past its decision date and not decided yet."""
        return not self.is_decided and self.due_at < (now or timezone.now())

    @property
    def overdue(self) -> bool:
        return self.is_overdue()


class AppealGround(models.Model):
    """One ground of an appeal, and the written answer staff give to it."""

    appeal = models.ForeignKey(
        Appeal, on_delete=models.CASCADE, related_name="grounds", verbose_name=_("appeal")
    )
    text = models.TextField(_("ground"), max_length=3000)
    response = models.TextField(_("answer"), blank=True, max_length=3000)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("ground of appeal")
        verbose_name_plural = _("grounds of appeal")
        ordering = ["sort_order", "id"]

    def __str__(self) -> str:
        return self.text[:60]


class AppealDocument(UploadedFile):
    """A file supporting an appeal. Private."""

    appeal = models.ForeignKey(
        Appeal, on_delete=models.CASCADE, related_name="documents", verbose_name=_("appeal")
    )
    upload_prefix = "appeals"

    class Meta:
        verbose_name = _("appeal document")
        verbose_name_plural = _("appeal documents")
        ordering = ["created_at"]


class AppealCommitteeMember(models.Model):
    """A member of an appeal's committee, with their finding (and optional re-score)."""

    appeal = models.ForeignKey(
        Appeal, on_delete=models.CASCADE, related_name="members", verbose_name=_("appeal")
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("member"),
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("assigned by"),
    )
    finding = models.TextField(_("finding"), blank=True, max_length=5000)
    rescore = models.FloatField(_("re-score"), null=True, blank=True)
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("appeals committee member")
        verbose_name_plural = _("appeals committee")
        constraints = [
            models.UniqueConstraint(fields=["appeal", "member"], name="one_seat_per_appeal_member")
        ]

    def __str__(self) -> str:
        return f"{self.member} · {self.appeal_id}"
