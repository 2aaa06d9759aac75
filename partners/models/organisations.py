"""Partner organisations, the people who represent them, and their hours at the hub."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.models import BilingualNameMixin, TherapeuticArea
from core.constraints import UniqueErrorsBesideFields
from core.i18n import Bilingual
from core.models import TimeStampedModel, WeeklyWindow
from core.uploads import random_upload_path


def _image_path(prefix: str, filename: str) -> str:
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "png"
    return random_upload_path(prefix, extension)


def logo_path(instance, filename: str) -> str:
    return _image_path("partner-logos", filename)


def room_photo_path(instance, filename: str) -> str:
    return _image_path("room-photos", filename)


IMAGE_EXTENSIONS = ["png", "jpg", "jpeg", "webp"]
IMAGE_MAX_BYTES = 2 * 1024 * 1024


def validate_image_size(file) -> None:
    if file.size > IMAGE_MAX_BYTES:
        raise ValidationError(
            _("The image is larger than 2 MB. Please upload a smaller one."), code="too_large"
        )


IMAGE_VALIDATORS = [FileExtensionValidator(IMAGE_EXTENSIONS), validate_image_size]


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
    logo = models.ImageField(
        _("logo"), upload_to=logo_path, blank=True, max_length=200, validators=IMAGE_VALIDATORS
    )
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

    looking_for_ko = models.TextField(
        _("what we look for (Korean)"),
        blank=True,
        help_text=_("Technologies, stages and kinds of collaboration the partner is open to."),
    )
    looking_for_en = models.TextField(_("what we look for (English)"), blank=True)
    office_location_ko = models.CharField(
        _("office at the hub (Korean)"), max_length=200, blank=True
    )
    office_location_en = models.CharField(
        _("office at the hub (English)"), max_length=200, blank=True
    )

    description = Bilingual("description")
    looking_for = Bilingual("looking_for")
    office_location = Bilingual("office_location")

    def get_absolute_url(self) -> str:
        return reverse("partners:detail", args=[self.slug])


class PartnerMemberRole(models.TextChoices):
    REP = "rep", _("Representative")
    MANAGER = "manager", _("Manager")


class PartnerMember(UniqueErrorsBesideFields, TimeStampedModel):
    """A person who represents a partner organisation on the platform."""

    partner = models.ForeignKey(
        Partner, on_delete=models.CASCADE, related_name="members", verbose_name=_("partner")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="partner_memberships",
        verbose_name=_("user"),
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
            models.UniqueConstraint(
                fields=["partner", "user"],
                name="partners_member_unique",
                violation_error_code="unique",
                violation_error_message=_("This person already represents this partner."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.partner})"


class OfficeHours(WeeklyWindow):
    """When a partner's people are at the hub, in Seoul time (shown on its profile)."""

    partner = models.ForeignKey(
        Partner, on_delete=models.CASCADE, related_name="office_hours", verbose_name=_("partner")
    )

    class Meta(WeeklyWindow.Meta):
        verbose_name = _("office hours")
        verbose_name_plural = _("office hours")
