from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from accounts.models import Startup, TherapeuticArea
from core.models import TimeStampedModel
from core.uploads import random_upload_path


def _bilingual(obj, field: str) -> str:
    ko, en = getattr(obj, f"{field}_ko"), getattr(obj, f"{field}_en")
    if translation.get_language() == "en":
        return en or ko
    return ko or en


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
    blind_review = models.BooleanField(
        _("blind review"), default=False, help_text=_("Reviewers do not see who applied.")
    )
    is_published = models.BooleanField(_("published"), default=False)
    results_published_at = models.DateTimeField(_("results published"), null=True, blank=True)

    class Meta:
        verbose_name = _("challenge")
        verbose_name_plural = _("challenges")
        ordering = ["-opens_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_at__gt=F("opens_at")), name="challenge_closes_after_opening"
            ),
            models.CheckConstraint(
                condition=Q(max_grant_amount__gt=0) & Q(total_budget__gte=F("max_grant_amount")),
                name="challenge_budget_covers_one_grant",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("challenges:detail", args=[self.slug])

    @property
    def title(self) -> str:
        return _bilingual(self, "title")

    @property
    def summary(self) -> str:
        return _bilingual(self, "summary")

    @property
    def description(self) -> str:
        return _bilingual(self, "description")

    @property
    def benefits(self) -> str:
        return _bilingual(self, "benefits")

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
    challenge = models.ForeignKey(Challenge, on_delete=models.CASCADE, related_name="faqs")
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

    @property
    def question(self) -> str:
        return _bilingual(self, "question")

    @property
    def answer(self) -> str:
        return _bilingual(self, "answer")


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

    challenge = models.ForeignKey(Challenge, on_delete=models.CASCADE, related_name="milestones")
    kind = models.CharField(_("kind"), max_length=20, choices=MilestoneKind.choices)
    starts_at = models.DateTimeField(_("date"))
    note_ko = models.CharField(_("note (Korean)"), max_length=200, blank=True)
    note_en = models.CharField(_("note (English)"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("timeline milestone")
        verbose_name_plural = _("timeline")
        ordering = ["starts_at", "id"]

    def __str__(self) -> str:
        return self.get_kind_display()

    @property
    def note(self) -> str:
        return _bilingual(self, "note")


class ApplicationStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    SCREENING = "screening", _("Screening")
    UNDER_REVIEW = "under_review", _("Under review")
    SHORTLISTED = "shortlisted", _("Shortlisted")
    INTERVIEW = "interview", _("Interview")
    SELECTED = "selected", _("Selected")
    NOT_SELECTED = "not_selected", _("Not selected")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    INELIGIBLE = "ineligible", _("Ineligible")


# The moves a founder can make during intake. Review and selection add theirs (issue: review).
TRANSITIONS: dict[str, set[str]] = {
    ApplicationStatus.DRAFT: {ApplicationStatus.SUBMITTED, ApplicationStatus.WITHDRAWN},
    ApplicationStatus.SUBMITTED: {ApplicationStatus.WITHDRAWN},
}

# Staff-only states are shown to founders as "under review" until results are published.
FOUNDER_WORDING = {
    ApplicationStatus.DRAFT: _("Draft — not submitted yet"),
    ApplicationStatus.SUBMITTED: _("Submitted"),
    ApplicationStatus.SCREENING: _("Under review"),
    ApplicationStatus.UNDER_REVIEW: _("Under review"),
    ApplicationStatus.SHORTLISTED: _("Under review"),
    ApplicationStatus.INTERVIEW: _("Invited to an interview"),
    ApplicationStatus.SELECTED: _("Under review"),
    ApplicationStatus.NOT_SELECTED: _("Under review"),
    ApplicationStatus.INELIGIBLE: _("Under review"),
    ApplicationStatus.WITHDRAWN: _("Withdrawn"),
}
RESULT_WORDING = {
    ApplicationStatus.SELECTED: _("Selected"),
    ApplicationStatus.NOT_SELECTED: _("Not selected"),
    ApplicationStatus.INELIGIBLE: _("Not eligible"),
}


class Modality(models.TextChoices):
    SMALL_MOLECULE = "small_molecule", _("Small molecule")
    ANTIBODY = "antibody", _("Antibody or other biologic")
    ADC = "adc", _("Antibody–drug conjugate")
    CELL_THERAPY = "cell_therapy", _("Cell therapy")
    GENE_THERAPY = "gene_therapy", _("Gene therapy or gene editing")
    NUCLEIC_ACID = "nucleic_acid", _("RNA or other nucleic-acid therapy")
    PROTEIN_DEGRADER = "degrader", _("Targeted protein degrader")
    VACCINE = "vaccine", _("Vaccine")
    DIAGNOSTIC = "diagnostic", _("Diagnostic or biomarker")
    DIGITAL = "digital", _("Digital health or AI platform")
    OTHER = "other", _("Other")


class DevelopmentStage(models.TextChoices):
    DISCOVERY = "discovery", _("Discovery / target validation")
    LEAD = "lead", _("Hit-to-lead / lead optimisation")
    PRECLINICAL = "preclinical", _("Preclinical (in vivo proof of concept)")
    IND_ENABLING = "ind_enabling", _("IND-enabling studies")
    PHASE_1 = "phase_1", _("Phase 1")
    PHASE_2 = "phase_2", _("Phase 2 or later")


class Application(TimeStampedModel):
    """One startup's application to one challenge, from first draft to the decision."""

    challenge = models.ForeignKey(Challenge, on_delete=models.PROTECT, related_name="applications")
    startup = models.ForeignKey(Startup, on_delete=models.PROTECT, related_name="applications")
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ApplicationStatus.choices,
        default=ApplicationStatus.DRAFT,
        db_index=True,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Startup and team.
    team_summary = models.TextField(_("team"), blank=True, max_length=3000)
    team_size = models.PositiveSmallIntegerField(
        _("number of people in the team"), null=True, blank=True
    )
    # The technology.
    therapeutic_area = models.ForeignKey(
        TherapeuticArea,
        verbose_name=_("therapeutic area"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="applications",
    )
    modality = models.CharField(_("modality"), max_length=20, choices=Modality.choices, blank=True)
    development_stage = models.CharField(
        _("development stage"), max_length=20, choices=DevelopmentStage.choices, blank=True
    )
    target_indication = models.CharField(_("target and indication"), max_length=300, blank=True)
    technology_summary = models.TextField(_("the technology"), blank=True, max_length=3000)
    unmet_need = models.TextField(_("unmet medical need"), blank=True, max_length=3000)
    # Fit with BMS.
    bms_fit = models.TextField(_("fit with BMS's interests"), blank=True, max_length=3000)
    # Requested support.
    wants_grant = models.BooleanField(_("research grant"), default=True)
    wants_coaching = models.BooleanField(_("1:1 coaching by BMS experts"), default=True)
    wants_networking = models.BooleanField(_("overseas networking"), default=False)
    requested_grant_amount = models.BigIntegerField(
        _("requested grant (KRW)"), null=True, blank=True
    )
    grant_use_plan = models.TextField(_("how the grant would be used"), blank=True, max_length=3000)
    # Consents (PIPA): which text was agreed to, and when.
    consent_collection_version = models.CharField(max_length=20, blank=True)
    consent_collection_at = models.DateTimeField(null=True, blank=True)
    consent_third_party_version = models.CharField(max_length=20, blank=True)
    consent_third_party_at = models.DateTimeField(null=True, blank=True)
    # Submission.
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True, db_index=True)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    eligibility_passed = models.BooleanField(_("eligible"), null=True, blank=True)
    eligibility_snapshot = models.JSONField(_("eligibility at submission"), null=True, blank=True)

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["-submitted_at", "-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["challenge", "startup"], name="one_application_per_startup_per_challenge"
            ),
            models.CheckConstraint(
                condition=Q(requested_grant_amount__isnull=True) | Q(requested_grant_amount__gte=0),
                name="application_grant_not_negative",
            ),
        ]
        indexes = [models.Index(fields=["challenge", "status"])]

    def __str__(self) -> str:
        return f"{self.startup} → {self.challenge}"

    def get_absolute_url(self) -> str:
        return reverse("challenges:application_detail", args=[self.pk])

    @property
    def founder_status(self) -> str:
        """The status in words a founder understands; decisions only once results are out."""
        if self.status in RESULT_WORDING and self.challenge.results_published_at is not None:
            return RESULT_WORDING[self.status]
        return FOUNDER_WORDING[self.status]


class DocumentKind(models.TextChoices):
    PITCH_DECK = "pitch_deck", _("Pitch deck")
    BUSINESS_PLAN = "business_plan", _("Business plan")
    SUPPORTING = "supporting", _("Supporting document")


def document_path(instance, filename: str) -> str:
    # Random name: the founder's file name is metadata only, never part of the path.
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return random_upload_path("applications", extension)


class ApplicationDocument(models.Model):
    """A file attached to an application. Private: served only by a permission-checked view."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(_("kind"), max_length=20, choices=DocumentKind.choices)
    file = models.FileField(_("file"), upload_to=document_path, max_length=200)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(max_length=120)
    size = models.PositiveBigIntegerField(_("size"))
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["kind", "created_at"]

    def __str__(self) -> str:
        return self.original_name

    def get_absolute_url(self) -> str:
        return reverse("challenges:document_download", args=[self.application_id, self.pk])


class EligibilityException(models.Model):
    """Staff let an application through one failing eligibility rule, with a reason."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="eligibility_exceptions"
    )
    rule = models.CharField(_("rule"), max_length=40)
    reason = models.TextField(_("reason"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("eligibility exception")
        verbose_name_plural = _("eligibility exceptions")
        constraints = [
            models.UniqueConstraint(fields=["application", "rule"], name="one_exception_per_rule")
        ]

    def __str__(self) -> str:
        return f"{self.rule}: {self.reason[:60]}"
