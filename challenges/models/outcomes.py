"""Outcomes after selection: surveys of selected and not-selected applicants at 1, 3 and 5
years (the not-selected ones are the comparison group), and the consent to be contacted.

One OutcomeSurvey per call and year after the results; one OutcomeResponse per application
asked. The link in the email is signed and carries the response's nonce: a reminder gives a
new link and the old one stops working (services.outcomes).
"""

import secrets

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import TimeStampedModel


def new_nonce() -> str:
    return secrets.token_urlsafe(12)


class OutcomeConsent(models.Model):
    """The applicant's answer to 'may we contact you about your outcomes for five years?'
    (optional; asked in the application, existing applicants asked once by email)."""

    application = models.OneToOneField(
        "challenges.Application",
        on_delete=models.CASCADE,
        related_name="outcome_consent",
        verbose_name=_("application"),
    )
    agreed = models.BooleanField(_("agreed to be contacted"))
    version = models.CharField(_("text version"), max_length=20)
    answered_at = models.DateTimeField(_("answered at"))

    class Meta:
        verbose_name = _("consent to outcome surveys")
        verbose_name_plural = _("consents to outcome surveys")

    def __str__(self) -> str:
        return f"{self.application_id}: {self.agreed}"


class OutcomeSurvey(TimeStampedModel):
    challenge = models.ForeignKey(
        "challenges.Challenge",
        on_delete=models.PROTECT,
        related_name="outcome_surveys",
        verbose_name=_("challenge"),
    )
    years_after = models.PositiveSmallIntegerField(
        _("years after the results"), validators=[MinValueValidator(1), MaxValueValidator(10)]
    )
    opens_at = models.DateTimeField(_("opens"))
    closes_at = models.DateTimeField(_("closes"))
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("outcome survey")
        verbose_name_plural = _("outcome surveys")
        ordering = ["challenge", "years_after"]
        constraints = [
            models.UniqueConstraint(
                fields=["challenge", "years_after"], name="one_outcome_survey_per_call_and_year"
            ),
            models.CheckConstraint(
                condition=models.Q(closes_at__gt=models.F("opens_at")),
                name="outcome_survey_closes_after_opening",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.challenge} +{self.years_after}"


class RevenueBand(models.TextChoices):
    NONE = "none", _("No revenue")
    UNDER_100M = "lt_100m", _("Under 100 million won")
    UNDER_1B = "lt_1b", _("100 million to 1 billion won")
    UNDER_10B = "lt_10b", _("1 to 10 billion won")
    OVER_10B = "ge_10b", _("10 billion won or more")


class InvestmentRound(models.TextChoices):
    NONE = "none", _("None")
    SEED = "seed", _("Seed")
    PRE_A = "pre_a", _("Pre-Series A")
    SERIES_A = "series_a", _("Series A")
    SERIES_B = "series_b", _("Series B or later")
    IPO = "ipo", _("IPO")


class ClinicalStage(models.TextChoices):
    DISCOVERY = "discovery", _("Discovery")
    PRECLINICAL = "preclinical", _("Preclinical")
    IND = "ind", _("IND filed")
    PHASE_1 = "phase_1", _("Phase 1")
    PHASE_2 = "phase_2", _("Phase 2")
    PHASE_3 = "phase_3", _("Phase 3 or later")
    NOT_APPLICABLE = "n_a", _("Not applicable")


class OutcomeResponse(TimeStampedModel):
    """One applicant's answers to one survey; editable until the survey closes."""

    survey = models.ForeignKey(
        OutcomeSurvey, on_delete=models.CASCADE, related_name="responses", verbose_name=_("survey")
    )
    application = models.ForeignKey(
        "challenges.Application",
        on_delete=models.CASCADE,
        related_name="outcome_responses",
        verbose_name=_("application"),
    )
    selected = models.BooleanField(_("was selected"))
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("asked"),
    )
    nonce = models.CharField(_("link nonce"), max_length=32, default=new_nonce, editable=False)
    link_used_at = models.DateTimeField(_("link first opened at"), null=True, blank=True)
    reminder_sent_at = models.DateTimeField(_("reminder sent at"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    still_operating = models.BooleanField(_("still operating"), null=True)
    employees = models.PositiveIntegerField(_("employees"), null=True, blank=True)
    revenue_band = models.CharField(
        _("revenue last year"), max_length=10, choices=RevenueBand.choices, blank=True
    )
    investment_krw = models.BigIntegerField(
        _("follow-on investment (KRW)"), null=True, blank=True, validators=[MinValueValidator(0)]
    )
    investment_round = models.CharField(
        _("latest round"), max_length=10, choices=InvestmentRound.choices, blank=True
    )
    patents_filed = models.PositiveIntegerField(_("patents filed"), null=True, blank=True)
    patents_granted = models.PositiveIntegerField(_("patents granted"), null=True, blank=True)
    clinical_stage = models.CharField(
        _("clinical stage reached"), max_length=12, choices=ClinicalStage.choices, blank=True
    )
    partnerships = models.TextField(_("partnerships"), blank=True)
    partnered_with_bms = models.BooleanField(_("partnership with BMS"), null=True)
    help_rating = models.PositiveSmallIntegerField(
        _("how much the programme helped (1–5)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    help_text = models.TextField(_("how the programme helped"), blank=True)

    class Meta:
        verbose_name = _("outcome survey response")
        verbose_name_plural = _("outcome survey responses")
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "application"], name="one_outcome_response_per_application"
            )
        ]

    def __str__(self) -> str:
        return f"{self.survey} · {self.application_id}"


ANSWER_FIELDS = [
    "still_operating",
    "employees",
    "revenue_band",
    "investment_krw",
    "investment_round",
    "patents_filed",
    "patents_granted",
    "clinical_stage",
    "partnerships",
    "partnered_with_bms",
    "help_rating",
    "help_text",
]
