"""The reviewer's queue and the founder's list of applications are kept rendered (core.fragments):
the same page again costs no query, and every write that changes what they show shows on the
next request, whoever makes it (a service, the admin, another person)."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.utils import timezone

from challenges.models import AppealCommitteeMember, ApplicationStatus
from challenges.services import appeals
from tests import factories
from tests.challenges.appeal_helpers import PUBLISHED, not_selected
from tests.page_helpers import page_and_queries

pytestmark = pytest.mark.django_db


# --- the reviewer's queue --------------------------------------------------------------------


@pytest.fixture
def reviewer(client):
    person = factories.ReviewerFactory(language="en")
    client.force_login(person)
    return person


def test_the_queue_again_costs_no_query(client, reviewer):
    assignment = factories.ReviewAssignmentFactory(reviewer=reviewer)
    client.get("/review/")
    count, page = page_and_queries(client, "/review/")
    assert count == 0
    assert assignment.application.startup.name_display in page


def test_a_new_assignment_and_a_withdrawn_one_show_at_once(client, reviewer):
    client.get("/review/")
    assignment = factories.ReviewAssignmentFactory(
        reviewer=reviewer, application__startup__name_en="Newly Assigned Bio"
    )
    assert "Newly Assigned Bio" in client.get("/review/").content.decode()
    assignment.delete()
    assert "Newly Assigned Bio" not in client.get("/review/").content.decode()


def test_a_draft_and_a_submitted_review_show_at_once(client, reviewer):
    assignment = factories.ReviewAssignmentFactory(reviewer=reviewer)
    assert "Not started" in client.get("/review/").content.decode()
    review = factories.ReviewFactory(assignment=assignment)
    assert "Draft saved" in client.get("/review/").content.decode()
    review.delete()
    assert "Not started" in client.get("/review/").content.decode()


def test_renamed_startups_and_calls_and_a_blind_call_show_at_once(client, reviewer):
    assignment = factories.ReviewAssignmentFactory(
        reviewer=reviewer,
        application__startup__name_en="Old Name Bio",
        application__challenge__title_en="Old call",
    )
    client.get("/review/")
    startup, challenge = assignment.application.startup, assignment.application.challenge
    startup.name_en = "New Name Bio"
    startup.save()
    challenge.title_en = "New call"
    challenge.save()
    page = client.get("/review/").content.decode()
    assert "New Name Bio" in page and "New call" in page

    challenge.blind_review = True
    challenge.save()
    page = client.get("/review/").content.decode()
    assert "New Name Bio" not in page
    assert f"Application {assignment.application_id}" in page


def test_another_reviewers_work_leaves_the_queue_kept(client, reviewer):
    assignment = factories.ReviewAssignmentFactory(reviewer=reviewer)
    client.get("/review/")
    factories.ReviewFactory(assignment__application=assignment.application)  # another reviewer
    assert page_and_queries(client, "/review/")[0] == 0


def test_the_queue_is_kept_per_language_and_zone(client, reviewer):
    factories.ReviewAssignmentFactory(
        reviewer=reviewer,
        application__startup__name="한글바이오",
        application__startup__name_en="Hangul Bio",
        due_at=datetime(2027, 1, 15, 1, 0, tzinfo=UTC),
    )
    page = client.get("/review/").content.decode()
    assert "Hangul Bio" in page and "10:00 KST" in page
    reviewer.language = "ko"
    reviewer.save()
    assert "한글바이오" in client.get("/review/").content.decode()
    reviewer.time_zone = "America/New_York"
    reviewer.save()
    assert "20:00 EST" in client.get("/review/").content.decode()


def test_the_queue_is_kept_per_reviewer(client, reviewer):
    factories.ReviewAssignmentFactory(reviewer=reviewer, application__startup__name_en="Mine Bio")
    client.get("/review/")
    other = factories.ReviewerFactory(language="en")
    client.force_login(other)
    assert "Mine Bio" not in client.get("/review/").content.decode()


def test_leaving_the_reviewers_group_closes_the_kept_queue(client, reviewer):
    client.get("/review/")
    reviewer.groups.clear()
    assert client.get("/review/").status_code == 403


def test_a_committee_seat_shows_its_link_at_once(client, reviewer):
    application, founder = not_selected()
    with time_machine.travel(PUBLISHED + timedelta(hours=1), tick=False):
        appeal = appeals.open_appeal(
            application, actor=founder, contested="scores", grounds=["The scores ignore our data"]
        )
    client.get("/review/")
    appeals.assign_appeal_committee(appeal, actor=factories.StaffFactory(), members=[reviewer])
    assert "Appeals whose committee you sit on" in client.get("/review/").content.decode()
    AppealCommitteeMember.objects.filter(member=reviewer).delete()
    assert "Appeals whose committee you sit on" not in client.get("/review/").content.decode()


# --- the founder's applications --------------------------------------------------------------


@pytest.fixture
def founder(client):
    membership = factories.StartupMembershipFactory(
        user__language="en", startup__name_en="Founder Bio"
    )
    client.force_login(membership.user)
    return membership


def test_the_list_again_costs_no_query(client, founder):
    factories.ApplicationFactory(startup=founder.startup, challenge__title_en="Seoul call")
    client.get("/applications/")
    count, page = page_and_queries(client, "/applications/")
    assert count == 0
    assert "Seoul call" in page


def test_a_new_application_a_status_and_a_result_show_at_once(client, founder):
    client.get("/applications/")
    application = factories.ApplicationFactory(
        startup=founder.startup, challenge__title_en="Seoul call"
    )
    page = client.get("/applications/").content.decode()
    assert "Seoul call" in page and "Draft — not submitted yet" in page

    application.status = ApplicationStatus.SELECTED
    application.save()
    page = client.get("/applications/").content.decode()
    assert "Under review" in page and "Selected" not in page  # not before the results are out

    challenge = application.challenge
    challenge.results_published_at = timezone.now()
    challenge.save()
    assert "Selected" in client.get("/applications/").content.decode()


def test_a_renamed_startup_and_another_startup_joined_show_at_once(client, founder):
    factories.ApplicationFactory(startup=founder.startup)
    client.get("/applications/")
    founder.startup.name_en = "Renamed Bio"
    founder.startup.save()
    assert "Renamed Bio" in client.get("/applications/").content.decode()

    other = factories.ApplicationFactory(startup__name_en="Second Startup Bio")
    assert "Second Startup Bio" not in client.get("/applications/").content.decode()
    factories.StartupMembershipFactory(user=founder.user, startup=other.startup)
    assert "Second Startup Bio" in client.get("/applications/").content.decode()


def test_other_startups_applications_leave_the_list_kept(client, founder):
    mine = factories.ApplicationFactory(startup=founder.startup)
    client.get("/applications/")
    factories.ApplicationFactory(challenge=mine.challenge)  # another startup applies
    assert page_and_queries(client, "/applications/")[0] == 0
