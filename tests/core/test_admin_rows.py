"""The big admin lists render their rows a column at a time (core.admin_rows) and link them
once per page (core.admin.BigChangeList): the HTML is Django's, cell for cell, in both
languages, filtered or not, in a popup or not."""

import io

import pytest
from django.contrib import admin
from django.contrib.admin.templatetags.admin_list import items_for_result
from django.contrib.admin.views.main import ChangeList
from django.core.management import call_command
from django.test import RequestFactory
from django.urls import resolve, reverse
from django.utils import translation

from challenges.models import Application
from core.admin import BigChangeList, BigListAdminMixin
from core.admin_rows import rows
from core.models import AuditEntry
from notifications.models import Notification
from tests import factories

pytestmark = pytest.mark.django_db

BIG = [
    (model, model_admin)
    for model, model_admin in admin.site._registry.items()
    if isinstance(model_admin, BigListAdminMixin)
]


def plain(model_admin):
    """The same admin with Django's own ChangeList (a subclass, not a patch)."""
    django_admin = type(
        "DjangoRows", (type(model_admin),), {"get_changelist": lambda self, r, **k: ChangeList}
    )
    return django_admin(model_admin.model, model_admin.admin_site)


def listed(model_admin, query: dict, user):
    """The list's ChangeList for a request to its page (resolved, as the admin's are: the
    rows' links keep the query only then)."""
    opts = model_admin.opts
    path = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
    request = RequestFactory().get(path, query)
    request.user, request.resolver_match = user, resolve(path)
    return model_admin.get_changelist_instance(request)


@pytest.fixture
def superuser():
    """The demo's data, and a row of each big list the demo leaves empty."""
    call_command("seed_demo", stdout=io.StringIO())
    factories.GrantFactory()
    factories.SessionFactory()
    factories.RegistrationFactory()
    return factories.StaffFactory(is_superuser=True)


def test_the_big_lists_are_found():
    assert {Application, AuditEntry, Notification} <= {model for model, _admin in BIG}


@pytest.mark.parametrize(("model", "model_admin"), BIG, ids=[m._meta.label for m, _a in BIG])
@pytest.mark.parametrize("language", ["ko", "en"])
@pytest.mark.parametrize("how", ["whole", "filtered", "popup"])
def test_the_rows_are_djangos_cell_for_cell(superuser, model, model_admin, language, how):
    # sorted by the second column, newest first: the rows' links keep the list's query
    query = {"whole": {}, "filtered": {"o": "-2"}, "popup": {"_popup": "1"}}[how]
    with translation.override(language):
        ours = listed(model_admin, query, superuser)
        theirs = listed(plain(model_admin), query, superuser)
        assert isinstance(ours, BigChangeList)
        assert not isinstance(theirs, BigChangeList)
        expected = ["".join(items_for_result(theirs, row, None)) for row in theirs.result_list]
        found = [row[0] for row in rows(ours)]
    assert expected, f"the demo data has no {model._meta.verbose_name_plural}"
    assert ("_changelist_filters=o%3D-2" in expected[0]) == (how == "filtered")
    assert found == expected


def test_a_row_link_escapes_a_key_the_address_cannot_hold(superuser):
    model_admin = admin.site._registry[Notification]
    query = {"status__exact": "queued"}
    ours = listed(model_admin, query, superuser)
    theirs = listed(plain(model_admin), query, superuser)
    row = Notification(pk="키 a/b?")  # never saved: only its key is read
    assert ours.url_for_result(row) == f"{theirs.url_for_result(row)}?{theirs.preserved_filters}"
    assert "%ED%82%A4%20a_2Fb_3F" in ours.url_for_result(row)
