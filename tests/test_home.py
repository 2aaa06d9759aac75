"""/home/: a signed-in person's tasks, role by role (config/views.py, <app>/tasks_for.py).

Each task says what, for whom and by when, with a button to it; the page costs the same
queries for 1 task as for 50.
"""

import re
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import PrivacyRequest
from challenges.models import ApplicationStatus, ReviewerConflict
from notifications.models import Notification
from tests import factories
from tests.partners.factories import ConsultationRequestFactory

pytestmark = pytest.mark.django_db
SEOUL = ZoneInfo("Asia/Seoul")
# Wednesday 16 December 2026, 10:00 in Seoul; reviews are due Saturday the 19th at 18:00.
NOW = datetime(2026, 12, 16, 10, tzinfo=SEOUL)
DUE = datetime(2026, 12, 19, 18, tzinfo=SEOUL)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def signed_in(client, user):
    user.language = "en"
    user.save(update_fields=["language"])
    client.force_login(user)
    return client


def page_of(client) -> str:
    response = client.get("/home/")
    assert response.status_code == 200
    return re.sub(r"\s+", " ", response.content.decode())


def section(page: str, role: str) -> str:
    found = re.search(
        rf'<section class="task-group[^"]*"[^>]*data-role="{role}">(.*?)</section>', page
    )
    assert found, f"no {role} section"
    return found.group(1)


def reviewer_with(n: int):
    reviewer = factories.ReviewerFactory()
    challenge = factories.ChallengeFactory(title_en="Seoul Bio Challenge 2026")
    for _ in range(n):
        application = factories.CompleteApplicationFactory(
            challenge=challenge, status=ApplicationStatus.UNDER_REVIEW
        )
        factories.ReviewAssignmentFactory(application=application, reviewer=reviewer, due_at=DUE)
    return reviewer


def founder_with(n: int):
    founder = factories.UserFactory()
    startup = factories.StartupMembershipFactory(user=founder).startup
    for _ in range(n):
        factories.ApplicationFactory(startup=startup, challenge__closes_at=DUE)
    return founder


def coach_with(n: int):
    coach = factories.CoachFactory()
    engagement = factories.EngagementFactory(coach=coach)
    for day in range(n):
        starts_at = datetime(2026, 12, 1, 9, tzinfo=SEOUL) + timedelta(hours=2 * day)
        factories.SessionFactory(
            engagement=engagement, starts_at=starts_at, ends_at=starts_at + timedelta(hours=1)
        )
    return coach.user


def partner_rep_with(n: int):
    member = factories.PartnerMemberFactory()
    for _ in range(n):
        ConsultationRequestFactory(partner=member.partner)
    return member.user


def staff_with(n: int):
    for _ in range(n):
        factories.CompleteApplicationFactory(status=ApplicationStatus.SUBMITTED)
    return factories.StaffFactory()


BUILDERS = {
    "reviewer": reviewer_with,
    "founder": founder_with,
    "coach": coach_with,
    "partner_rep": partner_rep_with,
    "staff": staff_with,
}


def test_visitors_at_home_are_sent_to_sign_in(client):
    response = client.get("/home/")
    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/?next=/home/")


def test_signing_in_lands_on_the_home(client):
    user = factories.UserFactory()
    response = client.post(
        "/accounts/login/", {"login": user.email, "password": factories.PASSWORD}
    )
    assert response.status_code == 302
    assert response.url == "/home/"


def test_reviewer_sees_reviews_due_with_date_and_progress(client):
    reviewer = reviewer_with(4)
    page = page_of(signed_in(client, reviewer))
    reviews = section(page, "reviewer")
    assert "Accept the confidentiality terms" in reviews
    assert "4 reviews to submit" in reviews
    assert "Due Sat 19 Dec 2026, 18:00 KST · D-3" in reviews
    assert "0 of 4 submitted" in reviews
    first = reviewer.review_assignments.order_by("due_at", "pk").first()
    assert f'href="/review/{first.pk}/"' in reviews


def test_founder_sees_drafts_with_deadline_and_missing_items(client):
    founder = founder_with(1)
    page = page_of(signed_in(client, founder))
    mine = section(page, "founder")
    assert "Finish the application to" in mine
    assert "Due Sat 19 Dec 2026, 18:00 KST · D-3" in mine
    assert re.search(r"\d+ items missing", mine)
    application = founder.startup_memberships.get().startup.applications.get()
    assert f'href="/applications/{application.pk}/"' in mine


def test_coach_sees_availability_to_set_and_outcomes_to_record(client):
    coach = coach_with(1)
    page = page_of(signed_in(client, coach))
    coaching = section(page, "coach")
    assert "Set your availability so startups can book sessions" in coaching
    assert "Record the outcome of the session" in coaching
    # in the coach's zone (New York)
    assert "Mon 30 Nov 2026, 19:00–20:00 EST" in coaching


def test_coach_sees_next_sessions_in_both_zones(client):
    coach = factories.CoachFactory()
    starts_at = datetime(2026, 12, 17, 9, tzinfo=SEOUL)
    factories.SessionFactory(
        engagement=factories.EngagementFactory(coach=coach),
        starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=1),
    )
    page = page_of(signed_in(client, coach.user))
    assert (
        "Wed 16 Dec 2026, 19:00–20:00 EST · for the startup Thu 17 Dec 2026, 09:00–10:00 KST"
        in page
    )


def test_partner_rep_sees_requests_awaiting_an_answer(client):
    rep = partner_rep_with(2)
    page = page_of(signed_in(client, rep))
    requests = section(page, "partner_rep")
    assert requests.count(">Answer the consultation request: ") == 2


def test_staff_see_counts_linking_to_filtered_admin_lists(client):
    staff = staff_with(3)
    factories.ReviewAssignmentFactory(due_at=NOW - timedelta(days=1))
    Notification.objects.create(
        recipient=staff, kind="x", key="failed-1", status="failed", context={}
    )
    ReviewerConflict.objects.create(
        reviewer=factories.ReviewerFactory(), startup=factories.StartupFactory(), reason="Friend"
    )
    office = section(page_of(signed_in(client, staff)), "staff")
    assert re.search(
        r'<span class="task-count">3</span> Applications waiting for screening.*?'
        r'href="/admin/challenges/application/\?status__exact=submitted"',
        office,
    )
    assert 'href="/admin/challenges/reviewassignment/?progress=overdue"' in office
    assert 'href="/admin/notifications/notification/?status__exact=failed"' in office
    assert 'href="/admin/challenges/reviewerconflict/"' in office
    # per reviewer: assigned, done, overdue
    assert re.search(r"<td>Person \d+</td><td[^>]*>1</td><td[^>]*>0</td><td[^>]*>1</td>", office)


def test_staff_see_personal_data_requests_due_with_the_earliest_date(client):
    staff = factories.StaffFactory()
    person = factories.UserFactory()
    PrivacyRequest.objects.create(requester=person, kind="deletion", due_on=date(2026, 12, 15))
    PrivacyRequest.objects.create(requester=person, kind="stop", due_on=date(2026, 12, 24))
    PrivacyRequest.objects.create(
        requester=person, kind="stop", due_on=date(2026, 12, 1), status="done"
    )
    office = section(page_of(signed_in(client, staff)), "staff")
    assert re.search(
        r'<span class="task-count">2</span> Personal data requests to answer.*?'
        r"Earliest due: .*?15 Dec 2026.*?"
        r'href="/admin/accounts/privacyrequest/\?status__exact=open"',
        office,
        re.S,
    )


EMPTY = {
    "founder": "Nothing to do for now.",
    "reviewer": "No review waits for you.",
    "coach": "Set your availability",  # a new coach's one task
    "partner_rep": "No consultation request waits for an answer.",
    "staff": "Nothing waits for the programme office right now.",
}


@pytest.mark.parametrize("role", list(EMPTY))
def test_each_role_has_its_own_empty_state(client, role):
    user = BUILDERS[role](0)
    page = page_of(signed_in(client, user))
    assert EMPTY[role] in section(page, role)


def test_a_newcomer_is_told_to_register_a_startup(client):
    page = page_of(signed_in(client, factories.UserFactory()))
    assert 'href="/startups/new/"' in section(page, "founder")


def test_a_person_with_several_roles_sees_each_section(client):
    reviewer = reviewer_with(1)
    factories.StartupMembershipFactory(user=reviewer)
    factories.PartnerMemberFactory(user=reviewer)
    page = page_of(signed_in(client, reviewer))
    assert re.findall(r'data-role="(\w+)"', page) == ["founder", "reviewer", "partner_rep"]


def queries(client, user) -> int:
    """The queries of the person's second visit: the first fills what every page keeps in
    the cache (the viewer, the operator record for the footer)."""
    signed_in(client, user)
    assert client.get("/home/").status_code == 200
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/home/").status_code == 200
    return len(captured)


@pytest.mark.parametrize("role", list(BUILDERS))
def test_the_home_costs_the_same_queries_for_1_and_50_tasks(client, role):
    one = queries(client, BUILDERS[role](1))
    fifty = queries(client, BUILDERS[role](50))
    assert one == fifty
