"""Feedback after the results: averages beside the call's, released comments only, never a
reviewer's identity (page and email), the coded reason for those not selected."""

from datetime import timedelta

import pytest
import time_machine
from django.core import mail

from challenges import fair_selectors
from challenges.models import FeedbackComment, Score
from challenges.services import feedback
from notifications.delivery import deliver_notification
from notifications.models import Notification
from tests import factories
from tests.challenges.appeal_helpers import PUBLISHED, decided_call, not_selected

pytestmark = pytest.mark.django_db
RELEASE = PUBLISHED + timedelta(days=1)


def reviewed(application, criterion, value, comment, reviewer):
    assignment = factories.ReviewAssignmentFactory(application=application, reviewer=reviewer)
    review = factories.ReviewFactory(assignment=assignment, submitted=True, comment=comment)
    Score.objects.create(review=review, criterion=criterion, value=value)
    return review


@pytest.fixture
def call_with_reviews():
    challenge = decided_call(feedback_enabled=True, feedback_release_at=RELEASE)
    criterion = factories.RubricCriterionFactory(challenge=challenge, name_en="Science")
    application, founder = not_selected(challenge)
    founder.language = "en"
    founder.save()
    reviewer = factories.ReviewerFactory(
        name="Jiwoo Reviewerson", email="jiwoo.reviewer@example.kr"
    )
    reviewed(application, criterion, 2, "Data thin; by Jiwoo", reviewer)
    reviewed(application, criterion, 4, "Strong team", factories.ReviewerFactory())
    other, _ = not_selected(challenge)
    reviewed(other, criterion, 5, "Excellent", factories.ReviewerFactory())
    return application, founder, reviewer


def test_averages_beside_all_reviewed_applications(call_with_reviews):
    application, _founder, _reviewer = call_with_reviews
    rows = fair_selectors.criterion_averages(application)
    assert [(r["criterion"], r["own"], r["all"]) for r in rows] == [
        (rows[0]["criterion"], 3.0, 3.7)
    ]


def test_nothing_is_shown_before_the_release_time(call_with_reviews):
    application, _founder, _reviewer = call_with_reviews
    assert fair_selectors.feedback_for(application, RELEASE - timedelta(seconds=1)) is None
    assert fair_selectors.feedback_for(application, RELEASE) is not None


def test_only_released_comments_as_staff_edited_them(call_with_reviews):
    application, _founder, _reviewer = call_with_reviews
    staff = factories.StaffFactory()
    first, _second = feedback.prepare_feedback(application, actor=staff)
    feedback.edit_feedback_comment(first, actor=staff, text="Data thin", released=True)
    assert fair_selectors.feedback_for(application, RELEASE)["comments"] == ["Data thin"]
    assert FeedbackComment.objects.filter(released=False).count() == 1


def test_released_feedback_never_names_the_reviewer(call_with_reviews, client):
    application, founder, reviewer = call_with_reviews
    staff = factories.StaffFactory()
    for comment in feedback.prepare_feedback(application, actor=staff):
        feedback.edit_feedback_comment(
            comment, actor=staff, text=comment.text.replace("; by Jiwoo", ""), released=True
        )
    with time_machine.travel(RELEASE + timedelta(hours=1), tick=False):
        client.force_login(founder)
        html = client.get(application.get_absolute_url()).content.decode()
        queued = feedback.notify_feedback(application.challenge)
    assert queued == 2  # this application's founder and the other reviewed one's
    assert "Data thin" in html and "Strong team" in html
    deliver_notification(
        Notification.objects.get(kind="challenges.feedback_released", recipient=founder).pk
    )
    email = mail.outbox[-1]
    bodies = [html, email.body, email.alternatives[0][0], email.subject]
    for identity in ("Jiwoo", "Reviewerson", reviewer.email):
        assert [identity in body for body in bodies] == [False, False, False, False]
    assert "Data thin" in email.body


def test_not_selected_see_their_coded_reason(call_with_reviews):
    application, _founder, _reviewer = call_with_reviews
    application.decision_note = "Please reapply with in vivo data."
    application.save()
    shown = fair_selectors.feedback_for(application, RELEASE)
    assert (shown["reason"], shown["note"]) == (
        str(application.decision_reason.label),
        "Please reapply with in vivo data.",
    )
