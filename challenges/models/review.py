"""Review: the rubric, reviewer assignments, conflicts of interest, scores, decisions."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from accounts.models import Startup
from challenges.models.applications import Application
from challenges.models.calls import Challenge
from core.i18n import Bilingual


class RubricCriterion(models.Model):
    """One thing reviewers score, with its weight and scale."""

    challenge = models.ForeignKey(
        Challenge, on_delete=models.CASCADE, related_name="criteria", verbose_name=_("challenge")
    )
    name_ko = models.CharField(_("name (Korean)"), max_length=120)
    name_en = models.CharField(_("name (English)"), max_length=120)
    guidance_ko = models.TextField(_("guidance (Korean)"), blank=True)
    guidance_en = models.TextField(_("guidance (English)"), blank=True)
    weight = models.PositiveSmallIntegerField(_("weight"), default=1)
    scale_min = models.PositiveSmallIntegerField(_("lowest score"), default=1)
    scale_max = models.PositiveSmallIntegerField(_("highest score"), default=5)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("rubric criterion")
        verbose_name_plural = _("rubric")
        ordering = ["sort_order", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(scale_max__gt=F("scale_min")), name="criterion_scale_not_empty"
            ),
            models.CheckConstraint(condition=Q(weight__gt=0), name="criterion_weight_positive"),
        ]

    def __str__(self) -> str:
        return self.name

    name = Bilingual("name")

    guidance = Bilingual("guidance")


class DecisionReasonKind(models.TextChoices):
    INELIGIBLE = "ineligible", _("Ineligible")
    NOT_SELECTED = "not_selected", _("Not selected")


class DecisionReason(models.Model):
    """A short, configurable list of reasons, so feedback to founders is consistent."""

    code = models.SlugField(_("code"), unique=True)
    kind = models.CharField(_("used for"), max_length=20, choices=DecisionReasonKind.choices)
    label_ko = models.CharField(_("wording (Korean)"), max_length=300)
    label_en = models.CharField(_("wording (English)"), max_length=300)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("decision reason")
        verbose_name_plural = _("decision reasons")
        ordering = ["kind", "code"]

    def __str__(self) -> str:
        return self.label

    label = Bilingual("label")


class ReviewerAgreement(models.Model):
    """A reviewer accepted the confidentiality terms of a challenge (once per challenge)."""

    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="review_agreements",
        verbose_name=_("reviewer"),
    )
    challenge = models.ForeignKey(
        Challenge, on_delete=models.CASCADE, related_name="+", verbose_name=_("challenge")
    )
    terms_version = models.CharField(max_length=20, verbose_name=_("terms version"))
    accepted_at = models.DateTimeField(_("accepted at"), auto_now_add=True)

    class Meta:
        verbose_name = _("confidentiality agreement")
        verbose_name_plural = _("confidentiality agreements")
        constraints = [
            models.UniqueConstraint(
                fields=["reviewer", "challenge"], name="one_agreement_per_reviewer_and_call"
            )
        ]

    def __str__(self) -> str:
        return f"{self.reviewer} · {self.challenge}"


class ReviewerConflict(models.Model):
    """A reviewer declared a conflict of interest with a startup: never assigned to it again."""

    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="review_conflicts",
        verbose_name=_("reviewer"),
    )
    startup = models.ForeignKey(
        Startup, on_delete=models.CASCADE, related_name="+", verbose_name=_("startup")
    )
    reason = models.TextField(_("reason"))
    declared_at = models.DateTimeField(_("declared at"), auto_now_add=True)

    class Meta:
        verbose_name = _("conflict of interest")
        verbose_name_plural = _("conflicts of interest")
        constraints = [
            models.UniqueConstraint(
                fields=["reviewer", "startup"], name="one_conflict_per_reviewer_and_startup"
            )
        ]

    def __str__(self) -> str:
        return f"{self.reviewer} × {self.startup}"


class ReviewAssignment(models.Model):
    """A reviewer asked to review one application."""

    application = models.ForeignKey(
        Application,
        on_delete=models.CASCADE,
        related_name="review_assignments",
        verbose_name=_("application"),
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="review_assignments",
        verbose_name=_("reviewer"),
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("assigned by"),
    )
    due_at = models.DateTimeField(_("due"))
    no_conflict_confirmed_at = models.DateTimeField(
        _("no conflict confirmed at"), null=True, blank=True
    )
    created_at = models.DateTimeField(_("assigned at"), auto_now_add=True)
    # Reminders (challenges.remind_reviewers): one before the due date, one once overdue.
    due_soon_reminder_sent_at = models.DateTimeField(
        _("reminder before the due date sent at"), null=True, blank=True
    )
    overdue_reminder_sent_at = models.DateTimeField(
        _("overdue reminder sent at"), null=True, blank=True
    )
    # A copy of "the review is submitted" (Review.submitted_at is set), kept here so the
    # reviewer's queue (open reviews first, then by due date) is read in index order from this
    # table alone. Set by services.submit_review in the same transaction; nothing unsubmits.
    review_submitted = models.BooleanField(_("review submitted"), default=False, editable=False)

    class Meta:
        verbose_name = _("review assignment")
        verbose_name_plural = _("review assignments")
        ordering = ["due_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "reviewer"], name="one_assignment_per_reviewer"
            )
        ]
        indexes = [
            # The ORDER BY of review_selectors.review_queue: a page is an index range + LIMIT.
            models.Index(
                fields=["reviewer", "review_submitted", "due_at", "id"], name="review_queue_idx"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reviewer} → {self.application_id}"


class Recommendation(models.TextChoices):
    STRONG_YES = "strong_yes", _("Strongly recommend")
    YES = "yes", _("Recommend")
    MAYBE = "maybe", _("Undecided")
    NO = "no", _("Do not recommend")


class Review(models.Model):
    """A reviewer's scores for one assignment: a draft until submitted, then locked."""

    assignment = models.OneToOneField(
        ReviewAssignment,
        on_delete=models.CASCADE,
        related_name="review",
        verbose_name=_("assignment"),
    )
    recommendation = models.CharField(
        _("overall recommendation"), max_length=20, choices=Recommendation.choices, blank=True
    )
    comment = models.TextField(_("overall comment"), blank=True, max_length=5000)
    # Weighted mean of the criteria scored (n/a left out), fixed when the review is submitted.
    weighted_score = models.FloatField(_("weighted score"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True, db_index=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("review")
        verbose_name_plural = _("reviews")

    def __str__(self) -> str:
        return f"review {self.assignment_id}"

    @property
    def is_submitted(self) -> bool:
        return self.submitted_at is not None


class Score(models.Model):
    """One criterion's score. "n/a" is stored as no value (null), never as a number."""

    review = models.ForeignKey(
        Review, on_delete=models.CASCADE, related_name="scores", verbose_name=_("review")
    )
    criterion = models.ForeignKey(
        RubricCriterion, on_delete=models.PROTECT, related_name="+", verbose_name=_("criterion")
    )
    value = models.PositiveSmallIntegerField(_("score"), null=True, blank=True)
    comment = models.TextField(_("comment"), blank=True, max_length=3000)

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [
            models.UniqueConstraint(fields=["review", "criterion"], name="one_score_per_criterion")
        ]

    def __str__(self) -> str:
        return f"{self.criterion_id}: {self.value}"
