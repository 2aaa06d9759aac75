"""Coaching pages for goals: the coach's write-up (agreed goals, progress), the outcome with
the side of a no-show, the engagement page (goals, progress history, final assessments) and
the coach's hours per month."""

from datetime import UTC, datetime, timedelta

import pytest

from mentoring.models import EngagementAssessment, Session
from tests import factories
from tests.mentoring.view_helpers import TUESDAY_9, founder_of, html

pytestmark = pytest.mark.django_db

AFTER_SESSION = TUESDAY_9 + timedelta(hours=2)
# 31 August 2026 (the engagement's last day) from 00:00 in Seoul.
LAST_DAY = datetime(2026, 8, 30, 15, 0, tzinfo=UTC)


@pytest.fixture
def held(client, session, frozen):
    """The session, held: the coach recorded it after it ended."""
    frozen.move_to(AFTER_SESSION)
    client.force_login(session.coach.user)
    response = client.post(f"/mentoring/sessions/{session.pk}/outcome/", {"outcome": "completed"})
    assert response.status_code == 302
    client.logout()
    session.refresh_from_db()
    return session


def write_up(client, session, **fields):
    data = {"shared_notes": "", "private_notes": "", **fields}
    return client.post(f"/mentoring/sessions/{session.pk}/notes/", data)


def test_the_coach_agrees_the_goals_and_progress_in_the_first_sessions_write_up(client, held):
    client.force_login(held.coach.user)
    page = html(client.get(f"/mentoring/sessions/{held.pk}/"))
    assert 'name="agreed_goals"' in page
    assert "Plan the IND-enabling studies." in page  # the proposed goals, to start from
    assert 'name="progress_percent"' in page

    response = write_up(
        client,
        held,
        shared_notes="Kick-off done.",
        agreed_goals="IND package by August\nTwo partnering meetings",
        progress_percent="20",
        progress_comment="Scope agreed; tox CRO shortlisted.",
    )
    assert response.status_code == 302
    held.refresh_from_db()
    engagement = held.engagement
    engagement.refresh_from_db()
    assert (held.progress_percent, held.progress_comment) == (
        20,
        "Scope agreed; tox CRO shortlisted.",
    )
    assert engagement.goals == "IND package by August\nTwo partnering meetings"
    assert (engagement.goals_agreed_at, engagement.goals_agreed_by) == (
        AFTER_SESSION,
        held.coach.user,
    )

    # The startup sees the agreed goals and the progress history on its engagement page.
    client.force_login(founder_of(engagement))
    page = html(client.get(f"/mentoring/engagements/{engagement.pk}/"))
    assert "IND package by August<br>Two partnering meetings" in page
    assert "Agreed at the first session; recorded by Jane Park" in page
    assert '<progress class="goal-progress" max="100" value="20"' in page
    assert "Scope agreed; tox CRO shortlisted." in page
    # ... and the progress on the session page, without a form for it.
    page = html(client.get(f"/mentoring/sessions/{held.pk}/"))
    assert 'value="20"' in page
    assert 'name="progress_percent"' not in page
    assert 'name="agreed_goals"' not in page


def test_the_write_up_of_a_held_session_needs_the_progress(client, held):
    client.force_login(held.coach.user)
    page = html(write_up(client, held, agreed_goals="Goals", progress_percent="101"))
    assert "Ensure this value is less than or equal to 100." in page
    page = html(write_up(client, held, agreed_goals="Goals", progress_percent=""))
    assert "Give the progress from 0 to 100 %." in page
    held.refresh_from_db()
    assert held.progress_percent is None


def test_a_founder_cannot_write_the_progress_or_the_goals(client, held):
    client.force_login(founder_of(held.engagement))
    response = write_up(
        client, held, shared_notes="Thanks", progress_percent="100", agreed_goals="Ours"
    )
    assert response.status_code == 302
    held.refresh_from_db()
    held.engagement.refresh_from_db()
    assert (held.shared_notes, held.progress_percent) == ("Thanks", None)
    assert (held.engagement.goals, held.engagement.goals_agreed_at) == (
        "Plan the IND-enabling studies.",
        None,
    )


def test_later_sessions_record_progress_but_not_the_goals(client, held, engagement):
    later = factories.SessionFactory(
        engagement=engagement,
        starts_at=TUESDAY_9 - timedelta(days=1),  # held earlier: it is the first one
        status="completed",
    )
    client.force_login(held.coach.user)
    page = html(client.get(f"/mentoring/sessions/{held.pk}/"))
    assert 'name="agreed_goals"' not in page
    assert 'name="progress_percent"' in page
    assert 'name="agreed_goals"' in html(client.get(f"/mentoring/sessions/{later.pk}/"))


def test_the_coach_records_who_did_not_come(client, session, frozen):
    frozen.move_to(AFTER_SESSION)
    client.force_login(session.coach.user)
    page = html(client.get(f"/mentoring/sessions/{session.pk}/"))
    assert 'value="no_show_startup"' in page
    assert 'value="no_show_coach"' in page
    client.post(f"/mentoring/sessions/{session.pk}/outcome/", {"outcome": "no_show_coach"})
    session.refresh_from_db()
    assert (session.status, session.no_show_by) == ("no_show", "coach")
    assert "No-show · the coach did not come" in html(
        client.get(f"/mentoring/sessions/{session.pk}/")
    )
    # The startup may not record an outcome.
    client.force_login(founder_of(session.engagement))
    url = f"/mentoring/sessions/{session.pk}/outcome/"
    assert client.post(url, {"outcome": "no_show_startup"}).status_code == 403
    assert Session.objects.get(pk=session.pk).no_show_by == "coach"


def test_the_engagement_page_is_for_its_startup_coach_and_staff(client, engagement, outsider):
    url = f"/mentoring/engagements/{engagement.pk}/"
    for person, status in [
        (founder_of(engagement), 200),
        (engagement.coach.user, 200),
        (factories.StaffFactory(), 200),
        (outsider, 404),
        (factories.StaffFactory(mfa=False), 404),
    ]:
        client.force_login(person)
        assert client.get(url).status_code == status


def test_final_assessments_once_each_and_shown_to_the_other_side_when_both_are_in(
    client, engagement, frozen
):
    founder, coach = founder_of(engagement), engagement.coach.user
    page_url = f"/mentoring/engagements/{engagement.pk}/"
    post_url = f"/mentoring/engagements/{engagement.pk}/assessment/"
    client.force_login(founder)
    assert 'name="rating"' not in html(client.get(page_url))  # not yet: the last day opens it

    frozen.move_to(LAST_DAY)
    client.force_login(founder)  # months later: a new sign-in
    assert 'name="rating"' in html(client.get(page_url))
    response = client.post(post_url, {"rating": "5", "text": "The IND plan is done."})
    assert response.status_code == 302
    page = html(client.get(page_url))
    assert "The IND plan is done." in page
    assert "once they have submitted theirs" in page
    assert 'name="rating"' not in page
    # A second one from the same side is refused.
    client.post(post_url, {"rating": "1", "text": "Again"})
    assert list(EngagementAssessment.objects.values_list("side", "rating")) == [("startup", 5)]

    # The coach does not see the startup's until submitting their own.
    client.force_login(coach)
    page = html(client.get(page_url))
    assert "The IND plan is done." not in page
    client.post(post_url, {"rating": "4", "text": "A focused team."})
    page = html(client.get(page_url))
    assert "The IND plan is done." in page
    assert "A focused team." in page
    client.force_login(founder)
    assert "A focused team." in html(client.get(page_url))

    # Staff assess for neither side; they read both in the admin.
    client.force_login(factories.StaffFactory())
    assert client.post(post_url, {"rating": "3", "text": "x"}).status_code == 403
    admin_page = html(client.get(f"/admin/mentoring/engagement/{engagement.pk}/change/"))
    assert "A focused team." in admin_page
    assert "The IND plan is done." in admin_page


def test_the_coach_sees_their_hours_per_month_in_their_zone(client, engagement, frozen):
    # 1 April 02:00 UTC is still 31 March (22:00) in New York: the coach's current month is
    # March although Seoul is in April.
    frozen.move_to(datetime(2026, 4, 1, 2, 0, tzinfo=UTC))
    factories.SessionFactory(
        engagement=engagement,
        starts_at=datetime(2026, 3, 31, 13, 0, tzinfo=UTC),  # 09:00 EDT
        status="completed",
    )
    client.force_login(engagement.coach.user)
    page = html(client.get("/mentoring/"))
    table = page[page.index('id="utilisation-heading"') :]
    # Weekdays of March 2026 at 8 hours: 22 × 8 = 176 offered; one hour booked and held.
    assert (
        '<th scope="row" class="fw-normal">March 2026</th><td class="text-end">176.0</td>'
        '<td class="text-end">1.0</td><td class="text-end">1.0</td><td class="text-end">1 %</td>'
    ) in table
    assert "April 2026" not in table
    assert "October 2025" in table  # six months: October to March


def test_the_dashboard_has_no_show_sides_and_utilisation_with_their_tables(client, engagement):
    factories.SessionFactory(
        engagement=engagement,
        starts_at=datetime(2026, 2, 24, 14, 0, tzinfo=UTC),
        status="no_show",
        no_show_by="coach",
    )
    client.force_login(factories.StaffFactory(language="en"))
    page = html(client.get("/admin/"))
    assert "No-shows by the coach" in page
    assert "No-shows by the startup" in page
    assert "Coaches&#x27; hours offered, booked and held per month" in page
    assert "Utilisation per coach" in page
