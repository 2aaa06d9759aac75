"""Admin lists that reach 100,000 rows cost the same at 1 and 50 rows (DESIGN.md §3): a count
that stops at 10,001, no facet counts, no date hierarchy, no filter that lists its choices with
a DISTINCT over the table."""

from datetime import timedelta

import pytest
from django.contrib import admin
from django.core.paginator import EmptyPage
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from challenges.models import Application, Grant, ReviewAssignment, Tranche
from core.admin import CappedCount, CappedCountPaginator
from core.audit import log_action, registered_actions
from core.models import AuditEntry
from events.models import Registration
from mentoring.models import Session
from notifications.admin import KindFilter, known_kinds
from notifications.models import Notification
from tests import factories

pytestmark = pytest.mark.django_db

BIG_LISTS = [
    Application,
    ReviewAssignment,
    Grant,
    Tranche,
    Registration,
    Session,
    AuditEntry,
    Notification,
]


class CapOfThree(CappedCountPaginator):
    cap = 3


@pytest.fixture
def five_applications():
    challenge = factories.ChallengeFactory()
    return [factories.ApplicationFactory(challenge=challenge) for _ in range(5)]


def test_capped_paginator_counts_at_most_one_row_past_the_cap(five_applications):
    paginator = CapOfThree(Application.objects.order_by("pk"), 2)
    with CaptureQueriesContext(connection) as queries:
        count = paginator.count
    assert (count, str(count), paginator.capped) == (4, "3+", True)
    assert len(queries) == 1
    assert "LIMIT 4" in queries[0]["sql"]


def test_capped_paginator_still_opens_the_pages_past_the_cap(five_applications):
    paginator = CapOfThree(Application.objects.order_by("pk"), 2)
    ids = [a.pk for a in five_applications]
    assert [a.pk for a in paginator.page(1).object_list] == ids[:2]
    assert [a.pk for a in paginator.page(3).object_list] == ids[4:]
    assert list(paginator.page(4).object_list) == []


def test_capped_paginator_under_the_cap_counts_exactly(five_applications):
    paginator = CappedCountPaginator(Application.objects.order_by("pk"), 2)
    assert (paginator.count, paginator.capped, paginator.num_pages) == (5, False, 3)
    with pytest.raises(EmptyPage):
        paginator.page(4)


def test_a_capped_count_reads_ten_thousand_plus():
    assert str(CappedCount(10_001)) == "10,000+"
    assert CappedCount(10_001) > 100


def test_the_list_shows_the_capped_count(client, monkeypatch, five_applications):
    monkeypatch.setattr(CappedCountPaginator, "cap", 3)
    client.force_login(factories.StaffFactory(is_superuser=True, language="ko"))
    html = client.get("/admin/challenges/application/").content.decode()
    assert '<p class="paginator">' in html
    paginator_text = html.split('<p class="paginator">')[1].split("</p>")[0]
    assert "3+" in paginator_text


@pytest.mark.parametrize("model", BIG_LISTS, ids=lambda m: m.__name__)
def test_big_lists_count_with_a_cap_and_without_facets_or_date_hierarchy(model):
    model_admin = admin.site._registry[model]
    assert issubclass(model_admin.paginator, CappedCountPaginator)
    assert model_admin.show_full_result_count is False
    assert model_admin.show_facets == admin.ShowFacets.NEVER
    assert model_admin.date_hierarchy is None


def _rows(model, count):
    """`count` rows of `model` with what their list shows (reviews, tranches' grants...)."""
    if model is Application:
        challenge = factories.ChallengeFactory()
        for _ in range(count):
            application = factories.CompleteApplicationFactory(
                challenge=challenge, status="under_review", submitted_at=timezone.now()
            )
            factories.ReviewFactory(submitted=True, assignment__application=application)
            factories.ReviewAssignmentFactory(application=application)
    elif model is ReviewAssignment:
        for _ in range(count):
            factories.ReviewFactory(submitted=True)
    elif model is Grant:
        factories.GrantFactory.create_batch(count)
    elif model is Tranche:
        factories.TrancheFactory.create_batch(count)
    elif model is Registration:
        factories.RegistrationFactory.create_batch(count)
    elif model is Session:
        for n in range(count):
            factories.SessionFactory(starts_at=timezone.now() + timedelta(days=3, hours=2 * n))
    elif model is AuditEntry:
        action = sorted(registered_actions())[0]
        for _ in range(count):
            log_action(factories.ChallengeFactory(), action, actor=factories.StaffFactory())
    elif model is Notification:
        factories.NotificationFactory.create_batch(count)


def _list_queries(client, url) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return [query["sql"] for query in queries]


@pytest.mark.parametrize("model", BIG_LISTS, ids=lambda m: m.__name__)
def test_big_list_queries_are_the_same_for_1_and_50_rows(client, model):
    client.force_login(factories.StaffFactory(is_superuser=True))
    url = f"/admin/{model._meta.app_label}/{model._meta.model_name}/"
    _rows(model, 1)
    client.get(url)  # caches (content types, translations) filled once
    one = _list_queries(client, url)
    _rows(model, 49)
    fifty = _list_queries(client, url)
    assert model.objects.count() >= 50
    assert len(fifty) == len(one), "\n".join(sql[:300] for sql in fifty)
    assert [sql for sql in fifty if "DISTINCT" in sql.upper()] == []


def test_notification_kinds_come_from_the_templates_without_a_query(rf):
    request = rf.get("/admin/notifications/notification/")
    request.user = factories.StaffFactory(is_superuser=True)
    with CaptureQueriesContext(connection) as queries:
        kinds = KindFilter(request, {}, Notification, admin.site._registry[Notification])
    assert "accounts.startup_invitation" in known_kinds()
    assert [value for value, _label in kinds.lookup_choices] == known_kinds()
    assert queries.captured_queries == []
