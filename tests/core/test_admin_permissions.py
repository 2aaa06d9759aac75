"""Every admin action asks for a permission, and staff without it are refused (item: admin
actions had none, so anyone who could open a list could run them)."""

from types import SimpleNamespace

import pytest
from django.apps import apps as global_apps
from django.contrib import admin
from django.contrib.auth.models import Group, Permission

from accounts.groups import sync_staff_groups
from accounts.rules import REVIEWERS_GROUP, STAFF_GROUP
from challenges.models import Application, ApplicationStatus
from core.models import AuditEntry
from partners.models import BookingStatus
from tests.factories import ApplicationFactory, StaffFactory
from tests.partners.factories import RoomBookingFactory

pytestmark = pytest.mark.django_db


def test_every_admin_action_asks_for_a_permission_the_admin_can_check():
    missing = []
    for model, model_admin in admin.site._registry.items():
        # The site's own actions (delete_selected) and the model admin's.
        for func, name, _description in model_admin._get_base_actions():
            permissions = getattr(func, "allowed_permissions", ())
            if not permissions:
                missing.append(f"{model._meta.label}: {name} asks for no permission")
            for permission in permissions:
                if not callable(getattr(model_admin, f"has_{permission}_permission", None)):
                    missing.append(f"{model._meta.label}: {name} needs has_{permission}_permission")
    assert missing == []


def _staff_with(*codenames):
    """A staff member (MFA on) who holds only `codenames` of challenges and partners."""
    staff = StaffFactory()
    staff.groups.clear()
    staff.user_permissions.set(Permission.objects.filter(codename__in=codenames))
    return staff


def _action_choices(client, url):
    form = client.get(url).context["action_form"]
    if form is None:  # no action at all
        return []
    return [value for value, _label in form.fields["action"].choices if value]


def test_staff_without_the_permission_cannot_select_an_application(client):
    application = ApplicationFactory(status=ApplicationStatus.SHORTLISTED)
    client.force_login(_staff_with("view_application", "change_application", "screen_application"))
    url = "/admin/challenges/application/"
    assert "select" not in _action_choices(client, url)
    assert "move_to_screening" in _action_choices(client, url)
    client.post(url, {"action": "select", "_selected_action": [application.pk]})
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SHORTLISTED
    assert AuditEntry.objects.filter(action="challenges.application.selected").count() == 0


def test_staff_with_the_permission_can_select_an_application(client):
    application = ApplicationFactory(status=ApplicationStatus.SHORTLISTED)
    client.force_login(_staff_with("view_application", "select_application"))
    client.post(
        "/admin/challenges/application/", {"action": "select", "_selected_action": [application.pk]}
    )
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SELECTED


def test_staff_without_the_permission_cannot_approve_a_booking(client):
    booking = RoomBookingFactory(status=BookingStatus.PENDING)
    client.force_login(_staff_with("view_roombooking", "change_roombooking"))
    url = "/admin/partners/roombooking/"
    assert _action_choices(client, url) == []
    client.post(url, {"action": "approve", "_selected_action": [booking.pk]})
    booking.refresh_from_db()
    assert booking.status == BookingStatus.PENDING


def test_a_refusal_in_the_admin_is_shown_as_an_error(client):
    draft = ApplicationFactory(status=ApplicationStatus.DRAFT)
    client.force_login(StaffFactory())
    response = client.post(
        "/admin/challenges/application/",
        {"action": "select", "_selected_action": [draft.pk]},
        follow=True,
    )
    page = response.content.decode()
    assert [m.tags for m in response.context["messages"]] == ["error"]
    assert '<li class="error">' in page
    assert Application.objects.get(pk=draft.pk).status == ApplicationStatus.DRAFT


def test_programme_staff_group_gets_every_permission_but_account_privileges_from_the_migration():
    staff = Group.objects.get(name=STAFF_GROUP)
    codenames = set(staff.permissions.values_list("codename", flat=True))
    custom = {
        "screen_application",
        "assign_reviewers",
        "select_application",
        "publish_results",
        "approve_booking",
    }
    assert custom <= codenames
    assert codenames & {"add_user", "change_user", "delete_user"} == set()
    assert Group.objects.filter(name=REVIEWERS_GROUP).exists()


def test_syncing_the_staff_groups_again_changes_nothing():
    staff = Group.objects.get(name=STAFF_GROUP)
    before = set(staff.permissions.values_list("pk", flat=True))
    sync_staff_groups(global_apps, SimpleNamespace())
    sync_staff_groups(global_apps, SimpleNamespace())
    assert set(staff.permissions.values_list("pk", flat=True)) == before
    assert Group.objects.filter(name__in=[STAFF_GROUP, REVIEWERS_GROUP]).count() == 2
