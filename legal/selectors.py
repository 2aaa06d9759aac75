"""Reads of the operator identity and the legal pages."""

from datetime import date

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from legal.models import SITE_IDENTITY_PK, DocumentKind, LegalVersion, SiteIdentity

# Every page's footer shows the operator, so the record is kept in the cache; a save or a
# delete drops it (legal.apps), and the timeout bounds a cache of one process's memory.
SITE_IDENTITY_KEY = "legal:site_identity"
SITE_IDENTITY_SECONDS = 300
_MISSING = object()


def site_identity() -> SiteIdentity | None:
    found = cache.get(SITE_IDENTITY_KEY, _MISSING)
    if found is _MISSING:
        found = SiteIdentity.objects.filter(pk=SITE_IDENTITY_PK).first()
        cache.set(SITE_IDENTITY_KEY, found, SITE_IDENTITY_SECONDS)
    return found


def forget_site_identity(**_signal) -> None:
    """The record changed: read it again, now and once more after the commit (a page built
    in between read the row as it was before)."""
    cache.delete(SITE_IDENTITY_KEY)
    transaction.on_commit(lambda: cache.delete(SITE_IDENTITY_KEY))


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
