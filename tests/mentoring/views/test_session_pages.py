"""Coaching pages: one session, its emails, and the admin."""

import re
from datetime import date, timedelta

import pytest
from icalendar import Calendar

from mentoring import services
from mentoring.models import (
    Engagement,
    SessionStatus,
)
from mentoring.services import BookingError
from notifications.models import Notification
from notifications.services import render_notification
from tests import factories
from tests.mentoring.view_helpers import (
    TUESDAY_9,
    WEDNESDAY_9,
    founder_of,
    html,
    iso,
)

pytestmark = pytest.mark.django_db

# --- one session --------------------------------------------------------------------------


def test_session_page_shows_both_zones_agenda_and_actions(client, session):
    client.force_login(founder_of(session.engagement))
    page = html(client.get(f"/mentoring/sessions/{session.pk}/"))
    assert "Tue 3 Mar 2026, 23:00 – Wed 4 Mar 2026, 00:00 KST" in page
    assert "Coach&#x27;s time" in page
    assert "Tue 3 Mar 2026, 09:00–10:00 EST" in page
    assert "· Eastern Time (EST)" in page
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


def test_reschedule_shows_the_sessions_own_time_as_booked_and_keeps_a_choice(client, session):
    url = f"/mentoring/sessions/{session.pk}/reschedule/"
    client.force_login(founder_of(session.engagement))
    page = html(client.get(url))
    own = re.search(rf'<input[^>]*value="{iso(TUESDAY_9)}"[^>]*>(.*?)</li>', page, re.S)
    assert own is not None
    assert " disabled" in own.group(0).split(">")[0]  # on the radio itself
    assert "Now booked" in own.group(1)
    assert f'value="{iso(WEDNESDAY_9)}" id="slot-' in page

    # A refused move shows the page again with the chosen time still chosen.
    again = html(client.post(url, {"starts_at": iso(WEDNESDAY_9), "reason": "x" * 2000}))
    chosen = re.search(rf'<input[^>]*value="{iso(WEDNESDAY_9)}"[^>]*>', again)
    assert chosen is not None and " checked" in chosen.group(0)


def test_reschedule_within_24_hours_sends_the_founder_to_the_coach(client, session, frozen):
    frozen.move_to(TUESDAY_9 - timedelta(hours=3))
    client.force_login(founder_of(session.engagement))
    page = html(client.get(f"/mentoring/sessions/{session.pk}/reschedule/"))
    assert "can no longer be moved here" in page
    assert 'name="starts_at"' not in page


def test_inside_24_hours_the_page_offers_a_move_exactly_when_the_service_allows_it(
    client, session, frozen
):
    """One cut-off rule for the pages and the services: a superuser who skipped two-factor
    authentication is not programme staff, so no page offers them a move the service refuses;
    the coach is offered the move and may make it."""
    frozen.move_to(TUESDAY_9 - timedelta(hours=3))
    reschedule_link = f'href="/mentoring/sessions/{session.pk}/reschedule/"'
    superuser = factories.StaffFactory(mfa=False, is_superuser=True)
    client.force_login(superuser)

    page = html(client.get(f"/mentoring/sessions/{session.pk}/"))
    form = html(client.get(f"/mentoring/sessions/{session.pk}/reschedule/"))
    with pytest.raises(BookingError) as refused:
        services.reschedule_session(session, actor=superuser, starts_at=WEDNESDAY_9, reason="")

    assert refused.value.code == "cutoff"
    assert (reschedule_link in page, 'name="starts_at"' in form) == (False, False)
    coach = session.coach.user
    client.force_login(coach)
    assert reschedule_link in html(client.get(f"/mentoring/sessions/{session.pk}/"))
    services.reschedule_session(session, actor=coach, starts_at=WEDNESDAY_9, reason="")


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
            assert "Coach's time: " in text and " · Eastern Time (EST)" in text
            assert "America/New_York" not in text


def test_booking_email_to_the_founder_shows_seoul_and_new_york_times(engagement, session):
    founder = founder_of(engagement)
    notification = Notification.objects.get(kind="mentoring.session_booked", recipient=founder)
    notification.refresh_from_db()
    subject, text, _html = render_notification(notification)
    assert subject == "Coaching session booked: Tue 3 Mar 2026, 23:00 KST"
    assert "When: Tue 3 Mar 2026, 23:00 – Wed 4 Mar 2026, 00:00 KST" in text
    assert "Coach's time: Tue 3 Mar 2026, 09:00–10:00 EST · Eastern Time (EST)" in text
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
    assert "<td>1</td><td>0</td><td>0</td><td>4.0</td><td>1.0</td>" in coach_row
