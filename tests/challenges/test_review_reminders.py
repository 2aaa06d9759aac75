"""Reviewers are reminded N days before a review is due and once it is overdue, once each."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail

from challenges import services, tasks
from notifications.models import Notification
from tests import factories
from tests.challenges.test_review import all_scores, ready_assignment, under_review

pytestmark = pytest.mark.django_db
SEOUL = ZoneInfo("Asia/Seoul")
NOW = datetime(2026, 12, 16, 19, tzinfo=SEOUL)
DUE = datetime(2026, 12, 19, 18, tzinfo=SEOUL)  # within three days of NOW


def assign(reviewer, due_at=DUE, application=None):
    application = application or under_review()
    return services.assign_reviewer(application, reviewer=reviewer, actor=None, due_at=due_at)


def reminders(kind):
    return list(Notification.objects.filter(kind=kind).order_by("pk"))


def test_reviews_due_soon_are_reminded_once_per_reviewer_and_challenge(
    django_capture_on_commit_callbacks,
):
    reviewer = factories.ReviewerFactory(language="en")
    first = assign(reviewer)
    assign(reviewer, application=under_review(challenge=first.application.challenge))
    assign(reviewer, due_at=NOW + timedelta(days=10))  # not yet
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.remind_reviewers(now=NOW, days_before=3) == 1
        assert services.remind_reviewers(now=NOW + timedelta(hours=1), days_before=3) == 0
    [notification] = reminders("challenges.review_due_soon")
    assert notification.recipient == reviewer
    assert notification.context["count"] == 2
    assert [m.subject for m in mail.outbox] == [
        f"Reviews due Sat 19 Dec 2026, 18:00 KST: {first.application.challenge.title_en}"
    ]
    assert "2 reviews for" in mail.outbox[0].body


def test_overdue_reviews_get_one_more_reminder_and_submitted_ones_none():
    reviewer = factories.ReviewerFactory()
    late = assign(reviewer)
    done = ready_assignment(reviewer=reviewer)
    services.save_review(
        done, reviewer=reviewer, scores=all_scores(done), recommendation="yes", comment=""
    )
    services.submit_review(done, reviewer=reviewer)
    services.remind_reviewers(now=NOW, days_before=3)
    after_due = DUE + timedelta(hours=1)
    assert services.remind_reviewers(now=after_due, days_before=3) == 1
    assert services.remind_reviewers(now=after_due + timedelta(days=1), days_before=3) == 0
    [overdue] = reminders("challenges.review_overdue")
    assert overdue.context["url"] == f"/review/{late.pk}/"
    late.refresh_from_db()
    assert late.overdue_reminder_sent_at == after_due


def test_the_periodic_task_uses_the_setting(settings, time_machine):
    settings.REVIEW_REMINDER_DAYS = 1
    time_machine.move_to(NOW, tick=False)
    assign(factories.ReviewerFactory())  # due in 3 days: too early with 1 day
    assert tasks.remind_reviewers() == 0
    settings.REVIEW_REMINDER_DAYS = 3
    assert tasks.remind_reviewers() == 1


def test_reminders_run_from_the_beat(settings):
    schedule = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "challenges.remind_reviewers" in schedule
