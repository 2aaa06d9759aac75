"""Staff decisions: the transition table, reasons, audit, and publishing the results."""

import re
from datetime import UTC, datetime, timedelta
from itertools import product

import pytest
import time_machine
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

from challenges import services
from challenges.models import (
    TRANSITIONS,
    Application,
    ApplicationStatus,
    DecisionReason,
    PublicationJob,
)
from challenges.services import publication
from core.exceptions import DomainError, TransitionNotAllowed
from core.models import AuditEntry
from notifications.models import Notification
from tests import factories

pytestmark = pytest.mark.django_db


def not_selected_reason():
    return DecisionReason.objects.get(code="score")


def ineligible_reason():
    return DecisionReason.objects.get(code="not-seoul")


# The service that moves an application to each status.
MOVES = {
    ApplicationStatus.SUBMITTED: lambda a, actor: services.submit_application(a, actor=actor),
    ApplicationStatus.WITHDRAWN: lambda a, actor: services.withdraw_application(a, actor=actor),
    ApplicationStatus.SCREENING: lambda a, actor: services.move_to_screening(a, actor=actor),
    ApplicationStatus.UNDER_REVIEW: lambda a, actor: services.start_review(a, actor=actor),
    ApplicationStatus.SHORTLISTED: lambda a, actor: services.shortlist(a, actor=actor),
    ApplicationStatus.INTERVIEW: lambda a, actor: services.invite_to_interview(a, actor=actor),
    ApplicationStatus.SELECTED: lambda a, actor: services.select_application(a, actor=actor),
    ApplicationStatus.NOT_SELECTED: lambda a, actor: services.not_select_application(
        a, actor=actor, reason=not_selected_reason()
    ),
    ApplicationStatus.INELIGIBLE: lambda a, actor: services.mark_ineligible(
        a, actor=actor, reason=ineligible_reason()
    ),
}
PAIRS = list(product(ApplicationStatus.values, MOVES))


def test_every_status_has_a_row_in_the_table():
    assert set(TRANSITIONS) == set(ApplicationStatus.values)


@pytest.mark.parametrize(("current", "target"), PAIRS, ids=[f"{c}->{t}" for c, t in PAIRS])
def test_transition_table(current, target):
    application = factories.CompleteApplicationFactory(status=current)
    staff = factories.StaffFactory()
    before = Application.objects.values().get(pk=application.pk)
    if target in TRANSITIONS[current]:
        MOVES[target](application, staff)
        application.refresh_from_db()
        assert application.status == target
        entry = AuditEntry.objects.filter(object_id=str(application.pk)).latest("id")
        assert (entry.actor, entry.data["from"], entry.data["to"]) == (staff, current, target)
    else:
        with pytest.raises(TransitionNotAllowed):
            MOVES[target](application, staff)
        assert Application.objects.values().get(pk=application.pk) == before
        assert AuditEntry.objects.count() == 0


def test_not_selecting_needs_a_not_selected_reason():
    application = factories.CompleteApplicationFactory(status=ApplicationStatus.UNDER_REVIEW)
    with pytest.raises(DomainError):
        services.not_select_application(application, actor=None, reason=None)
    with pytest.raises(DomainError):  # a reason of the other kind
        services.not_select_application(application, actor=None, reason=ineligible_reason())
    application.refresh_from_db()
    assert application.status == ApplicationStatus.UNDER_REVIEW


def test_decision_records_reason_and_note_in_the_audit_log():
    application = factories.CompleteApplicationFactory(status=ApplicationStatus.SHORTLISTED)
    staff = factories.StaffFactory()
    services.not_select_application(
        application, actor=staff, reason=not_selected_reason(), note="Close call."
    )
    application.refresh_from_db()
    assert (application.decision_reason.code, application.decision_note) == ("score", "Close call.")
    entry = AuditEntry.objects.get(action="challenges.application.not_selected")
    assert entry.data == {
        "from": "shortlisted",
        "to": "not_selected",
        "reason": "score",
        "note": "Close call.",
    }


# --- publishing ---------------------------------------------------------------------------


def decided(challenge, status, *, language="ko", **kwargs):
    application = factories.CompleteApplicationFactory(challenge=challenge, status=status, **kwargs)
    user = factories.StartupMembershipFactory(
        startup=application.startup, user__language=language
    ).user
    return application, user


def test_results_cannot_be_published_while_applications_are_undecided():
    challenge = factories.ChallengeFactory()
    decided(challenge, ApplicationStatus.SELECTED)
    decided(challenge, ApplicationStatus.UNDER_REVIEW)
    with pytest.raises(DomainError) as caught:
        services.publish_results(challenge, actor=None)
    assert caught.value.code == "undecided"
    challenge.refresh_from_db()
    assert challenge.results_published_at is None
    assert Notification.objects.count() == 0


def test_selecting_tells_nobody_until_results_are_published(
    client, django_capture_on_commit_callbacks
):
    challenge = factories.ChallengeFactory()
    application, founder = decided(challenge, ApplicationStatus.SHORTLISTED, language="en")
    with django_capture_on_commit_callbacks(execute=True):
        services.select_application(application, actor=None)
    assert Notification.objects.count() == 0
    client.force_login(founder)
    assert "Under review" in client.get(application.get_absolute_url()).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        services.publish_results(challenge, actor=None)
    page = client.get(application.get_absolute_url()).content.decode()
    assert "<strong>Selected</strong>" in page


def test_publishing_tells_each_applicant_once_in_their_language(django_capture_on_commit_callbacks):
    challenge = factories.ChallengeFactory(title_en="Seoul Challenge", title_ko="서울 챌린지")
    _selected, english = decided(challenge, ApplicationStatus.SELECTED, language="en")
    _not_selected, korean = decided(
        challenge,
        ApplicationStatus.NOT_SELECTED,
        language="ko",
        decision_reason=not_selected_reason(),
    )
    _ineligible, other = decided(
        challenge, ApplicationStatus.INELIGIBLE, language="en", decision_reason=ineligible_reason()
    )
    decided(challenge, ApplicationStatus.WITHDRAWN)  # withdrawn: nothing to tell
    with django_capture_on_commit_callbacks(execute=True):
        job = services.publish_results(challenge, actor=None).job
    job.refresh_from_db()
    assert (job.status, job.total, job.done, job.written) == ("done", 3, 3, 3)
    kinds = dict(Notification.objects.values_list("recipient", "kind"))
    assert kinds == {
        english.pk: "challenges.result_selected",
        korean.pk: "challenges.result_not_selected",
        other.pk: "challenges.result_ineligible",
    }
    assert set(Notification.objects.values_list("status", flat=True)) == {"sent"}
    by_recipient = {m.to[0]: m for m in mail.outbox}
    assert by_recipient[english.email].subject == "Result of your application to Seoul Challenge"
    assert "Congratulations" in by_recipient[english.email].body
    assert "The startup is not based in Seoul." in by_recipient[other.email].body
    assert "서울 챌린지" in by_recipient[korean.email].subject
    assert "심사 점수가 선정 기준에 미치지 못했습니다." in by_recipient[korean.email].body


def test_publishing_twice_sends_nothing_new(django_capture_on_commit_callbacks):
    challenge = factories.ChallengeFactory()
    decided(challenge, ApplicationStatus.SELECTED)
    with django_capture_on_commit_callbacks(execute=True):
        services.publish_results(challenge, actor=None)
    with django_capture_on_commit_callbacks(execute=True):
        again = services.publish_results(challenge, actor=None)
    again.job.refresh_from_db()
    assert (again.job.status, again.job.written, again.first_time) == ("done", 0, False)
    assert Notification.objects.count() == 1
    assert len(mail.outbox) == 1
    assert AuditEntry.objects.filter(action="challenges.challenge.results_published").count() == 1


def publish_queries(applicants: int) -> tuple[int, int]:
    challenge = factories.ChallengeFactory()
    for n in range(applicants):
        decided(
            challenge,
            ApplicationStatus.SELECTED if n % 2 else ApplicationStatus.NOT_SELECTED,
            decision_reason=None if n % 2 else not_selected_reason(),
        )
    results = Notification.objects.filter(kind__startswith="challenges.result")
    before = results.count()  # another call's, published earlier in the test
    with CaptureQueriesContext(connection) as request:
        job = services.publish_results(challenge, actor=None).job
    assert results.count() == before  # the request tells nobody itself
    with CaptureQueriesContext(connection) as chunk:
        publication.run_publication_chunk(job.pk, job.cursor)
    assert results.count() == before + applicants
    return len(statements(request.captured_queries)), len(statements(chunk.captured_queries))


def statements(captured: list[dict]) -> list[str]:
    """The SQL statements the code asked for: one bulk INSERT counts once even where the
    driver splits it into batches (SQLite stops at 999 parameters, about 39 notification rows;
    PostgreSQL writes any number of rows in one)."""
    asked: list[str] = []
    for query in captured:
        sql = query["sql"]
        table = re.match(r'INSERT (?:OR IGNORE )?INTO ("?\w+"?)', sql)
        if table and asked and re.match(rf"INSERT (?:OR IGNORE )?INTO {table.group(1)}", asked[-1]):
            continue
        asked.append(sql)
    return asked


def test_publishing_costs_the_same_queries_for_1_and_50_applicants():
    """The request and a chunk (50 is within one) each cost a fixed number of queries."""
    assert publish_queries(1) == publish_queries(50)


def published_messages(client, challenge, capture) -> list[str]:
    with capture(execute=True):
        response = client.post(
            "/admin/challenges/challenge/",
            {"action": "publish_results", "_selected_action": [challenge.pk]},
            follow=True,
        )
    return [str(message) for message in response.context["messages"]]


def test_the_admin_says_when_results_were_already_published(
    client, django_capture_on_commit_callbacks
):
    client.force_login(factories.StaffFactory(language="en", time_zone="Asia/Seoul"))
    challenge = factories.ChallengeFactory(title_en="Seoul Challenge")
    decided(challenge, ApplicationStatus.SELECTED)
    at = datetime(2026, 3, 10, 1, 0, tzinfo=UTC)  # 10:00 in Seoul
    capture = django_capture_on_commit_callbacks

    with time_machine.travel(at, tick=False):
        first = published_messages(client, challenge, capture)
    with time_machine.travel(at + timedelta(days=1), tick=False):
        second = published_messages(client, challenge, capture)

    first_job, second_job = PublicationJob.objects.order_by("pk")
    link = '<a href="/admin/challenges/publicationjob/{}/change/">See the progress</a>'
    assert first == [
        f"{challenge}: results published; every decided applicant is being told their "
        "outcome. " + link.format(first_job.pk)
    ]
    assert second == [
        f"{challenge}: the results were already published on Tue 10 Mar 2026, 10:00 KST. "
        "Anyone not told yet (a member added since) is being told now. "
        + link.format(second_job.pk)
    ]
    assert Notification.objects.count() == 1
    assert [(job.status, job.written) for job in (first_job, second_job)] == [
        ("done", 1),
        ("done", 0),
    ]
