"""Reads of the operator identity and the legal pages."""

from datetime import date

from django.utils import timezone

from legal.models import SITE_IDENTITY_PK, DocumentKind, LegalVersion, SiteIdentity


def site_identity() -> SiteIdentity | None:
    return SiteIdentity.objects.filter(pk=SITE_IDENTITY_PK).first()


def published_versions(kind: str):
    """Every published version of a page, newest first."""
    return LegalVersion.objects.filter(document__kind=kind, is_published=True).order_by("-number")


def current_version(kind: str, *, today: date | None = None) -> LegalVersion | None:
    """The version in force: the newest published one whose effective date has come."""
    today = today or timezone.localdate()
    return published_versions(kind).filter(effective_on__lte=today).first()


def upcoming_version(kind: str, *, today: date | None = None) -> LegalVersion | None:
    """A published version announced ahead of its effective date, if there is one."""
    today = today or timezone.localdate()
    return published_versions(kind).filter(effective_on__gt=today).order_by("number").first()


def published_version(kind: str, number: int) -> LegalVersion | None:
    return published_versions(kind).filter(number=number).first()


def current_privacy_version() -> LegalVersion | None:
    return current_version(DocumentKind.PRIVACY)
