"""Calls for applications: the challenge, its FAQ and timeline."""

from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.models import TherapeuticArea
from core.i18n import Bilingual
from core.models import TimeStampedModel, UploadedFile


class ChallengeStatus(models.TextChoices):
    """Where a call stands, computed from its dates (never stored)."""

    UPCOMING = "upcoming", _("Opens soon")
    OPEN = "open", _("Open for applications")
    CLOSED = "closed", _("Closed")
    RESULTS = "results", _("Results published")


class Challenge(TimeStampedModel):
    """An open call of the programme: who may apply, until when, and what winners receive."""

    slug = models.SlugField(_("slug"), unique=True)
    title_ko = models.CharField(_("title (Korean)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200)
    summary_ko = models.TextField(_("summary (Korean)"), max_length=600)
    summary_en = models.TextField(_("summary (English)"), max_length=600)
    description_ko = models.TextField(_("description (Korean, Markdown)"), blank=True)
    description_en = models.TextField(_("description (English, Markdown)"), blank=True)
    opens_at = models.DateTimeField(_("applications open"))
    closes_at = models.DateTimeField(_("applications close"))
    therapeutic_areas = models.ManyToManyField(
        TherapeuticArea, verbose_name=_("therapeutic areas"), related_name="challenges"
    )
    # Eligibility parameters.
    max_company_age_years = models.PositiveSmallIntegerField(
        _("maximum company age (years)"),
        default=7,
        help_text=_(
            "A company is eligible when its business started at most this many years before "
            "the call closes (SME Startup Support Act: 7)."
        ),
    )
    seoul_required = models.BooleanField(_("must be based in Seoul"), default=True)
    pre_founders_allowed = models.BooleanField(_("pre-founders may apply"), default=True)
    # Benefits.
    max_grant_amount = models.BigIntegerField(_("maximum grant per startup (KRW)"))
    number_of_awards = models.PositiveSmallIntegerField(_("number of awards"))
    total_budget = models.BigIntegerField(_("total grant budget (KRW)"))
    offers_coaching = models.BooleanField(_("1:1 coaching by BMS experts"), default=True)
    offers_networking = models.BooleanField(_("help with overseas networking"), default=True)
    benefits_ko = models.TextField(_("other benefits (Korean)"), blank=True)
    benefits_en = models.TextField(_("other benefits (English)"), blank=True)
    # Who answers applicants' questions about this call (shown on the call's page).
    contact_name = models.CharField(_("contact person"), max_length=100, blank=True)
    contact_email = models.EmailField(_("contact email"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=30, blank=True)
    blind_review = models.BooleanField(
        _("blind review"), default=False, help_text=_("Reviewers do not see who applied.")
    )
    is_published = models.BooleanField(_("published"), default=False)
    results_published_at = models.DateTimeField(_("results published"), null=True, blank=True)
    # Fair selection (issue 16): appeals, feedback to applicants, who submits.
    appeal_window_days = models.PositiveSmallIntegerField(
        _("appeal window (days)"),
        default=0,
        help_text=_(
            "Days after the results are published during which applicants may appeal; "
            "0: no appeals."
        ),
    )
    feedback_enabled = models.BooleanField(_("give feedback to applicants"), default=False)
    feedback_release_at = models.DateTimeField(
        _("feedback released from"),
        null=True,
        blank=True,
        help_text=_("Applicants see their feedback from this time (after the results)."),
    )
    representative_submits = models.BooleanField(
        _("only the representative submits"),
        default=False,
        help_text=_(
            "Co-founders may edit the draft, but only the startup's representative submits."
        ),
    )
    # The sum of the grants awarded, kept with the budget so the database itself refuses an
    # overrun (challenge_awarded_within_budget); changed only by challenges.services.grants.
    awarded_total = models.BigIntegerField(_("awarded so far (KRW)"), default=0, editable=False)
    # The last receipt number handed out (SBH-<year>-<sequence>); only ever goes up, under the
    # row lock of challenges.services.intake.submit_application, so a number is never reused.
    last_reference = models.PositiveIntegerField(
        _("last receipt number"), default=0, editable=False
    )

    class Meta:
        verbose_name = _("challenge")
        verbose_name_plural = _("challenges")
        ordering = ["-opens_at"]
        permissions = [("publish_results", "Can publish the results of a challenge")]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_at__gt=F("opens_at")), name="challenge_closes_after_opening"
            ),
            models.CheckConstraint(
                condition=Q(max_grant_amount__gt=0) & Q(total_budget__gte=F("max_grant_amount")),
                name="challenge_budget_covers_one_grant",
            ),
            models.CheckConstraint(
                condition=Q(awarded_total__gte=0) & Q(awarded_total__lte=F("total_budget")),
                name="challenge_awarded_within_budget",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("challenges:detail", args=[self.slug])

    title = Bilingual("title")

    summary = Bilingual("summary")

    description = Bilingual("description")

    benefits = Bilingual("benefits")

    def status_at(self, moment) -> str:
        if self.results_published_at is not None and self.results_published_at <= moment:
            return ChallengeStatus.RESULTS
        if moment < self.opens_at:
            return ChallengeStatus.UPCOMING
        if moment < self.closes_at:
            return ChallengeStatus.OPEN
        return ChallengeStatus.CLOSED

    @property
    def status(self) -> str:
        return self.status_at(timezone.now())

    def is_open_at(self, moment) -> bool:
        """Applications are accepted from `opens_at` up to, not including, `closes_at`."""
        return self.opens_at <= moment < self.closes_at


class ChallengeFAQ(models.Model):
    challenge = models.ForeignKey(
        Challenge, on_delete=models.CASCADE, related_name="faqs", verbose_name=_("challenge")
    )
    question_ko = models.CharField(_("question (Korean)"), max_length=300)
    question_en = models.CharField(_("question (English)"), max_length=300)
    answer_ko = models.TextField(_("answer (Korean)"))
    answer_en = models.TextField(_("answer (English)"))
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("frequently asked question")
        verbose_name_plural = _("frequently asked questions")
        ordering = ["sort_order", "id"]

    def __str__(self) -> str:
        return self.question

    question = Bilingual("question")

    answer = Bilingual("answer")


class AttachmentKind(models.TextChoices):
    ANNOUNCEMENT = "announcement", _("Call announcement (공고문)")
    TEMPLATE = "template", _("Template to fill in")
    OTHER = "other", _("Other document")


class ChallengeAttachment(UploadedFile):
    """A file staff publish with a call: the announcement, templates. Public once the call is
    published, but served through a view (challenges.views.public.attachment), never MEDIA_URL."""

    challenge = models.ForeignKey(
        Challenge,
        on_delete=models.CASCADE,
        related_name="attachments",
        verbose_name=_("challenge"),
    )
    kind = models.CharField(
        _("kind"),
        max_length=20,
        choices=AttachmentKind.choices,
        default=AttachmentKind.ANNOUNCEMENT,
    )
    title_ko = models.CharField(_("title (Korean)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    upload_prefix = "challenges"

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["sort_order", "id"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("challenges:attachment", args=[self.challenge.slug, self.pk])

    title = Bilingual("title")


class MilestoneKind(models.TextChoices):
    ANNOUNCEMENT = "announcement", _("Call announced")
    DEADLINE = "deadline", _("Application deadline")
    SCREENING = "screening", _("Document screening")
    INTERVIEWS = "interviews", _("Interviews")
    RESULTS = "results", _("Results announced")
    KICKOFF = "kickoff", _("Programme starts")
    OTHER = "other", _("Other")


class ChallengeMilestone(models.Model):
    """A step of the call's timeline, shown to applicants."""

    challenge = models.ForeignKey(
        Challenge, on_delete=models.CASCADE, related_name="milestones", verbose_name=_("challenge")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=MilestoneKind.choices)
    starts_at = models.DateTimeField(pgettext_lazy("date and time", "date"))
    note_ko = models.CharField(_("note (Korean)"), max_length=200, blank=True)
    note_en = models.CharField(_("note (English)"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("timeline milestone")
        verbose_name_plural = _("timeline")
        ordering = ["starts_at", "id"]

    def __str__(self) -> str:
        return self.get_kind_display()

    note = Bilingual("note")
