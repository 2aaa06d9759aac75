"""Legal page versions and consents: published text never changes, consents keep the version
the person saw."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from core.models import AuditEntry
from legal import selectors, services
from legal.consents import NOTICE_VERSION
from legal.models import ConsentItem, ConsentRecord, DocumentKind, LegalDocument, LegalVersion
from tests.factories import StaffFactory, UserFactory

pytestmark = pytest.mark.django_db

SEOUL = ZoneInfo("Asia/Seoul")
NOW = datetime(2026, 12, 10, 9, 30, tzinfo=SEOUL)


def privacy() -> LegalDocument:
    return LegalDocument.objects.get(kind=DocumentKind.PRIVACY)


def publish_new_privacy_version(*, body_ko: str, effective_on: date) -> LegalVersion:
    staff = StaffFactory()
    draft = services.start_new_version(privacy(), actor=staff)
    services.save_draft(draft, actor=staff, body_ko=body_ko, effective_on=effective_on)
    return services.publish_version(draft, actor=staff)


@time_machine.travel(NOW, tick=False)
def test_a_new_policy_version_does_not_change_what_an_old_consent_points_to():
    first = selectors.current_privacy_version()
    first_text = first.body_ko
    person = UserFactory()
    (record,) = services.record_signup_consents(person, collection=True, news=False)

    second = publish_new_privacy_version(body_ko="## 바뀐 방침", effective_on=date(2026, 12, 10))

    record.refresh_from_db()
    first.refresh_from_db()
    assert selectors.current_privacy_version() == second
    assert (record.policy_version, record.policy_version.number) == (first, 1)
    assert first.body_ko == first_text
    assert (second.number, second.body_en) == (2, first.body_en)  # copied, then edited


@time_machine.travel(NOW, tick=False)
def test_signup_consents_record_item_notice_version_policy_version_and_time():
    person = UserFactory()
    services.record_signup_consents(person, collection=True, news=True)
    policy = selectors.current_privacy_version()
    assert list(
        ConsentRecord.objects.filter(user=person)
        .order_by("item")
        .values_list("item", "notice_version", "policy_version", "given_at")
    ) == [
        (ConsentItem.SIGNUP_COLLECTION, NOTICE_VERSION, policy.pk, NOW),
        (ConsentItem.SIGNUP_NEWS, NOTICE_VERSION, policy.pk, NOW),
    ]
    entry = AuditEntry.objects.get(action="legal.consents.given")
    assert entry.data == {
        "items": ["signup_collection", "signup_news"],
        "notice_version": NOTICE_VERSION,
        "policy_version": policy.number,
    }


def test_a_refused_optional_consent_leaves_no_record():
    person = UserFactory()
    services.record_signup_consents(person, collection=True, news=False)
    assert list(ConsentRecord.objects.filter(user=person).values_list("item", flat=True)) == [
        ConsentItem.SIGNUP_COLLECTION
    ]


def test_the_required_consent_cannot_be_skipped():
    person = UserFactory()
    with pytest.raises(services.ConsentRequired):
        services.record_signup_consents(person, collection=False, news=True)
    assert ConsentRecord.objects.filter(user=person).count() == 0


def test_a_published_version_cannot_be_edited():
    version = selectors.current_privacy_version() or privacy().versions.get(number=1)
    with pytest.raises(services.VersionPublished):
        services.save_draft(version, actor=StaffFactory(), body_ko="고친 글")
    version.refresh_from_db()
    assert version.body_ko != "고친 글"


def test_a_version_is_published_once():
    version = privacy().versions.get(number=1)
    with pytest.raises(services.VersionPublished):
        services.publish_version(version, actor=StaffFactory())


@time_machine.travel(NOW, tick=False)
def test_publishing_records_the_time_and_an_audit_entry():
    staff = StaffFactory()
    draft = services.start_new_version(privacy(), actor=staff)
    assert (draft.number, draft.is_published) == (2, False)
    services.publish_version(draft, actor=staff)
    draft.refresh_from_db()
    assert (draft.is_published, draft.published_at) == (True, NOW)
    assert list(
        AuditEntry.objects.filter(object_id=str(draft.pk), action__startswith="legal.version")
        .order_by("id")
        .values_list("action", flat=True)
    ) == ["legal.version.drafted", "legal.version.published"]


@time_machine.travel(NOW, tick=False)
def test_a_version_announced_for_later_is_not_yet_in_force():
    first = selectors.current_privacy_version()
    later = publish_new_privacy_version(body_ko="## 다음 방침", effective_on=date(2026, 12, 20))
    assert selectors.current_privacy_version() == first
    assert selectors.upcoming_version(DocumentKind.PRIVACY) == later
