from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.models import BilingualNameMixin, TherapeuticArea
from core.i18n import Bilingual
from core.models import TimeStampedModel


class PartnerKind(models.TextChoices):
    PHARMA = "pharma", _("Pharmaceutical company")
    PUBLIC_AGENCY = "public_agency", _("Public agency")
    CITY = "city", _("City government")
    INVESTOR = "investor", _("Investor")
    OTHER = "other", _("Other")


class Partner(BilingualNameMixin, TimeStampedModel):
    """An organisation in the programme: the three founders and the hub's tenants."""

    slug = models.SlugField(_("slug"), unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=PartnerKind.choices)
    country = models.CharField(_("country"), max_length=2, default="KR")
    website = models.URLField(_("website"), blank=True)
    description_ko = models.TextField(_("description (Korean)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    areas_of_interest = models.ManyToManyField(
        TherapeuticArea,
        verbose_name=_("areas of interest"),
        blank=True,
        related_name="partners",
    )
    is_programme_founder = models.BooleanField(
        _("programme partner"),
        default=False,
        help_text=_("One of the three partners that run the programme (Seoul, BMS, KHIDI)."),
    )
    is_tenant = models.BooleanField(_("tenant of the Global Cooperation Building"), default=False)
    is_published = models.BooleanField(_("published"), default=False)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("partner")
        verbose_name_plural = _("partners")
        ordering = ["sort_order", "slug"]

    description = Bilingual("description")


class PartnerMemberRole(models.TextChoices):
    REP = "rep", _("Representative")
    MANAGER = "manager", _("Manager")


class PartnerMember(TimeStampedModel):
    """A person who represents a partner organisation on the platform."""

    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="partner_memberships",
    )
    role = models.CharField(
        _("role"),
        max_length=10,
        choices=PartnerMemberRole.choices,
        default=PartnerMemberRole.REP,
    )

    class Meta:
        verbose_name = _("partner member")
        verbose_name_plural = _("partner members")
        constraints = [
            models.UniqueConstraint(fields=["partner", "user"], name="partners_member_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.partner})"
