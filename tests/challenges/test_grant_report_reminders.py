"""Grantees are reminded N days before a grant report is due and once it is overdue, once each."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail

from challenges import services, tasks
from challenges.models import GrantReport
from notifications.models import Notification
from tests import factories
from tests.challenges.grant_helpers import active_grant, member_of, selected

pytestmark = pytest.mark.django_db
SEOUL = ZoneInfo("Asia/Seoul")
DUE = datetime(2027, 3, 31, 18, tzinfo=SEOUL)
WEEK_BEFORE = DUE - timedelta(days=6, hours=23)  # within GRANT_REPORT_REMINDER_DAYS (7)
MILLION = 1_000_000


def reminders(kind: str) -> list[Notification]:
    return list(Notification.objects.filter(kind=kind).order_by("recipient_id"))


@pytest.fixture
def report(settings):
    settings.GRANT_REPORT_REMINDER_DAYS = 7
    grant = active_grant(10 * MILLION, 20 * MILLION)
    founder = member_of(grant.application, user__language="en")
    report = services.add_grant_report(
        grant, actor=None, kind="interim", due_at=DUE, tranche=grant.tranches.get(sequence=2)
    )
    report.founder = founder
    return report


def test_a_report_due_within_the_week_is_reminded_once(report, django_capture_on_commit_callbacks):
    cofounder = member_of(report.grant.application, role="member")
    mail.outbox.clear()
    with time_machine.travel(DUE - timedelta(days=8), tick=False):
        assert tasks.remind_grant_reports() == 0  # not yet
    with (
        time_machine.travel(WEEK_BEFORE, tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert tasks.remind_grant_reports() == 1
        assert tasks.remind_grant_reports() == 0
    with time_machine.travel(WEEK_BEFORE + timedelta(hours=5), tick=False):
        assert tasks.remind_grant_reports() == 0

    notes = reminders("challenges.grant_report_due_soon")
    assert sorted(n.recipient_id for n in notes) == sorted([report.founder.pk, cofounder.pk])
    title = report.grant.application.challenge.title_en
    english = next(m for m in mail.outbox if m.to == [report.founder.email])
    assert english.subject == f"Interim report due Wed 31 Mar 2027, 18:00 KST: {title}"
    assert "Tranche 2 is paid once this report is accepted." in english.body
    assert f"/applications/{report.grant.application_id}/reports/{report.pk}/" in english.body
    report.refresh_from_db()
    assert report.due_soon_reminder_sent_at == WEEK_BEFORE


def test_an_overdue_report_is_reminded_once_more_and_never_again(report):
    with time_machine.travel(WEEK_BEFORE, tick=False):
        tasks.remind_grant_reports()
    with time_machine.travel(DUE + timedelta(minutes=30), tick=False):
        assert tasks.remind_grant_reports() == 1
    with time_machine.travel(DUE + timedelta(days=3), tick=False):
        assert tasks.remind_grant_reports() == 0
    (overdue,) = reminders("challenges.grant_report_overdue")
    assert overdue.recipient == report.founder
    assert len(reminders("challenges.grant_report_due_soon")) == 1


def test_a_report_planned_after_its_due_date_gets_only_the_overdue_reminder(report):
    with time_machine.travel(DUE + timedelta(hours=2), tick=False):
        assert tasks.remind_grant_reports() == 1
    assert len(reminders("challenges.grant_report_overdue")) == 1
    assert reminders("challenges.grant_report_due_soon") == []


def test_submitted_reports_and_unsigned_grants_are_not_reminded(report):
    with time_machine.travel(WEEK_BEFORE, tick=False):
        services.submit_grant_report(report, actor=report.founder, text="Early.")
        unsigned = services.award_grant(selected(), actor=None, amount=30 * MILLION)
        services.add_grant_report(unsigned, actor=None, kind="interim", due_at=DUE)
        member_of(unsigned.application)
        assert tasks.remind_grant_reports() == 0
    with time_machine.travel(DUE + timedelta(days=1), tick=False):
        assert tasks.remind_grant_reports() == 0
    assert Notification.objects.filter(kind__startswith="challenges.grant_report_d").count() == 0


def test_a_new_due_date_starts_the_reminders_again(report):
    with time_machine.travel(WEEK_BEFORE, tick=False):
        tasks.remind_grant_reports()
        services.reschedule_grant_report(
            report, actor=factories.StaffFactory(), due_at=DUE + timedelta(days=30)
        )
    with time_machine.travel(WEEK_BEFORE + timedelta(days=30), tick=False):
        assert tasks.remind_grant_reports() == 1
    assert len(reminders("challenges.grant_report_due_soon")) == 2
    assert GrantReport.objects.get(pk=report.pk).due_soon_reminder_sent_at is not None


def test_the_sweep_is_in_the_beat_schedule(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["challenges-remind-grant-reports"]
    assert (entry["task"], entry["schedule"]) == (
        "challenges.remind_grant_reports",
        timedelta(hours=1),
    )
