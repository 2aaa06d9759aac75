import secrets
import zoneinfo
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import (
    AbstractBaseUser,
    BaseUserManager,
    PermissionsMixin,
)
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.validators import (
    SEOUL_DISTRICTS,
    district_in_language,
    format_business_number,
    validate_business_number,
)
from core.constraints import UniqueErrorsBesideFields
from core.i18n import Bilingual, BilingualNameMixin
from core.models import TimeStampedModel

TIME_ZONE_CHOICES = sorted((tz, tz.replace("_", " ")) for tz in zoneinfo.available_timezones())


def validate_time_zone(value: str) -> None:
    # Not field choices: the list comes from tzdata and would churn migrations on upgrades.
    if value not in zoneinfo.available_timezones():
        raise ValidationError(_("%(value)s is not a known time zone."), params={"value": value})


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An email address is required")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)

    def get_by_natural_key(self, email):
        return self.get(email__iexact=email)


class User(UniqueErrorsBesideFields, AbstractBaseUser, PermissionsMixin):
    """A person. Signs in with their email address; sees pages in their language and zone."""

    email = models.EmailField(_("email address"), max_length=254, unique=True)
    name = models.CharField(_("name"), max_length=150, blank=True)
    language = models.CharField(
        _("language"), max_length=8, choices=settings.LANGUAGES, default="ko"
    )
    time_zone = models.CharField(
        _("time zone"),
        max_length=64,
        default="Asia/Seoul",
        validators=[validate_time_zone],
    )
    is_staff = models.BooleanField(
        _("staff status"),
        default=False,
        help_text=_("Programme staff: may sign in to the admin (with two-factor authentication)."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)
    # A mobile number for KakaoTalk/SMS notifications: given with its own consent, verified
    # by a one-time code (accounts.phone), stored in E.164 (+821012345678).
    phone = models.CharField(_("mobile phone number"), max_length=20, blank=True)
    phone_verified_at = models.DateTimeField(_("phone verified at"), null=True, blank=True)
    phone_consent_at = models.DateTimeField(_("phone consent given at"), null=True, blank=True)
    kakao_opt_in = models.BooleanField(
        _("KakaoTalk/SMS notifications"),
        default=False,
        help_text=_("Reminders, results and schedule changes by KakaoTalk, or SMS as fallback."),
    )

    objects = UserManager()

    EMAIL_FIELD = "email"
    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = ["name"]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                name="accounts_user_email_ci_unique",
                violation_error_code="unique",
                violation_error_message=_("An account with this email address already exists."),
            ),
        ]

    unique_error_fields = {"accounts_user_email_ci_unique": "email"}

    def __str__(self) -> str:
        return self.name or self.email

    def clean(self):
        super().clean()
        self.email = self.__class__.objects.normalize_email(self.email).lower()

    def validate_unique(self, exclude=None):
        # The case-insensitive constraint (validate_constraints) already says it, and better:
        # the field's own exact-match check would add a second message beside the field.
        super().validate_unique(exclude={*(exclude or ()), "email"})

    def get_full_name(self) -> str:
        return self.name or self.email

    @property
    def messaging_phone(self) -> str:
        """The number KakaoTalk/SMS may use: verified, consented and chosen; else ""."""
        if self.phone and self.phone_verified_at and self.phone_consent_at and self.kakao_opt_in:
            return self.phone
        return ""

    @property
    def masked_phone(self) -> str:
        """+82 10-****-5678: enough to recognise one's own number, not to read it."""
        if not self.phone:
            return ""
        return f"{self.phone[:3]} {self.phone[3:5]}-****-{self.phone[-4:]}"

    def get_short_name(self) -> str:
        return self.name or self.email.split("@")[0]


class TherapeuticArea(BilingualNameMixin):
    """Reference data shared by every app: oncology, hematology, immunology, and more."""

    slug = models.SlugField(_("slug"), unique=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("therapeutic area")
        verbose_name_plural = _("therapeutic areas")
        ordering = ["sort_order", "slug"]


class StartupKind(models.TextChoices):
    COMPANY = "company", _("Company (registered business)")
    PRE_FOUNDER = "pre_founder", _("Pre-founder (예비창업자, not yet registered)")


class Startup(TimeStampedModel):
    """A company or a pre-founder team that applies to the programme."""

    name = models.CharField(_("name"), max_length=200)
    name_en = models.CharField(_("name in English"), max_length=200, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=StartupKind.choices)
    business_number = models.CharField(
        _("business registration number"),
        max_length=10,
        blank=True,
        validators=[validate_business_number],
        help_text=_("10 digits, as on your registration certificate (사업자등록증)."),
    )
    district = models.CharField(
        _("district (자치구)"),
        max_length=10,
        blank=True,
        choices=[(ko, f"{ko} · {en}") for ko, en in SEOUL_DISTRICTS],
        help_text=_("Leave empty if the startup is not based in Seoul."),
    )
    address = models.CharField(_("street address"), max_length=300, blank=True)
    founded_on = models.DateField(
        _("business start date"),
        null=True,
        blank=True,
        help_text=_("The start date on your business registration (개업연월일)."),
    )
    website = models.URLField(_("website"), blank=True)
    therapeutic_areas = models.ManyToManyField(
        TherapeuticArea,
        verbose_name=_("therapeutic areas"),
        blank=True,
        related_name="startups",
    )
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        through="StartupMembership",
        related_name="startups",
        verbose_name=_("members"),
    )

    class Meta:
        verbose_name = _("startup")
        verbose_name_plural = _("startups")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["business_number"],
                condition=~models.Q(business_number=""),
                name="accounts_startup_business_number_unique",
                violation_error_code="unique",
                violation_error_message=_(
                    "A startup with this business registration number is already registered. "
                    "If it is your company, ask the person who registered it to invite you."
                ),
            ),
            models.CheckConstraint(
                condition=models.Q(kind="pre_founder") | ~models.Q(business_number=""),
                name="accounts_startup_company_has_business_number",
            ),
        ]

    # The name in the active language: the English name on English pages (and in English
    # emails and calendar invites) when one is stored, the registered name otherwise.
    name_display = Bilingual("name", korean="name")

    def __str__(self) -> str:
        return self.name_display

    def name_in(self, language: str) -> str:
        """The name for a reader of `language` (an email's recipient, a calendar invite's)."""
        return (self.name_en or self.name) if language == "en" else self.name

    def get_absolute_url(self) -> str:
        return reverse("accounts:startup_detail", args=[self.pk])

    @property
    def is_seoul_based(self) -> bool:
        return bool(self.district)

    @property
    def district_display(self) -> str:
        """The district in the active language ("Dongdaemun-gu" on English pages)."""
        return district_in_language(self.district)

    @property
    def business_number_display(self) -> str:
        return format_business_number(self.business_number)


class MembershipRole(models.TextChoices):
    OWNER = "owner", _("Owner")
    MEMBER = "member", _("Member")


class StartupMembership(TimeStampedModel):
    startup = models.ForeignKey(
        Startup, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("startup")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="startup_memberships",
        verbose_name=_("user"),
    )
    role = models.CharField(
        _("role"),
        max_length=10,
        choices=MembershipRole.choices,
        default=MembershipRole.MEMBER,
    )

    class Meta:
        verbose_name = _("startup member")
        verbose_name_plural = _("startup members")
        constraints = [
            models.UniqueConstraint(fields=["startup", "user"], name="accounts_membership_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.startup}"


def new_invitation_token() -> str:
    return secrets.token_urlsafe(32)


class StartupInvitation(TimeStampedModel):
    """A founder invites a co-founder by email; the link lets them join after signing in."""

    VALID_DAYS = 14

    startup = models.ForeignKey(
        Startup, on_delete=models.CASCADE, related_name="invitations", verbose_name=_("startup")
    )
    email = models.EmailField(_("email address"))
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("invited by"),
    )
    token = models.CharField(
        max_length=64, unique=True, default=new_invitation_token, verbose_name=_("invitation token")
    )
    accepted_at = models.DateTimeField(null=True, blank=True, verbose_name=_("accepted at"))
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("accepted by"),
    )

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.email} → {self.startup}"

    @property
    def is_expired(self) -> bool:
        return self.created_at < timezone.now() - timedelta(days=self.VALID_DAYS)


# Split by responsibility (accounts/models_privacy.py, accounts/models_phone.py); Django and
# every caller import them from here.
from accounts.models_phone import PhoneVerification  # noqa: E402, F401
from accounts.models_privacy import (  # noqa: E402, F401
    PRIVACY_REQUEST_DAYS,
    PRIVACY_REQUEST_TRANSITIONS,
    PrivacyRequest,
    PrivacyRequestKind,
    PrivacyRequestStatus,
)
