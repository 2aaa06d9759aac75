"""Coaching pages: dashboard, availability and booking."""

from datetime import date, time, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from mentoring import services
from mentoring.models import (
    AvailabilityException,
    Engagement,
    Session,
    SessionFormat,
    SessionStatus,
)
from tests import factories
from tests.mentoring.view_helpers import (
    NOW,
    TUESDAY_9,
    TUESDAY_1015,
    WEDNESDAY_9,
    founder_of,
    html,
    iso,
    new_york,
    startup_with_founder,
)
from tests.support.browser_form import browser_post

pytestmark = pytest.mark.django_db

# --- dashboard ----------------------------------------------------------------------------


def test_dashboard_sends_anonymous_visitors_to_sign_in(client):
    response = client.get("/mentoring/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_dashboard_without_coaching_says_what_happens_next(client):
    client.force_login(factories.UserFactory(language="en"))
    response = client.get("/mentoring/")
    assert response.status_code == 200
    assert "You have no coaching yet." in html(response)


def test_dashboard_of_a_founder_shows_coach_allotment_goals_and_sessions(
    client, engagement, session
):
    client.force_login(founder_of(engagement))
    page = html(client.get("/mentoring/"))
    assert "Jane Park" in page
    assert "Plan the IND-enabling studies." in page
    assert "1 / 6" in page  # sessions used
    assert f'href="/mentoring/engagements/{engagement.pk}/book/"' in page
    assert f'href="/mentoring/sessions/{session.pk}/"' in page
    assert "Tue 3 Mar 2026, 23:00 KST" in page  # in the founder's zone


def test_dashboard_of_a_coach_shows_startups_upcoming_and_waiting_sessions(
    client, engagement, session, frozen
):
    later = services.book_session(
        engagement, actor=founder_of(engagement), starts_at=WEDNESDAY_9, agenda=""
    )
    frozen.move_to(TUESDAY_9 + timedelta(hours=2))
    client.force_login(engagement.coach.user)
    page = html(client.get("/mentoring/"))
    assert engagement.startup.name in page
    assert "2 / 6" in page
    waiting = page[page.index("Sessions waiting for an outcome") : page.index("Upcoming sessions")]
    assert f'href="/mentoring/sessions/{session.pk}/"' in waiting
    upcoming = page[page.index("Upcoming sessions") :]
    assert "Wed 4 Mar 2026, 09:00 EST" in upcoming  # in the coach's zone
    assert f'href="/mentoring/sessions/{later.pk}/"' in upcoming


def test_dashboard_query_count_does_not_grow_with_sessions(client, engagement):
    founder = founder_of(engagement)

    def add_sessions(count, first):
        for n in range(count):
            starts_at = first + timedelta(days=n)
            past = starts_at < NOW
            Session.objects.create(
                engagement=engagement,
                coach=engagement.coach,
                startup=engagement.startup,
                starts_at=starts_at,
                ends_at=starts_at + timedelta(hours=1),
                blocked_until=starts_at + timedelta(hours=1, minutes=15),
                status=SessionStatus.COMPLETED if past and n % 2 else SessionStatus.BOOKED,
            )

    def queries(user):
        client.force_login(user)
        client.get("/mentoring/")
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/mentoring/").status_code == 200
        return len(captured.captured_queries)

    add_sessions(1, NOW - timedelta(days=20))  # ended, no outcome yet
    few = (queries(founder), queries(engagement.coach.user))
    add_sessions(9, NOW - timedelta(days=12))
    add_sessions(10, NOW + timedelta(days=2))
    assert Session.objects.count() == 20
    assert (queries(founder), queries(engagement.coach.user)) == few


# --- availability -------------------------------------------------------------------------


def test_availability_is_for_coaches_only(client, engagement):
    assert client.get("/mentoring/availability/").status_code == 302
    client.force_login(founder_of(engagement))
    assert client.get("/mentoring/availability/").status_code == 403


def test_availability_page_names_the_zone_and_previews_slots(client, coach):
    client.force_login(coach.user)
    page = html(client.get("/mentoring/availability/"))
    assert "All times on this page are in Eastern Time (EST/EDT), your time zone." in page
    # Monday 2 March in New York: 09:00, 10:15, 11:30, 12:45, 14:00, 15:15.
    assert "09:00–10:00" in page
    assert "15:15–16:15" in page
    assert 'name="windows-TOTAL_FORMS" value="7"' in page  # five saved, two empty rows


def availability_post(**overrides):
    """What the page posts for the coach's five windows (Monday to Friday 09:00–17:00) and
    two empty rows, plus one new exception and new rules. Selects send an option even when
    untouched (see test_an_untouched_availability_page_saves_as_a_browser_posts_it)."""
    data = {
        "windows-TOTAL_FORMS": "7",
        "windows-INITIAL_FORMS": "5",
        "exceptions-TOTAL_FORMS": "2",
        "exceptions-INITIAL_FORMS": "0",
        "exceptions-0-date": "2026-03-10",
        "exceptions-0-kind": "blocked",
        "session_minutes": "45",
        "buffer_minutes": "15",
        "min_notice_hours": "12",
        "horizon_days": "30",
    }
    for row in range(7):
        saved = row < 5
        # An empty row's <select> still sends its first option, Monday.
        data[f"windows-{row}-weekday"] = str(row) if saved else "0"
        data[f"windows-{row}-starts"] = "09:00" if saved else ""
        data[f"windows-{row}-ends"] = "17:00" if saved else ""
    for row in range(2):
        data.setdefault(f"exceptions-{row}-kind", "blocked")  # the first option, as above
        for name in ("date", "starts", "ends"):
            data.setdefault(f"exceptions-{row}-{name}", "")
    return {**data, **overrides}


def test_availability_saves_windows_exceptions_and_rules(client, coach):
    client.force_login(coach.user)
    changes = {
        "windows-0-starts": "08:00",  # Monday from 08:00
        "windows-0-ends": "12:00",
        **{f"windows-{row}-DELETE": "on" for row in (2, 3, 4)},  # Wednesday to Friday off
        "windows-5-weekday": "5",  # a new window on Saturday
        "windows-5-starts": "10:00",
        "windows-5-ends": "11:00",
    }
    response = client.post("/mentoring/availability/", availability_post(**changes))
    assert response.status_code == 302
    coach.refresh_from_db()
    assert list(coach.windows.values_list("weekday", "starts", "ends")) == [
        (0, time(8), time(12)),
        (1, time(9), time(17)),
        (5, time(10), time(11)),
    ]
    assert list(coach.exceptions.values_list("date", "kind", "starts", "ends")) == [
        (date(2026, 3, 10), AvailabilityException.Kind.BLOCKED, None, None)
    ]
    assert (coach.session_minutes, coach.min_notice_hours, coach.horizon_days) == (45, 12, 30)


def test_availability_refuses_overlapping_windows(client, coach):
    client.force_login(coach.user)
    changes = {"windows-5-weekday": "0", "windows-5-starts": "16:00", "windows-5-ends": "18:00"}
    response = client.post("/mentoring/availability/", availability_post(**changes))
    assert response.status_code == 200
    assert "Two windows on Monday overlap." in html(response)
    assert coach.windows.count() == 5


def test_an_extra_window_needs_its_times(client, coach):
    client.force_login(coach.user)
    changes = {"exceptions-0-kind": "extra"}
    response = client.post("/mentoring/availability/", availability_post(**changes))
    assert response.status_code == 200
    assert 'href="#id_exceptions-0-starts"' in html(response)
    assert coach.exceptions.count() == 0


def test_availability_refuses_a_window_that_ends_before_it_starts(client, coach):
    client.force_login(coach.user)
    response = client.post(
        "/mentoring/availability/", availability_post(**{"windows-0-ends": "07:00"})
    )
    assert response.status_code == 200
    page = html(response)
    assert "There is a problem" in page
    assert 'href="#id_windows-0-ends"' in page
    assert coach.windows.count() == 5  # unchanged


def test_an_untouched_availability_page_saves_as_a_browser_posts_it(client, coach):
    """The empty rows post their select's first option (Monday, "Not available that day");
    that is no change, so the rows are ignored and the page saves."""
    coach.exceptions.create(date=date(2026, 3, 10), kind=AvailabilityException.Kind.BLOCKED)
    client.force_login(coach.user)
    form = browser_post(
        html(client.get("/mentoring/availability/")), with_field="windows-TOTAL_FORMS"
    )
    assert form["windows-5-weekday"] == ["0"]  # what an untouched extra row sends
    assert form["exceptions-1-kind"] == ["blocked"]

    response = client.post("/mentoring/availability/", form, follow=True)

    assert response.redirect_chain == [("/mentoring/availability/", 302)]
    assert "Your availability has been saved." in html(response)
    assert list(coach.windows.values_list("weekday", "starts", "ends")) == [
        (day, time(9), time(17)) for day in range(5)
    ]
    assert list(coach.exceptions.values_list("date", "kind")) == [
        (date(2026, 3, 10), AvailabilityException.Kind.BLOCKED)
    ]


def test_an_extra_row_with_times_but_the_default_day_adds_a_monday_window(client, coach):
    client.force_login(coach.user)
    form = browser_post(
        html(client.get("/mentoring/availability/")), with_field="windows-TOTAL_FORMS"
    )
    form["windows-5-starts"], form["windows-5-ends"] = ["18:00"], ["19:00"]

    assert client.post("/mentoring/availability/", form).status_code == 302
    assert list(coach.windows.filter(weekday=0).values_list("starts", "ends")) == [
        (time(9), time(17)),
        (time(18), time(19)),
    ]


# --- booking ------------------------------------------------------------------------------


def test_slot_picker_shows_both_zones_labelled_for_seoul_founder_and_new_york_coach(
    client, engagement
):
    client.force_login(founder_of(engagement))
    response = client.get(f"/mentoring/engagements/{engagement.pk}/book/")
    assert response.status_code == 200
    page = html(response)
    assert f'value="{iso(TUESDAY_9)}"' in page
    assert (
        '<strong>Tue 23:00 KST</strong> · <span class="text-nowrap">Tue 09:00 EST (coach)</span>'
        in page
    )
    assert "Outside 08:00–20:00 in your time zone" in page
    assert (
        "Each time is shown first in your time zone, Korea Standard Time (KST), then in the "
        "coach's, Eastern Time (EST/EDT)." in page
    )
    assert "1 / 6" not in page and "0 / 6" in page  # sessions used


def test_slot_picker_in_korean_names_the_days_and_zones(client, coach):
    startup, founder = startup_with_founder(language="ko")
    engagement = Engagement.objects.create(
        coach=coach, startup=startup, starts_on=date(2026, 3, 1), ends_on=date(2026, 8, 31)
    )
    client.force_login(founder)
    page = html(client.get(f"/mentoring/engagements/{engagement.pk}/book/"))
    assert "화 23:00 KST" in page
    assert "화 09:00 EST" in page


def test_next_week_through_htmx_renders_only_the_slot_list_after_the_clocks_change(
    client, engagement
):
    client.force_login(founder_of(engagement))
    url = f"/mentoring/engagements/{engagement.pk}/book/?week=2026-03-09"
    partial = client.get(url, HTTP_HX_REQUEST="true")
    assert partial.status_code == 200
    assert "<html" not in html(partial)
    assert "HX-Request" in partial["Vary"]
    # New York is on daylight-saving time from 8 March: 09:00 EDT is 22:00 in Seoul.
    assert "Mon 22:00 KST" in html(partial)
    assert "Mon 09:00 EDT (coach)" in html(partial)
    assert f'value="{iso(new_york(3, 9, 9))}"' in html(partial)
    full = client.get(url)
    assert "<html" in html(full)
    assert "Mon 09:00 EDT (coach)" in html(full)


def test_booking_creates_the_session_and_goes_to_it(client, engagement):
    founder = founder_of(engagement)
    client.force_login(founder)
    response = client.post(
        f"/mentoring/engagements/{engagement.pk}/book/",
        {"starts_at": iso(TUESDAY_9), "session_format": "video", "agenda": "Pipeline review"},
    )
    session = Session.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/mentoring/sessions/{session.pk}/"
    assert (session.starts_at, session.agenda, session.booked_by) == (
        TUESDAY_9,
        "Pipeline review",
        founder,
    )
    assert session.format == SessionFormat.VIDEO
    page = html(client.get(response["Location"]))
    assert "Your session is booked." in page


def test_booking_a_time_the_coach_is_not_free_keeps_the_agenda(client, engagement):
    client.force_login(founder_of(engagement))
    response = client.post(
        f"/mentoring/engagements/{engagement.pk}/book/",
        {
            "starts_at": iso(TUESDAY_9 + timedelta(minutes=30)),
            "session_format": "video",
            "agenda": "Our Series A deck",
        },
    )
    assert response.status_code == 200
    page = html(response)
    assert "The coach is not available at that time." in page
    assert "Our Series A deck</textarea>" in page
    assert Session.objects.count() == 0


def test_booking_without_a_time_asks_for_one(client, engagement):
    client.force_login(founder_of(engagement))
    response = client.post(
        f"/mentoring/engagements/{engagement.pk}/book/", {"session_format": "video"}
    )
    assert response.status_code == 200
    assert 'href="#id_starts_at"' in html(response)


def test_booked_slot_disappears_from_the_picker(client, engagement, session):
    client.force_login(founder_of(engagement))
    page = html(client.get(f"/mentoring/engagements/{engagement.pk}/book/"))
    assert f'value="{iso(TUESDAY_9)}"' not in page
    # The next slot starts after the session and the coach's 15-minute break: still free.
    assert f'value="{iso(TUESDAY_1015)}"' in page


def test_booking_page_is_404_for_another_startup_and_the_coach(client, engagement, outsider):
    url = f"/mentoring/engagements/{engagement.pk}/book/"
    client.force_login(outsider)
    assert client.get(url).status_code == 404
    assert client.post(url, {"starts_at": iso(TUESDAY_9)}).status_code == 404
    client.force_login(engagement.coach.user)
    assert client.get(url).status_code == 404
    assert Session.objects.count() == 0
