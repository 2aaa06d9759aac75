"""The admin's navigation sidebar is kept per person, language and section
(accounts/templatetags/admin_sidebar.py): it changes with the person's permissions, the page's
section, the language and the site identity, and is otherwise built once."""

import re

import pytest
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.templatetags.admin_sidebar import section
from legal.models import SiteIdentity
from tests import factories

pytestmark = pytest.mark.django_db

APPLICATIONS = "/admin/challenges/application/"
EVENTS = "/admin/events/event/"


def sidebar(client, path=APPLICATIONS, **headers) -> str:
    response = client.get(path, **headers)
    assert response.status_code == 200, path
    html = response.content.decode()
    start = html.index('<nav class="sticky" id="nav-sidebar"')
    return html[start : html.index("</nav>", start)]


def current_models(html: str) -> list[str]:
    return re.findall(r'<tr class="model-(\w+) current-model">', html)


def staff_with(*codenames):
    staff = factories.StaffFactory()
    staff.groups.clear()
    staff.user_permissions.set(Permission.objects.filter(codename__in=codenames))
    return staff


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/admin/", "/admin/"),
        ("/admin/challenges/", "/admin/challenges/"),
        ("/admin/challenges/application/", "/admin/challenges/application/"),
        ("/admin/challenges/application/7/change/", "/admin/challenges/application/"),
        ("/admin/challenges/application/add/", "/admin/challenges/application/"),
        ("/elsewhere/", "/elsewhere/"),
    ],
)
def test_a_page_is_in_the_section_of_its_model(path, expected):
    assert section(path, "/admin/") == expected


def test_a_permission_given_or_taken_shows_on_the_next_page(client):
    staff = staff_with("view_application")
    client.force_login(staff)
    assert EVENTS not in sidebar(client)
    assert EVENTS not in sidebar(client)  # kept
    group = Group.objects.create(name="events desk")
    group.permissions.add(Permission.objects.get(codename="view_event"))
    staff.groups.add(group)
    assert EVENTS in sidebar(client)
    group.permissions.clear()
    assert EVENTS not in sidebar(client)


def test_the_sidebar_marks_the_section_of_the_page(client):
    client.force_login(factories.StaffFactory(is_superuser=True))
    application = factories.ApplicationFactory()
    factories.EventFactory()
    assert current_models(sidebar(client, APPLICATIONS)) == ["application"]
    assert current_models(sidebar(client, EVENTS)) == ["event"]
    change = f"{APPLICATIONS}{application.pk}/change/"
    assert current_models(sidebar(client, change)) == ["application"]


def test_the_sidebar_reads_in_the_persons_language(client):
    staff = factories.StaffFactory(is_superuser=True, language="ko")
    client.force_login(staff)
    assert "지원서" in sidebar(client)
    staff.language = "en"
    staff.save()
    assert ">Applications</a>" in sidebar(client)


def test_the_site_identity_add_link_goes_once_it_exists(client):
    client.force_login(factories.StaffFactory(is_superuser=True))
    SiteIdentity.objects.all().delete()
    add = "/admin/legal/siteidentity/add/"
    assert add in sidebar(client)
    SiteIdentity.objects.create(pk=1, programme_name_ko="바이오허브", programme_name_en="BioHub")
    assert add not in sidebar(client)


def test_a_kept_sidebar_asks_the_admins_nothing_until_the_section_changes(client):
    """Building the sidebar asks each admin what the person may do, the site identity's
    whether one exists yet (a query no other part of the page makes)."""
    client.force_login(factories.StaffFactory(is_superuser=True))

    def asks_the_site_identity(path) -> bool:
        with CaptureQueriesContext(connection) as queries:
            sidebar(client, path)
        return any('FROM "legal_siteidentity"' in q["sql"] for q in queries.captured_queries)

    assert asks_the_site_identity(APPLICATIONS)
    assert not asks_the_site_identity(f"{APPLICATIONS}?o=1")  # the same section: kept
    assert asks_the_site_identity(EVENTS)
    assert not asks_the_site_identity(EVENTS)


def test_every_apps_page_opens_with_its_models_named_in_korean(client):
    """/admin/<app>/ (the sidebar's and the breadcrumbs' app links)."""
    client.force_login(factories.StaffFactory(is_superuser=True, language="ko"))
    for app in ("accounts", "challenges", "events", "mfa", "legal", "partners"):
        response = client.get(f"/admin/{app}/")
        assert response.status_code == 200, app
    assert "2단계 인증" in client.get("/admin/mfa/").content.decode()
