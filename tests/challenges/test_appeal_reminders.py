"""The appeals committee's reminders: a member without a finding is reminded once when the
decision is near and once when it is overdue; a member who wrote theirs is not."""

from datetime import timedelta

import pytest
import time_machine
from django.conf import settings

from challenges.services import appeals
from challenges.services.appeal_reminders import remind_appeal_committees
from notifications.models import Notification
from notifications.services import render_notification
from tests import factories
from tests.challenges.appeal_helpers import PUBLISHED, not_selected

pytestmark = pytest.mark.django_db

OPENED = PUBLISHED + timedelta(hours=1)


@pytest.fixture
def committee():
    application, founder = not_selected()
    with time_machine.travel(OPENED, tick=False):
        appeal = appeals.open_appeal(
            application, actor=founder, contested="not_selected", grounds=["Unfair"]
        )
    idle, diligent = factories.ReviewerFactory(language="en"), factories.ReviewerFactory()
    appeals.assign_appeal_committee(
        appeal, actor=factories.StaffFactory(), members=[idle, diligent]
    )
    appeals.record_appeal_finding(appeal, member=diligent, finding="Fair")
    return appeal, idle


def reminders():
    return list(
        Notification.objects.filter(kind="challenges.appeal_finding_reminder")
        .order_by("pk")
        .values_list("recipient", "context__overdue")
    )


def test_nothing_is_sent_while_the_decision_is_far(committee):
    appeal, _idle = committee
    assert remind_appeal_committees(now=appeal.due_at - timedelta(days=3)) == 0
    assert reminders() == []


def test_a_member_without_a_finding_is_reminded_once_before_and_once_after(committee):
    appeal, idle = committee
    soon = appeal.due_at - timedelta(days=1)
    assert remind_appeal_committees(now=soon) == 1
    assert remind_appeal_committees(now=soon + timedelta(hours=1)) == 0
    assert reminders() == [(idle.pk, False)]
    late = appeal.due_at + timedelta(seconds=1)
    assert remind_appeal_committees(now=late) == 1
    assert remind_appeal_committees(now=late + timedelta(hours=1)) == 0
    assert reminders() == [(idle.pk, False), (idle.pk, True)]
    subject, text, _html = render_notification(
        Notification.objects.filter(kind="challenges.appeal_finding_reminder").latest("pk")
    )
    assert subject.startswith("Overdue: ")
    assert f"/review/appeals/{appeal.pk}/" in text


def test_no_reminder_once_the_appeal_is_decided(committee):
    appeal, _idle = committee
    appeals.decide_appeal(
        appeal,
        actor=factories.StaffFactory(),
        outcome="upheld",
        responses={g.pk: "Checked" for g in appeal.grounds.all()},
    )
    assert remind_appeal_committees(now=appeal.due_at + timedelta(days=1)) == 0


def test_the_sweep_is_on_the_beat_schedule():
    schedule = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "challenges.remind_appeal_committees" in schedule
