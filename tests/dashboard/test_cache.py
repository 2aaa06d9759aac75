"""The dashboard's figures are kept a short while (config.dashboard.cache): a second render
within DASHBOARD_CACHE_SECONDS runs no aggregate, says when the figures were computed, and
a change shows once they expire."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests import factories
from tests.dashboard.test_views import funder, table_of

pytestmark = pytest.mark.django_db

# 10:45 UTC is 19:45 in Seoul.
NOW = datetime(2026, 12, 5, 10, 45, 12, tzinfo=UTC)


@pytest.fixture
def clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def started(html: str) -> str:
    return table_of(html, "funnel")[0][1]


def aggregates(captured) -> list[str]:
    return [q["sql"] for q in captured if "COUNT(" in q["sql"] or "SUM(" in q["sql"]]


def test_the_second_render_is_served_from_the_cache(client, clock):
    client.force_login(factories.StaffFactory(language="en"))
    client.cookies["biohub_language"] = "en"
    challenge = factories.ChallengeFactory()
    factories.ApplicationFactory.create_batch(3, challenge=challenge, status="submitted")
    with CaptureQueriesContext(connection) as first:
        html = client.get("/admin/").content.decode()
    assert aggregates(first)
    assert started(html) == "3"
    with CaptureQueriesContext(connection) as second:
        again = client.get("/admin/").content.decode()
    assert aggregates(second) == []
    assert started(again) == "3"
    assert "Figures as of 19:45 KST" in again


def test_a_change_shows_once_the_figures_expire(client, clock):
    client.force_login(factories.StaffFactory(language="en"))
    client.cookies["biohub_language"] = "en"
    challenge = factories.ChallengeFactory()
    factories.ApplicationFactory(challenge=challenge, status="submitted")
    assert started(client.get("/admin/").content.decode()) == "1"
    factories.ApplicationFactory(challenge=challenge, status="submitted")
    clock.shift(timedelta(seconds=settings.DASHBOARD_CACHE_SECONDS - 1))
    html = client.get("/admin/").content.decode()
    assert started(html) == "1"
    assert "Figures as of 19:45 KST" in html
    clock.shift(timedelta(seconds=2))
    html = client.get("/admin/").content.decode()
    assert started(html) == "2"
    assert "Figures as of 19:46 KST" in html


def test_each_language_and_view_has_its_own_figures(client, clock):
    factories.ApplicationFactory(status="submitted")
    client.force_login(factories.StaffFactory(language="ko"))
    korean = client.get("/admin/").content.decode()
    client.force_login(factories.StaffFactory(language="en"))
    client.cookies["biohub_language"] = "en"
    english = client.get("/admin/").content.decode()
    assert "Application funnel" in english and "Application funnel" not in korean
    client.force_login(funder())
    funders = client.get("/funders/").content.decode()
    assert "review-progress" not in funders
