"""Who runs the service, its legal pages (each published version kept), and the consents
people gave with the version they saw.

`legal` imports only `core`: accounts records sign-up consents through legal.services.
"""

import hashlib

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.i18n import Bilingual

SITE_IDENTITY_PK = 1


class SiteIdentity(models.Model):
    """The operator shown in the footer and on the contact page: one row, edited by staff."""

    programme_name_ko = models.CharField(_("programme name (Korean)"), max_length=100)
    programme_name_en = models.CharField(_("programme name (English)"), max_length=100)
    partners_ko = models.CharField(
        _("partners (Korean)"),
        max_length=200,
        help_text=_("The partners' names as text, e.g. 서울특별시 · BMS · 한국보건산업진흥원."),
    )
    partners_en = models.CharField(_("partners (English)"), max_length=200)
    office_name_ko = models.CharField(_("office (Korean)"), max_length=100)
    office_name_en = models.CharField(_("office (English)"), max_length=100)
    address_ko = models.CharField(_("address (Korean)"), max_length=200)
    address_en = models.CharField(_("address (English)"), max_length=200)
    email = models.EmailField(_("email"))
    phone = models.CharField(_("phone"), max_length=30)
    contact_person_ko = models.CharField(_("contact person (Korean)"), max_length=100)
    contact_person_en = models.CharField(_("contact person (English)"), max_length=100)
    office_hours_ko = models.CharField(_("office hours (Korean)"), max_length=100, blank=True)
    office_hours_en = models.CharField(_("office hours (English)"), max_length=100, blank=True)
    copyright_holder_ko = models.CharField(_("copyright holder (Korean)"), max_length=100)
    copyright_holder_en = models.CharField(_("copyright holder (English)"), max_length=100)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    programme_name = Bilingual("programme_name")
    partners = Bilingual("partners")
    office_name = Bilingual("office_name")
    address = Bilingual("address")
    contact_person = Bilingual("contact_person")
    office_hours = Bilingual("office_hours")
    copyright_holder = Bilingual("copyright_holder")

    class Meta:
        verbose_name = _("operator identity")
        verbose_name_plural = _("operator identity")
        constraints = [
            models.CheckConstraint(
                condition=Q(pk=SITE_IDENTITY_PK), name="legal_siteidentity_single_row"
            )
        ]

    def __str__(self) -> str:
        return self.office_name

    @property
    def fingerprint(self) -> str:
        """Differs whenever any stored value differs: the footer, kept rendered in process
        memory (base.html), is keyed on it."""
        values = "\x1f".join(str(f.value_from_object(self)) for f in self._meta.concrete_fields)
        return hashlib.md5(values.encode(), usedforsecurity=False).hexdigest()

    @property
    def phone_uri(self) -> str:
        return "tel:" + "".join(c for c in self.phone if c.isdigit() or c == "+")


class DocumentKind(models.TextChoices):
    PRIVACY = "privacy", _("Privacy policy")
    TERMS = "terms", _("Terms of use")
    ACCESSIBILITY = "accessibility", _("Accessibility statement")
    CONTACT = "contact", _("Contact")


class LegalDocument(models.Model):
    """One legal page (privacy policy, terms, ...): its versions say what it said when."""

    kind = models.CharField(_("kind"), max_length=20, choices=DocumentKind.choices, unique=True)

    class Meta:
        verbose_name = _("legal page")
        verbose_name_plural = _("legal pages")
        ordering = ["kind"]

    def __str__(self) -> str:
        return self.get_kind_display()


class LegalVersion(models.Model):
    """One version of a legal page. Drafts are edited; a published version never changes
    (consents point at it): a change is a new version (legal.services.start_new_version)."""

    document = models.ForeignKey(
        LegalDocument,
        verbose_name=_("legal page"),
        on_delete=models.PROTECT,
        related_name="versions",
    )
    number = models.PositiveIntegerField(_("version"))
    body_ko = models.TextField(_("text (Korean, Markdown)"))
    body_en = models.TextField(_("text (English, Markdown)"))
    changes_ko = models.CharField(_("what changed (Korean)"), max_length=300, blank=True)
    changes_en = models.CharField(_("what changed (English)"), max_length=300, blank=True)
    effective_on = models.DateField(_("effective date"))
    is_published = models.BooleanField(_("published"), default=False)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    body = Bilingual("body")
    changes = Bilingual("changes")

    class Meta:
        verbose_name = _("legal page version")
        verbose_name_plural = _("legal page versions")
        ordering = ["document", "-number"]
        permissions = [("publish_legalversion", _("Can publish a legal page version"))]
        constraints = [
            models.UniqueConstraint(
                fields=["document", "number"], name="legal_version_number_unique"
            ),
            models.CheckConstraint(
                condition=Q(is_published=False) | Q(published_at__isnull=False),
                name="legal_version_published_has_time",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.document} v{self.number}"


class ConsentItem(models.TextChoices):
    SIGNUP_COLLECTION = "signup_collection", _("Sign-up: collection and use (required)")
    SIGNUP_NEWS = "signup_news", _("Sign-up: programme news by email (optional)")


class ConsentRecord(models.Model):
    """A consent a person gave: which item, the notice's text version, the version of the
    privacy policy in force, and when. Never edited: a later policy version does not change
    what an earlier consent points to."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="consent_records",
    )
    item = models.CharField(_("consent"), max_length=30, choices=ConsentItem.choices)
    notice_version = models.CharField(_("notice version"), max_length=20)
    policy_version = models.ForeignKey(
        LegalVersion,
        verbose_name=_("privacy policy version"),
        on_delete=models.PROTECT,
        related_name="consents",
        null=True,
        blank=True,
    )
    given_at = models.DateTimeField(_("given at"))

    class Meta:
        verbose_name = _("consent record")
        verbose_name_plural = _("consent records")
        ordering = ["-given_at", "-id"]
        indexes = [models.Index(fields=["user", "item"])]

    def __str__(self) -> str:
        return f"{self.get_item_display()} {self.given_at:%Y-%m-%d %H:%M}"
