"""Writes: legal page versions (drafted, edited, published) and consents given."""

from datetime import datetime

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.audit import log_action
from core.exceptions import DomainError
from legal import consents, selectors
from legal.models import ConsentItem, ConsentRecord, LegalDocument, LegalVersion

DRAFT_FIELDS = ["body_ko", "body_en", "changes_ko", "changes_en", "effective_on"]


class VersionPublished(DomainError):
    """A published version is kept as it was: a change needs a new version."""


class ConsentRequired(DomainError):
    """A required consent was not given."""


@transaction.atomic
def start_new_version(document: LegalDocument, *, actor) -> LegalVersion:
    """A new draft of `document`, copied from its newest version (or empty), numbered next.

    Side effects: an audit entry.
    """
    document = LegalDocument.objects.select_for_update().get(pk=document.pk)
    latest = document.versions.order_by("-number").first()
    number = (document.versions.aggregate(top=Max("number"))["top"] or 0) + 1
    version = LegalVersion.objects.create(
        document=document,
        number=number,
        body_ko=latest.body_ko if latest else "",
        body_en=latest.body_en if latest else "",
        effective_on=timezone.localdate(),
    )
    log_action(version, "legal.version.drafted", actor=actor, data={"number": number})
    return version


@transaction.atomic
def save_draft(version: LegalVersion, *, actor, **changes) -> LegalVersion:
    """Change the text or the effective date of a draft; a published version refuses.

    Side effects: an audit entry naming the changed fields.
    """
    if version.pk is not None:
        stored = LegalVersion.objects.select_for_update().get(pk=version.pk)
        if stored.is_published:
            raise VersionPublished(
                _("This version is published and can no longer change. Start a new version.")
            )
    changed = []
    for name, value in changes.items():
        if name not in DRAFT_FIELDS:
            raise ValueError(name)
        if getattr(version, name) != value:
            setattr(version, name, value)
            changed.append(name)
    version.save()
    log_action(version, "legal.version.edited", actor=actor, data={"changed": changed})
    return version


@transaction.atomic
def publish_version(version: LegalVersion, *, actor, now: datetime | None = None) -> LegalVersion:
    """Publish a draft: from then on it never changes and is listed among the versions.

    It is in force from its effective date (announce a change ahead by giving a later date).
    Side effects: an audit entry.
    """
    version = LegalVersion.objects.select_for_update().get(pk=version.pk)
    if version.is_published:
        raise VersionPublished(_("This version is already published."))
    if not version.body_ko.strip() or not version.body_en.strip():
        raise DomainError(_("Write the text in both Korean and English before publishing."))
    version.is_published = True
    version.published_at = now or timezone.now()
    version.save(update_fields=["is_published", "published_at"])
    log_action(
        version,
        "legal.version.published",
        actor=actor,
        data={"number": version.number, "effective_on": version.effective_on},
    )
    return version


@transaction.atomic
def record_signup_consents(
    user, *, collection: bool, news: bool, now: datetime | None = None
) -> list[ConsentRecord]:
    """Record the consents given at sign-up with the notice version, the privacy policy
    version in force and the time. Collection and use is required; news is optional and
    leaves no record when refused.

    Side effects: an audit entry.
    """
    if not collection:
        raise ConsentRequired(
            _("To create an account, agree to the collection and use of personal information.")
        )
    now = now or timezone.now()
    policy = selectors.current_privacy_version()
    given = [ConsentItem.SIGNUP_COLLECTION] + ([ConsentItem.SIGNUP_NEWS] if news else [])
    records = ConsentRecord.objects.bulk_create(
        ConsentRecord(
            user=user,
            item=item,
            notice_version=consents.NOTICE_VERSION,
            policy_version=policy,
            given_at=now,
        )
        for item in given
    )
    log_action(
        user,
        "legal.consents.given",
        actor=user,
        data={
            "items": [str(item) for item in given],
            "notice_version": consents.NOTICE_VERSION,
            "policy_version": policy.number if policy else None,
        },
    )
    return records
