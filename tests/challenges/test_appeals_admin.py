"""Appeals in the admin: assigning the committee and deciding go through the services."""

from datetime import timedelta

import pytest
import time_machine

from challenges.models import AppealStatus, DeadlineExtension, FeedbackComment
from challenges.services import appeals
from tests import factories
from tests.challenges.appeal_helpers import PUBLISHED, not_selected

pytestmark = pytest.mark.django_db
CHANGELIST = "/admin/challenges/appeal/"


@pytest.fixture
def appeal():
    application, founder = not_selected()
    with time_machine.travel(PUBLISHED + timedelta(hours=1), tick=False):
        return appeals.open_appeal(
            application, actor=founder, contested="not_selected", grounds=["Misread"]
        )


def test_staff_assign_a_committee_and_decide_in_the_admin(client, appeal):
    client.force_login(factories.StaffFactory())
    member = factories.ReviewerFactory()
    selection = {"_selected_action": [appeal.pk]}
    response = client.post(
        CHANGELIST,
        {"action": "assign_committee", "apply": "1", "members": [member.pk], **selection},
    )
    assert response.status_code == 302
    appeal.refresh_from_db()
    assert (appeal.status, list(appeal.committee.all())) == (AppealStatus.IN_REVIEW, [member])
    ground = appeal.grounds.get()
    page = client.post(CHANGELIST, {"action": "decide", **selection})
    assert f'name="ground_{ground.pk}"' in page.content.decode()
    client.post(
        CHANGELIST,
        {
            "action": "decide",
            "apply": "1",
            "outcome": "upheld",
            f"ground_{ground.pk}": "Checked twice",
            **selection,
        },
    )
    appeal.refresh_from_db()
    ground.refresh_from_db()
    assert (appeal.status, ground.response) == (AppealStatus.UPHELD, "Checked twice")
    assert client.get(f"{CHANGELIST}{appeal.pk}/change/").status_code == 200


def test_a_reviewer_of_the_application_is_refused_in_the_admin(client, appeal):
    client.force_login(factories.StaffFactory())
    reviewer = factories.ReviewAssignmentFactory(application=appeal.application).reviewer
    client.post(
        CHANGELIST,
        {
            "action": "assign_committee",
            "apply": "1",
            "members": [reviewer.pk],
            "_selected_action": [appeal.pk],
        },
    )
    appeal.refresh_from_db()
    assert (appeal.status, appeal.members.count()) == (AppealStatus.OPEN, 0)


def test_staff_extend_one_applications_deadline_in_the_admin(client):
    application = factories.CompleteApplicationFactory()
    client.force_login(factories.StaffFactory())
    new_close = application.challenge.closes_at + timedelta(days=1)
    client.post(
        "/admin/challenges/application/",
        {
            "action": "extend_deadline",
            "apply": "1",
            "closes_at": new_close.astimezone().strftime("%Y-%m-%dT%H:%M"),
            "reason": "Server outage",
            "_selected_action": [application.pk],
        },
    )
    assert DeadlineExtension.objects.get(application=application).reason == "Server outage"


def test_staff_release_a_comment_in_the_admin(client):
    comment = FeedbackComment.objects.create(
        application=factories.ApplicationFactory(), text="Good science"
    )
    client.force_login(factories.StaffFactory())
    client.post(
        "/admin/challenges/feedbackcomment/",
        {"action": "release", "_selected_action": [comment.pk]},
    )
    comment.refresh_from_db()
    assert comment.released is True
