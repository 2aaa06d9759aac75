import pytest
from django.contrib import admin
from django.test import RequestFactory

from core.audit import history_for, log_action
from core.models import AuditEntry
from tests import factories


@pytest.mark.django_db
def test_log_action_records_who_what_and_details():
    actor = factories.UserFactory()
    startup = factories.StartupFactory()
    entry = log_action(startup, "accounts.startup.updated", actor=actor, data={"changed": ["name"]})
    assert (entry.actor, entry.action, entry.data, entry.target) == (
        actor,
        "accounts.startup.updated",
        {"changed": ["name"]},
        startup,
    )
    assert list(history_for(startup)) == [entry]


@pytest.mark.django_db
def test_audit_log_is_read_only_in_the_admin():
    staff = factories.StaffFactory()
    request = RequestFactory().get("/admin/core/auditentry/")
    request.user = staff
    model_admin = admin.site._registry[AuditEntry]
    entry = log_action(factories.StartupFactory(), "x.y.z", actor=staff)
    assert model_admin.has_view_permission(request, entry) is True
    assert model_admin.has_add_permission(request) is False
    assert model_admin.has_change_permission(request, entry) is False
    assert model_admin.has_delete_permission(request, entry) is False
