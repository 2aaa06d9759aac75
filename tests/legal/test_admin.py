"""Staff edit drafts and publish them in the admin; published versions stay as they were."""

import pytest
from django.contrib.auth.models import Permission

from legal.models import DocumentKind, LegalVersion
from tests.factories import StaffFactory

pytestmark = pytest.mark.django_db
LIST = "/admin/legal/legalversion/"


def first_privacy_version() -> LegalVersion:
    return LegalVersion.objects.get(document__kind=DocumentKind.PRIVACY, number=1)


def staff_with(*codenames):
    staff = StaffFactory()
    staff.groups.clear()
    staff.user_permissions.set(Permission.objects.filter(codename__in=codenames))
    return staff


def test_staff_start_a_new_version_and_publish_it(client):
    client.force_login(StaffFactory())
    version = first_privacy_version()
    client.post(LIST, {"action": "start_new_version", "_selected_action": [version.pk]})
    draft = LegalVersion.objects.get(document=version.document, number=2)
    client.post(LIST, {"action": "publish", "_selected_action": [draft.pk]})
    draft.refresh_from_db()
    assert draft.is_published is True


def test_staff_without_the_publish_permission_cannot_publish(client):
    client.force_login(staff_with("view_legalversion", "change_legalversion", "add_legalversion"))
    version = first_privacy_version()
    client.post(LIST, {"action": "start_new_version", "_selected_action": [version.pk]})
    draft = LegalVersion.objects.get(document=version.document, number=2)
    client.post(LIST, {"action": "publish", "_selected_action": [draft.pk]})
    draft.refresh_from_db()
    assert draft.is_published is False


def test_a_published_version_cannot_be_changed_in_the_admin(client):
    client.force_login(StaffFactory())
    version = first_privacy_version()
    url = f"{LIST}{version.pk}/change/"
    client.post(url, {"body_ko": "고친 글", "body_en": "Edited", "effective_on": "2026-12-01"})
    version.refresh_from_db()
    assert version.body_ko != "고친 글"
    assert client.get(url).context["has_change_permission"] is False
