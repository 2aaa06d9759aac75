import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests import factories

pytestmark = pytest.mark.django_db


def test_programme_staff_cannot_raise_anyones_privileges(client):
    staff = factories.StaffFactory()
    client.force_login(staff)
    page = client.get(f"/admin/accounts/user/{staff.pk}/change/")
    assert page.status_code == 200  # staff may look people up ...
    assert 'name="is_superuser"' not in page.content.decode()  # ... but not change rights
    response = client.post(
        f"/admin/accounts/user/{staff.pk}/change/",
        {"email": staff.email, "is_superuser": "on", "is_staff": "on"},
    )
    assert response.status_code == 403
    staff.refresh_from_db()
    assert staff.is_superuser is False


def test_superuser_sees_privilege_fields_as_editable(client):
    admin_user = factories.StaffFactory(is_superuser=True)
    client.force_login(admin_user)
    page = client.get(f"/admin/accounts/user/{admin_user.pk}/change/").content.decode()
    assert 'name="is_superuser"' in page


def test_user_list_query_count_does_not_grow_with_users(client):
    admin_user = factories.StaffFactory(is_superuser=True)
    client.force_login(admin_user)
    client.get("/admin/accounts/user/")

    with CaptureQueriesContext(connection) as few:
        client.get("/admin/accounts/user/")
    factories.UserFactory.create_batch(30)
    with CaptureQueriesContext(connection) as many:
        client.get("/admin/accounts/user/")
    assert len(many.captured_queries) == len(few.captured_queries)
