"""The dashboard's coaching charts: no-shows by side, and the coaches' hours offered, booked
and held per month (each coach's month in the coach's zone), against hand-counted data."""

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from config.dashboard.charts import Filters, coaching
from config.dashboard.charts.coaching import utilisation_months
from mentoring.models import AvailabilityWindow
from tests import factories
from tests.dashboard.test_views import charts_json, funder, table_of

pytestmark = pytest.mark.django_db

NEW_YORK, SEOUL = ZoneInfo("America/New_York"), ZoneInfo("Asia/Seoul")
# Wednesday 15 April 2026, noon in Seoul.
NOW = datetime(2026, 4, 15, 3, 0, tzinfo=UTC)
TUESDAY = 1


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def coach(zone: str, name: str):
    """A coach with Tuesdays 09:00–12:00 in `zone`."""
    person = factories.CoachFactory(time_zone=zone, user__name=name)
    AvailabilityWindow.objects.create(coach=person, weekday=TUESDAY, starts=time(9), ends=time(12))
    return person


def session_at(person, starts_at: datetime, **fields):
    engagement = factories.EngagementFactory(coach=person, starts_on=date(2026, 1, 1))
    factories.SessionFactory(engagement=engagement, starts_at=starts_at, **fields)


@pytest.fixture
def coaches():
    new_york, seoul = coach("America/New_York", "Coach NewYork"), coach("Asia/Seoul", "Coach Seoul")
    # New York, Tuesday 31 March 21:00 EDT (1 April in UTC and in Seoul): March's, held.
    session_at(new_york, datetime(2026, 3, 31, 21, tzinfo=NEW_YORK), status="completed")
    # New York, Tuesday 10 March: the coach did not come. Booked, not held.
    session_at(
        new_york, datetime(2026, 3, 10, 9, tzinfo=NEW_YORK), status="no_show", no_show_by="coach"
    )
    # Seoul, Tuesday 3 March 09:00: the startup did not come.
    session_at(seoul, datetime(2026, 3, 3, 9, tzinfo=SEOUL), status="no_show")
    # Seoul, Tuesday 7 April 09:00: held.
    session_at(seoul, datetime(2026, 4, 7, 9, tzinfo=SEOUL), status="completed")
    return new_york, seoul


def test_without_a_period_the_last_six_months_including_this_one():
    assert utilisation_months(Filters()) == [
        date(2025, 11, 1),
        date(2025, 12, 1),
        date(2026, 1, 1),
        date(2026, 2, 1),
        date(2026, 3, 1),
        date(2026, 4, 1),
    ]
    since = datetime(2026, 2, 10, tzinfo=SEOUL)
    until = datetime(2026, 4, 1, tzinfo=SEOUL)  # exclusive: up to 31 March
    assert utilisation_months(Filters(since=since, until=until)) == [
        date(2026, 2, 1),
        date(2026, 3, 1),
    ]


def test_hours_offered_booked_and_held_per_month_and_per_coach(coaches):
    since, until = datetime(2026, 3, 1, tzinfo=SEOUL), datetime(2026, 5, 1, tzinfo=SEOUL)
    with translation.override("en"):
        built = coaching(Filters(since=since, until=until), staff=True)
    charts = {chart.slug: chart for chart in built}
    use = charts["coach-utilisation"]
    # Tuesdays: March 3, 10, 17, 24, 31 (15 hours a coach); April 7, 14, 21, 28 (12).
    assert use.rows() == [
        ["March 2026", 30.0, 3.0, 1.0],
        ["April 2026", 24.0, 1.0, 1.0],
    ]
    assert charts["coach-utilisation-per-coach"].rows() == [
        ["Coach NewYork", 27.0, 2.0, 1.0, 2 / 27],
        ["Coach Seoul", 27.0, 2.0, 1.0, 2 / 27],
    ]
    # No-shows by side: March (Seoul's months) holds both no-shows.
    months = charts["coaching-months"]
    assert [s.name for s in months.series] == [
        "Sessions held",
        "Hours held",
        "No-shows by the startup",
        "No-shows by the coach",
        "Late cancellations",
    ]
    assert months.rows() == [["March 2026", 0, 0.0, 1, 1, 0], ["April 2026", 2, 2.0, 0, 0, 0]]


def test_the_tables_on_the_dashboard_and_the_funders_aggregate(client, coaches):
    client.force_login(factories.StaffFactory(language="en"))
    client.cookies["biohub_language"] = "en"
    html = client.get("/admin/?since=2026-03-01&until=2026-04-30").content.decode()
    assert table_of(html, "coach-utilisation") == [
        ["March 2026", "30.0", "3.0", "1.0"],
        ["April 2026", "24.0", "1.0", "1.0"],
    ]
    assert table_of(html, "coach-utilisation-per-coach") == [
        ["Coach NewYork", "27.0", "2.0", "1.0", "7.4%"],
        ["Coach Seoul", "27.0", "2.0", "1.0", "7.4%"],
    ]
    client.force_login(funder())
    html = client.get("/funders/?since=2026-03-01&until=2026-04-30").content.decode()
    slugs = [chart["slug"] for chart in charts_json(html)]
    assert "coach-utilisation" in slugs
    assert "coach-utilisation-per-coach" not in slugs
    assert "Coach NewYork" not in html


def test_the_utilisation_charts_are_a_constant_number_of_queries(client, coaches):
    client.force_login(factories.StaffFactory())

    def queries() -> int:
        # The figures are computed afresh (not served from the dashboard's cache); the
        # first request of the session also loads what the session keeps, so it is not counted.
        cache.clear()
        assert client.get("/admin/").status_code == 200
        cache.clear()
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/admin/").status_code == 200
        return len(captured)

    queries()  # the first page after signing in fills the viewer cache (accounts.viewer)
    before = queries()
    for n in range(5):
        more = coach("Europe/Berlin", f"Coach Munich {n}")
        session_at(more, datetime(2026, 3, 3, 9, tzinfo=ZoneInfo("Europe/Berlin")))
    assert queries() == before
