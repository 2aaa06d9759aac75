"""Coaching pages through HTTP: dashboards, availability, the slot picker and booking, one
session and what follows it, the staff's admin pages, and the emails' templates.

"Now" is frozen at Monday 2 March 2026, 12:00 in Seoul (Sunday 22:00 in New York). The coach
works weekdays 09:00–17:00 New York time; one-hour sessions, a 15-minute break, 24 hours'
notice. New York moves to daylight-saving time on Sunday 8 March.
"""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from icalendar import Calendar

from mentoring import services
from mentoring.models import (
    AvailabilityException,
    AvailabilityWindow,
    Engagement,
    Session,
    SessionFormat,
    SessionStatus,
)
from notifications.models import Notification
from notifications.services import render_notification
from tests import factories

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 3, 2, 3, 0, tzinfo=UTC)
NEW_YORK = ZoneInfo("America/New_York")


def new_york(month: int, day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=NEW_YORK).astimezone(UTC)


TUESDAY_9 = new_york(3, 3, 9)  # Tue 3 Mar 14:00 UTC, 23:00 in Seoul
TUESDAY_1015 = new_york(3, 3, 10, 15)
WEDNESDAY_9 = new_york(3, 4, 9)


def iso(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def coach():
    coach = factories.CoachFactory(user__name="Jane Park", title="Director, Open Innovation")
    AvailabilityWindow.objects.bulk_create(
        AvailabilityWindow(coach=coach, weekday=day, starts=time(9), ends=time(17))
        for day in range(5)
    )
    return coach


def startup_with_founder(language="en"):
    membership = factories.StartupMembershipFactory(
        user__language=language, user__time_zone="Asia/Seoul"
    )
    return membership.startup, membership.user


@pytest.fixture
def engagement(coach):
    startup, _founder = startup_with_founder()
    return Engagement.objects.create(
        coach=coach,
        startup=startup,
        starts_on=date(2026, 3, 1),
        ends_on=date(2026, 8, 31),
        allotment=6,
        goals="Plan the IND-enabling studies.",
    )


def founder_of(engagement):
    return engagement.startup.memberships.get().user


@pytest.fixture
def session(engagement):
    return services.book_session(
        engagement,
        actor=founder_of(engagement),
        starts_at=TUESDAY_9,
        agenda="Pipeline review",
    )


@pytest.fixture
def outsider():
    """A founder of another startup, with a coach of their own."""
    startup, founder = startup_with_founder()
    Engagement.objects.create(
        coach=factories.CoachFactory(),
        startup=startup,
        starts_on=date(2026, 3, 1),
        ends_on=date(2026, 8, 31),
    )
    return founder


def html(response) -> str:
    return response.content.decode()


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
    assert "America/New_York" in page
    # Monday 2 March in New York: 09:00, 10:15, 11:30, 12:45, 14:00, 15:15.
    assert "09:00–10:00" in page
    assert "15:15–16:15" in page
    assert 'name="windows-TOTAL_FORMS" value="7"' in page  # five saved, two empty rows


def availability_post(**overrides):
    """What the page posts for the coach's five windows (Monday to Friday 09:00–17:00) and
    two empty rows, plus one new exception and new rules."""
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
        data[f"windows-{row}-weekday"] = str(row) if saved else ""
        data[f"windows-{row}-starts"] = "09:00" if saved else ""
        data[f"windows-{row}-ends"] = "17:00" if saved else ""
    for row in range(2):
        for name in ("date", "kind", "starts", "ends"):
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
    assert "Asia/Seoul" in page
    assert "America/New_York" in page
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


# --- one session --------------------------------------------------------------------------


def test_session_page_shows_both_zones_agenda_and_actions(client, session):
    client.force_login(founder_of(session.engagement))
    page = html(client.get(f"/mentoring/sessions/{session.pk}/"))
    assert "Tue 3 Mar 2026, 23:00 KST–00:00" in page
    assert "Coach&#x27;s time" in page
    assert "Tue 3 Mar 2026, 09:00 EST–10:00" in page
    assert "Pipeline review" in page
    assert f'href="/mentoring/sessions/{session.pk}.ics"' in page
    assert f'href="/mentoring/sessions/{session.pk}/reschedule/"' in page
    assert f'href="/mentoring/sessions/{session.pk}/cancel/"' in page


def test_session_page_is_404_for_another_startup_and_staff_without_mfa(client, session, outsider):
    client.force_login(outsider)
    assert client.get(f"/mentoring/sessions/{session.pk}/").status_code == 404
    assert client.get(f"/mentoring/sessions/{session.pk}.ics").status_code == 404
    client.force_login(factories.StaffFactory(mfa=False))
    assert client.get(f"/mentoring/sessions/{session.pk}/").status_code == 404
    client.force_login(factories.StaffFactory())
    assert client.get(f"/mentoring/sessions/{session.pk}/").status_code == 200


def test_private_notes_are_shown_to_the_coach_and_never_to_the_startup(client, session):
    coach_user = session.coach.user
    services.save_notes(
        session,
        actor=coach_user,
        shared_notes="Shared: send the tox plan",
        private_notes="Private: team seems stretched",
    )
    client.force_login(coach_user)
    page = html(client.get(f"/mentoring/sessions/{session.pk}/"))
    assert "Private: team seems stretched" in page
    assert "Shared: send the tox plan" in page
    client.force_login(founder_of(session.engagement))
    page = html(client.get(f"/mentoring/sessions/{session.pk}/"))
    assert "Shared: send the tox plan" in page
    assert "Private: team seems stretched" not in page
    assert "private_notes" not in page


def test_a_founder_saving_notes_cannot_touch_the_private_ones(client, session):
    services.save_notes(session, actor=None, shared_notes="", private_notes="Coach only")
    client.force_login(founder_of(session.engagement))
    url = f"/mentoring/sessions/{session.pk}/notes/"
    assert client.get(url).status_code == 405
    response = client.post(url, {"shared_notes": "Our questions", "private_notes": "hacked"})
    assert response.status_code == 302
    session.refresh_from_db()
    assert (session.shared_notes, session.coach_private_notes) == ("Our questions", "Coach only")


def test_the_coach_saves_private_notes(client, session, outsider):
    client.force_login(session.coach.user)
    client.post(
        f"/mentoring/sessions/{session.pk}/notes/",
        {"shared_notes": "Agreed next steps", "private_notes": "Follow up on CMC"},
    )
    session.refresh_from_db()
    assert (session.shared_notes, session.coach_private_notes) == (
        "Agreed next steps",
        "Follow up on CMC",
    )
    client.force_login(outsider)
    assert client.post(f"/mentoring/sessions/{session.pk}/notes/", {}).status_code == 404


def test_calendar_file_parses_and_keeps_the_sessions_uid(client, session):
    client.force_login(founder_of(session.engagement))
    response = client.get(f"/mentoring/sessions/{session.pk}.ics")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="session-{session.pk}.ics"'
    calendar = Calendar.from_ical(response.content)
    [event] = calendar.walk("VEVENT")
    assert str(event["UID"]) == f"session-{session.uid}@seoulbiohub.kr"
    assert event.decoded("DTSTART") == TUESDAY_9


def test_cancel_asks_for_a_reason_then_cancels(client, session, outsider):
    url = f"/mentoring/sessions/{session.pk}/cancel/"
    client.force_login(founder_of(session.engagement))
    assert "Why are you cancelling?" in html(client.get(url))
    response = client.post(url, {"reason": ""})
    assert response.status_code == 200
    assert "Give a reason for cancelling." in html(response)
    response = client.post(url, {"reason": "Our CSO is ill"})
    assert response.status_code == 302
    session.refresh_from_db()
    assert (session.status, session.cancel_reason) == (SessionStatus.CANCELLED, "Our CSO is ill")
    assert session.late_cancellation is False
    client.force_login(outsider)
    assert client.get(url).status_code == 404


def test_cancel_within_24_hours_warns_that_it_counts(client, session, frozen):
    frozen.move_to(TUESDAY_9 - timedelta(hours=3))
    client.force_login(founder_of(session.engagement))
    page = html(client.get(f"/mentoring/sessions/{session.pk}/cancel/"))
    assert "it still counts as one of your sessions" in page


def test_reschedule_moves_the_session_to_another_free_slot(client, session, outsider):
    url = f"/mentoring/sessions/{session.pk}/reschedule/"
    client.force_login(founder_of(session.engagement))
    page = html(client.get(url))
    assert f'value="{iso(WEDNESDAY_9)}"' in page
    assert "Wed 23:00 KST" in page
    response = client.post(url, {"starts_at": iso(WEDNESDAY_9), "reason": "Travel"})
    assert response.status_code == 302
    session.refresh_from_db()
    assert (session.starts_at, session.sequence) == (WEDNESDAY_9, 1)
    client.force_login(outsider)
    assert client.get(url).status_code == 404


def test_reschedule_within_24_hours_sends_the_founder_to_the_coach(client, session, frozen):
    frozen.move_to(TUESDAY_9 - timedelta(hours=3))
    client.force_login(founder_of(session.engagement))
    page = html(client.get(f"/mentoring/sessions/{session.pk}/reschedule/"))
    assert "can no longer be moved here" in page
    assert 'name="starts_at"' not in page


def test_coach_records_the_outcome_after_the_end_and_the_founder_may_not(client, session, frozen):
    url = f"/mentoring/sessions/{session.pk}/outcome/"
    client.force_login(session.coach.user)
    assert "Was the session held?" not in html(client.get(f"/mentoring/sessions/{session.pk}/"))
    frozen.move_to(TUESDAY_9 + timedelta(hours=2))
    client.force_login(session.coach.user)  # the first sign-in has expired by now
    assert "Was the session held?" in html(client.get(f"/mentoring/sessions/{session.pk}/"))
    assert client.post(url, {"outcome": "completed"}).status_code == 302
    session.refresh_from_db()
    assert session.status == SessionStatus.COMPLETED
    client.force_login(founder_of(session.engagement))
    assert client.post(url, {"outcome": "no_show"}).status_code == 403
    session.refresh_from_db()
    assert session.status == SessionStatus.COMPLETED


def test_founder_rates_the_session_after_the_end_and_the_coach_may_not(client, session, frozen):
    url = f"/mentoring/sessions/{session.pk}/feedback/"
    founder = founder_of(session.engagement)
    frozen.move_to(TUESDAY_9 + timedelta(hours=2))
    client.force_login(founder)
    page = html(client.get(f"/mentoring/sessions/{session.pk}/"))
    assert 'name="rating"' in page
    response = client.post(url, {"comment": "Very helpful"})
    assert response.status_code == 200
    assert 'href="#id_rating_0"' in html(response)
    assert client.post(url, {"rating": "5", "comment": "Very helpful"}).status_code == 302
    session.refresh_from_db()
    assert (session.rating, session.feedback) == (5, "Very helpful")
    client.force_login(session.coach.user)
    assert client.post(url, {"rating": "1"}).status_code == 403
    assert "Rated 5 out of 5." in html(client.get(f"/mentoring/sessions/{session.pk}/"))


# --- emails -------------------------------------------------------------------------------


def test_every_coaching_email_renders_in_the_recipients_language_and_zone(
    engagement, session, frozen
):
    founder = founder_of(engagement)
    services.start_engagement(
        coach=engagement.coach,
        startup=engagement.startup,
        actor=None,
        starts_on=date(2026, 3, 1),
        ends_on=date(2026, 8, 31),
    )
    services.reschedule_session(session, actor=founder, starts_at=WEDNESDAY_9, reason="Travel")
    frozen.move_to(WEDNESDAY_9 - timedelta(hours=20))
    services.send_due_reminders()
    services.cancel_session(session, actor=founder, reason="Our CSO is ill")
    kinds = set(Notification.objects.values_list("kind", flat=True))
    assert kinds == {
        "mentoring.engagement_started",
        "mentoring.session_booked",
        "mentoring.session_rescheduled",
        "mentoring.session_reminder",
        "mentoring.session_cancelled",
    }
    for notification in Notification.objects.all():
        notification.refresh_from_db()  # the context as stored (JSON)
        subject, text, body_html = render_notification(notification)
        assert subject and text and "</html>" in body_html
        if notification.kind != "mentoring.engagement_started":
            zone = "KST" if notification.recipient == founder else "EST"
            assert zone in subject
            assert "America/New_York" in text


def test_booking_email_to_the_founder_shows_seoul_and_new_york_times(engagement, session):
    founder = founder_of(engagement)
    notification = Notification.objects.get(kind="mentoring.session_booked", recipient=founder)
    notification.refresh_from_db()
    subject, text, _html = render_notification(notification)
    assert subject == "Coaching session booked: Tue 3 Mar 2026, 23:00 KST"
    assert "When: Tue 3 Mar 2026, 23:00 KST" in text
    assert "(America/New_York): Tue 3 Mar 2026, 09:00 EST" in text
    assert "Pipeline review" in text


# --- admin --------------------------------------------------------------------------------


def selected_application(area_slug="oncology"):
    area = factories.TherapeuticAreaFactory(slug=area_slug, name_ko="종양", name_en="Oncology")
    application = factories.CompleteApplicationFactory(status="selected", therapeutic_area=area)
    factories.StartupMembershipFactory(startup=application.startup)
    return application, area


def test_start_coaching_suggests_coaches_with_matching_expertise_and_starts(client):
    application, area = selected_application()
    expert = factories.CoachFactory(user__name="Zed Expert")
    expert.expertise.add(area)
    other = factories.CoachFactory(user__name="Amy Other")
    staff = factories.StaffFactory(language="en")
    client.force_login(staff)
    changelist = html(client.get("/admin/mentoring/engagement/"))
    assert 'href="/admin/mentoring/engagement/start/"' in changelist
    listing = html(client.get("/admin/mentoring/engagement/start/"))
    assert f'href="/admin/mentoring/engagement/start/{application.pk}/"' in listing
    url = f"/admin/mentoring/engagement/start/{application.pk}/"
    form = html(client.get(url))
    assert form.index("Suggested: expertise in Oncology") < form.index("Zed Expert")
    assert form.index("Zed Expert") < form.index("Other coaches") < form.index("Amy Other")
    response = client.post(
        url,
        {
            "coach": expert.pk,
            "allotment": "8",
            "starts_on": "2026-03-02",
            "ends_on": "2026-09-01",
            "goals": "First-in-human plan",
        },
    )
    assert response.status_code == 302
    engagement = Engagement.objects.get()
    assert (engagement.coach, engagement.startup, engagement.application) == (
        expert,
        application.startup,
        application,
    )
    assert engagement.allotment == 8
    assert Notification.objects.filter(kind="mentoring.engagement_started").count() == 2
    # Paired: no longer offered.
    assert f"/start/{application.pk}/" not in html(client.get("/admin/mentoring/engagement/start/"))
    assert client.get(url).status_code == 404
    assert other.engagements.count() == 0


def test_start_coaching_is_for_staff_with_mfa_only(client):
    application, _area = selected_application()
    client.force_login(factories.StaffFactory(mfa=False))
    assert client.get("/admin/mentoring/engagement/start/").status_code == 302
    client.force_login(factories.CoachFactory().user)
    assert client.get(f"/admin/mentoring/engagement/start/{application.pk}/").status_code == 302


def test_engagement_and_session_lists_and_statistics(client, session, frozen):
    frozen.move_to(TUESDAY_9 + timedelta(hours=2))
    services.record_outcome(session, actor=None, outcome=SessionStatus.COMPLETED)
    services.give_feedback(session, actor=None, rating=4, comment="")
    client.force_login(factories.StaffFactory(language="en"))
    assert client.get("/admin/mentoring/engagement/").status_code == 200
    assert (
        client.get(f"/admin/mentoring/engagement/{session.engagement_id}/change/").status_code
        == 200
    )
    assert client.get(f"/admin/mentoring/coach/{session.coach_id}/change/").status_code == 200
    sessions = html(client.get("/admin/mentoring/session/"))
    assert 'href="/admin/mentoring/session/statistics/"' in sessions
    page = html(client.get("/admin/mentoring/session/statistics/"))
    coach_row = page[page.index('class="coach-row"') :]
    assert "Jane Park" in coach_row
    assert "<td>1</td><td>0</td><td>4.0</td><td>1.0</td>" in coach_row
