"""Applications: one startup's answers, documents and eligibility for one challenge."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.models import Startup, TherapeuticArea
from challenges.models.calls import Challenge
from core.constraints import UniqueErrorsBesideFields
from core.labels import labels
from core.models import TimeStampedModel, UploadedFile, uploaded_file_path


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


# Every move an application can make. Founders submit and withdraw; staff do the rest.
# selected / not selected / ineligible / withdrawn are final.
TRANSITIONS: dict[str, set[str]] = {
    ApplicationStatus.DRAFT: {ApplicationStatus.SUBMITTED, ApplicationStatus.WITHDRAWN},
    ApplicationStatus.SUBMITTED: {
        ApplicationStatus.SCREENING,
        ApplicationStatus.INELIGIBLE,
        ApplicationStatus.WITHDRAWN,
    },
    ApplicationStatus.SCREENING: {
        ApplicationStatus.UNDER_REVIEW,
        ApplicationStatus.INELIGIBLE,
        ApplicationStatus.WITHDRAWN,
    },
    ApplicationStatus.UNDER_REVIEW: {
        ApplicationStatus.SHORTLISTED,
        ApplicationStatus.NOT_SELECTED,
        ApplicationStatus.WITHDRAWN,
    },
    ApplicationStatus.SHORTLISTED: {
        ApplicationStatus.INTERVIEW,
        ApplicationStatus.SELECTED,
        ApplicationStatus.NOT_SELECTED,
        ApplicationStatus.WITHDRAWN,
    },
    ApplicationStatus.INTERVIEW: {
        ApplicationStatus.SELECTED,
        ApplicationStatus.NOT_SELECTED,
        ApplicationStatus.WITHDRAWN,
    },
    ApplicationStatus.SELECTED: set(),
    ApplicationStatus.NOT_SELECTED: set(),
    ApplicationStatus.INELIGIBLE: set(),
    ApplicationStatus.WITHDRAWN: set(),
}
# States where the outcome is still open; results cannot be published while any remain.
UNDECIDED = {
    ApplicationStatus.SUBMITTED,
    ApplicationStatus.SCREENING,
    ApplicationStatus.UNDER_REVIEW,
    ApplicationStatus.SHORTLISTED,
    ApplicationStatus.INTERVIEW,
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

    challenge = models.ForeignKey(
        Challenge,
        on_delete=models.PROTECT,
        related_name="applications",
        verbose_name=_("challenge"),
    )
    startup = models.ForeignKey(
        Startup, on_delete=models.PROTECT, related_name="applications", verbose_name=_("startup")
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ApplicationStatus.choices,
        default=ApplicationStatus.DRAFT,
        db_index=True,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("created by"),
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
    consent_collection_version = models.CharField(
        max_length=20, blank=True, verbose_name=_("consent to collection: version")
    )
    consent_collection_at = models.DateTimeField(
        null=True, blank=True, verbose_name=_("consent to collection: given at")
    )
    consent_third_party_version = models.CharField(
        max_length=20, blank=True, verbose_name=_("consent to provision to BMS: version")
    )
    consent_third_party_at = models.DateTimeField(
        null=True, blank=True, verbose_name=_("consent to provision to BMS: given at")
    )
    # Submission.
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True, db_index=True)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    eligibility_passed = models.BooleanField(_("eligible"), null=True, blank=True)
    eligibility_snapshot = models.JSONField(_("eligibility at submission"), null=True, blank=True)
    # The receipt: a number unique within the call, and the answers, documents and consents as
    # submitted (both languages' words), which the page and the receipt PDF are built from.
    reference_number = models.CharField(_("receipt number"), max_length=20, blank=True)
    submitted_snapshot = models.JSONField(_("answers as submitted"), null=True, blank=True)
    # The decision, for ineligible and not selected: a reason from the configured list.
    decision_reason = models.ForeignKey(
        "challenges.DecisionReason",
        verbose_name=_("reason"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decision_note = models.TextField(_("note to the founder"), blank=True, max_length=2000)

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["-submitted_at", "-created_at"]
        # What the admin's actions on applications need (see challenges/admin/actions.py).
        permissions = [
            ("screen_application", "Can screen applications (eligibility)"),
            ("assign_reviewers", "Can assign reviewers to applications"),
            ("select_application", "Can shortlist, interview and select applications"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["challenge", "startup"], name="one_application_per_startup_per_challenge"
            ),
            models.UniqueConstraint(
                fields=["challenge", "reference_number"],
                condition=~Q(reference_number=""),
                name="one_receipt_number_per_call",
            ),
            models.CheckConstraint(
                condition=Q(requested_grant_amount__isnull=True) | Q(requested_grant_amount__gte=0),
                name="application_grant_not_negative",
            ),
        ]
        indexes = [
            models.Index(fields=["challenge", "status"]),
            # The admin list of one call, newest first, without sorting the whole call.
            models.Index(
                fields=["challenge", "-submitted_at", "-created_at", "-id"],
                name="challenges_app_call_newest",
            ),
            # Publishing checks that no application of the call is undecided: on a decided
            # call this index holds none of its rows, whatever the call's size (the planner
            # takes most of a call to be undecided, so (challenge, status) was not used).
            models.Index(
                fields=["challenge"],
                condition=Q(status__in=sorted(UNDECIDED)),
                name="application_undecided_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.startup} → {self.challenge}"

    def get_absolute_url(self) -> str:
        return reverse("challenges:application_detail", args=[self.pk])

    @property
    def founder_status(self) -> str:
        """The status in words a founder understands; decisions only once results are out."""
        if self.status in RESULT_WORDING and self.challenge.results_published_at is not None:
            return labels(RESULT_WORDING)[self.status]
        return labels(FOUNDER_WORDING)[self.status]


class DocumentKind(models.TextChoices):
    PITCH_DECK = "pitch_deck", _("Pitch deck")
    BUSINESS_PLAN = "business_plan", _("Business plan")
    SUPPORTING = "supporting", _("Supporting document")


def document_path(instance, filename: str) -> str:
    """A random name under applications/: the founder's file name is metadata only.

    Named by the migrations, so it stays; the naming itself is core.models'."""
    return uploaded_file_path(instance, filename)


class ApplicationDocument(UploadedFile):
    """A file attached to an application. Private: served only by a permission-checked view."""

    application = models.ForeignKey(
        Application,
        on_delete=models.CASCADE,
        related_name="documents",
        verbose_name=_("application"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=DocumentKind.choices)
    file = models.FileField(_("file"), upload_to=document_path, max_length=200)

    upload_prefix = "applications"

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["kind", "created_at"]

    def get_absolute_url(self) -> str:
        return reverse("challenges:document_download", args=[self.application_id, self.pk])


class EligibilityException(UniqueErrorsBesideFields, models.Model):
    """Staff let an application through one failing eligibility rule, with a reason."""

    application = models.ForeignKey(
        Application,
        on_delete=models.CASCADE,
        related_name="eligibility_exceptions",
        verbose_name=_("application"),
    )
    rule = models.CharField(_("rule"), max_length=40)
    reason = models.TextField(_("reason"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("eligibility exception")
        verbose_name_plural = _("eligibility exceptions")
        constraints = [
            models.UniqueConstraint(
                fields=["application", "rule"],
                name="one_exception_per_rule",
                violation_error_code="unique",
                violation_error_message=_(
                    "This application already has an exception for this rule."
                ),
            )
        ]

    def __str__(self) -> str:
        return f"{self.rule}: {self.reason[:60]}"
