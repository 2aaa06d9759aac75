"""Appeals in people's tasks and mail: staff see open appeals with their decision date (overdue
flagged) on /home/ and in the admin; committee members see the findings they owe; the outbox
tells staff of a new appeal, members of their seat, the applicant of the decision."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.utils import translation

from challenges import tasks_for
from challenges.services import appeals
from notifications.models import Notification
from notifications.services import render_notification
from tests import factories
from tests.challenges.appeal_helpers import PUBLISHED, not_selected

pytestmark = pytest.mark.django_db

OPENED = PUBLISHED + timedelta(hours=1)  # 1 December 19:00 KST
DUE = OPENED + timedelta(days=appeals.DECISION_DAYS)  # 15 December 19:00 KST


def open_appeal():
    application, founder = not_selected()
    with time_machine.travel(OPENED, tick=False):
        return appeals.open_appeal(
            application, actor=founder, contested="not_selected", grounds=["Unfair"]
        )


def home(client, user, at):
    user.language = "en"
    user.save(update_fields=["language"])
    with time_machine.travel(at, tick=False):
        client.force_login(user)
        response = client.get("/home/")
    assert response.status_code == 200
    return re.sub(r"\s+", " ", response.content.decode())


def section(page: str, role: str) -> str:
    found = re.search(
        rf'<section class="task-group[^"]*"[^>]*data-role="{role}">(.*?)</section>', page
    )
    assert found, f"no {role} section"
    return found.group(1)


# --- staff ------------------------------------------------------------------------------------


def test_staff_tasks_list_open_appeals_with_due_date_and_overdue_flag():
    soon, later = open_appeal(), open_appeal()
    later.due_at = DUE + timedelta(days=3)
    later.save(update_fields=["due_at"])
    with translation.override("en"):
        before = tasks_for.appeal_tasks(DUE - timedelta(seconds=1))
        after = tasks_for.appeal_tasks(DUE + timedelta(seconds=1))
    assert [(t.due_at, t.overdue) for t in before] == [(DUE, False), (later.due_at, False)]
    assert [(t.due_at, t.overdue) for t in after] == [(DUE, True), (later.due_at, False)]
    assert [t.url for t in after] == [
        f"/admin/challenges/appeal/{soon.pk}/change/",
        f"/admin/challenges/appeal/{later.pk}/change/",
    ]
    assert after[0].title == "Assign an appeals committee"


def test_a_decided_appeal_leaves_the_staff_tasks():
    appeal = open_appeal()
    staff = factories.StaffFactory()
    appeals.assign_appeal_committee(appeal, actor=staff, members=[factories.ReviewerFactory()])
    appeals.decide_appeal(
        appeal, actor=staff, outcome="upheld", responses={g.pk: "No" for g in appeal.grounds.all()}
    )
    assert tasks_for.appeal_tasks(DUE + timedelta(days=1)) == []


def test_past_ten_appeals_one_row_counts_the_rest():
    for _ in range(tasks_for.APPEALS_SHOWN + 2):
        open_appeal()
    tasks = tasks_for.appeal_tasks(OPENED)
    assert len(tasks) == tasks_for.APPEALS_SHOWN + 1
    assert tasks[-1].count == 2
    assert tasks[-1].url == "/admin/challenges/appeal/?progress=open"


def test_staff_home_shows_the_overdue_appeal_in_red(client):
    appeal = open_appeal()
    staff = factories.StaffFactory()
    appeals.assign_appeal_committee(appeal, actor=staff, members=[factories.ReviewerFactory()])
    office = section(home(client, staff, DUE + timedelta(days=2)), "staff")
    assert "Decide the appeal" in office
    assert "0 of 1 findings recorded" in office
    assert "task-overdue" in office
    assert "Tue 15 Dec 2026, 19:00 KST" in office
    assert "2 days overdue" in office


def test_admin_lists_overdue_appeals_with_a_flag_and_a_filter(client):
    late, on_time = open_appeal(), open_appeal()
    on_time.due_at = DUE + timedelta(days=5)
    on_time.save(update_fields=["due_at"])
    with time_machine.travel(DUE + timedelta(days=1), tick=False):
        client.force_login(factories.StaffFactory(language="en"))
        listing = client.get("/admin/challenges/appeal/?progress=overdue")
        everything = client.get("/admin/challenges/appeal/")
    assert listing.status_code == 200
    assert list(listing.context["cl"].result_list) == [late]
    assert everything.content.decode().count('alt="True"') == 1


# --- committee members ------------------------------------------------------------------------


def test_a_member_sees_the_findings_owed_until_written(client):
    appeal = open_appeal()
    member = factories.ReviewerFactory()
    appeals.assign_appeal_committee(appeal, actor=factories.StaffFactory(), members=[member])
    tasks = tasks_for.appeal_committee_tasks(member, DUE + timedelta(seconds=1))
    assert [(t.url, t.due_at, t.overdue) for t in tasks] == [
        (f"/review/appeals/{appeal.pk}/", DUE, True)
    ]
    page = section(home(client, member, OPENED + timedelta(days=1)), "appeal_committee")
    assert "Record your finding on an appeal" in page
    appeals.record_appeal_finding(appeal, member=member, finding="Fair")
    assert tasks_for.appeal_committee_tasks(member, OPENED) == []
    page = section(home(client, member, OPENED + timedelta(days=1)), "appeal_committee")
    assert "No appeal waits for your finding." in page


def test_the_menu_links_to_the_committee_page_for_members_only(client):
    appeal = open_appeal()
    member = factories.ReviewerFactory(language="en")
    appeals.assign_appeal_committee(appeal, actor=factories.StaffFactory(), members=[member])
    client.force_login(member)
    assert 'href="/review/appeals/"' in client.get("/review/").content.decode()
    client.force_login(factories.ReviewerFactory(language="en"))
    assert 'href="/review/appeals/"' not in client.get("/review/").content.decode()


# --- notifications ----------------------------------------------------------------------------


def test_staff_are_told_when_an_appeal_is_opened(django_capture_on_commit_callbacks):
    office = [factories.StaffFactory(language="ko"), factories.StaffFactory(language="en")]
    factories.StaffFactory(is_active=False)
    appeal = open_appeal()
    rows = Notification.objects.filter(kind="challenges.appeal_opened").order_by("recipient")
    assert [row.recipient for row in rows] == office
    subject, text, _html = render_notification(rows[1])
    startup = str(appeal.application.startup.name_display)
    assert subject.startswith("Appeal received: ")
    assert startup in subject
    assert "Please assign an appeals committee" in text
    assert f"/admin/challenges/appeal/{appeal.pk}/change/" in text
    korean_subject, _text, _html = render_notification(rows[0])
    assert startup in korean_subject


def test_members_are_told_once_when_seated(django_capture_on_commit_callbacks):
    appeal = open_appeal()
    staff, member = factories.StaffFactory(), factories.ReviewerFactory(language="en")
    appeals.assign_appeal_committee(appeal, actor=staff, members=[member])
    appeals.assign_appeal_committee(appeal, actor=staff, members=[member])
    rows = Notification.objects.filter(kind="challenges.appeal_committee_assigned")
    assert [row.recipient for row in rows] == [member]
    subject, text, _html = render_notification(rows.get())
    assert "appeals committee" in subject
    assert f"/review/appeals/{appeal.pk}/" in text
    assert "Tue 15 Dec 2026, 19:00 KST" in text


def test_the_applicant_is_told_of_the_decision():
    appeal = open_appeal()
    founder = appeal.application.startup.memberships.get().user
    staff = factories.StaffFactory()
    appeals.assign_appeal_committee(appeal, actor=staff, members=[factories.ReviewerFactory()])
    appeals.decide_appeal(
        appeal,
        actor=staff,
        outcome="upheld",
        responses={g.pk: "Checked again" for g in appeal.grounds.all()},
    )
    row = Notification.objects.get(kind="challenges.appeal_decided")
    assert row.recipient == founder
    _subject, text, _html = render_notification(row)
    assert "Checked again" in text
