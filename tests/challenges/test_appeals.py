"""Appeals (이의신청): the window in Seoul time, one per application, the committee, the
decision with an answer per ground, overturning through the table and the budget guard."""

from datetime import timedelta

import pytest
import time_machine
from django.db import connection

from challenges import services
from challenges.exceptions import ApplicationError
from challenges.models import Appeal, AppealStatus, ApplicationStatus, Challenge, ReviewerConflict
from challenges.services import appeals
from core.exceptions import DomainError, TransitionNotAllowed
from core.models import AuditEntry
from notifications.models import Notification
from tests import factories
from tests.challenges.appeal_helpers import CLOSES, PUBLISHED, decided_call, not_selected
from tests.challenges.grant_helpers import pdf
from tests.support.race import race

pytestmark = pytest.mark.django_db


def open_one(application, founder, **kwargs):
    return appeals.open_appeal(
        application,
        actor=founder,
        contested=kwargs.pop("contested", "not_selected"),
        grounds=kwargs.pop("grounds", ["The reviewers misread our in vivo data."]),
        **kwargs,
    )


# --- the window -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("moment", "allowed"),
    [
        (PUBLISHED - timedelta(seconds=1), False),
        (PUBLISHED, True),
        (CLOSES - timedelta(seconds=1), True),
        (CLOSES, False),
        (CLOSES + timedelta(seconds=1), False),
    ],
)
def test_appeal_window_edges_in_seoul_time(moment, allowed):
    application, founder = not_selected()
    with time_machine.travel(moment, tick=False):
        if allowed:
            appeal = open_one(application, founder)
            assert appeal.due_at == moment + timedelta(days=appeals.DECISION_DAYS)
        else:
            with pytest.raises(ApplicationError) as refusal:
                open_one(application, founder)
            assert refusal.value.code == "appeal_window"
    assert Appeal.objects.count() == (1 if allowed else 0)


def test_no_appeal_when_the_call_has_no_window():
    application, founder = not_selected(decided_call())
    application.challenge.appeal_window_days = 0
    application.challenge.save()
    with (
        time_machine.travel(PUBLISHED + timedelta(hours=1), tick=False),
        pytest.raises(ApplicationError),
    ):
        open_one(application, founder)


def test_a_selected_application_cannot_appeal():
    application, founder = not_selected(status="selected")
    with (
        time_machine.travel(PUBLISHED + timedelta(hours=1), tick=False),
        pytest.raises(ApplicationError),
    ):
        open_one(application, founder)


def test_opening_an_appeal_keeps_grounds_documents_and_audits():
    application, founder = not_selected()
    with time_machine.travel(PUBLISHED + timedelta(hours=1), tick=False):
        appeal = open_one(application, founder, grounds=["One", " ", "Two"], uploads=[pdf()])
    assert [g.text for g in appeal.grounds.all()] == ["One", "Two"]
    assert [d.original_name for d in appeal.documents.all()] == ["report.pdf"]
    assert list(
        AuditEntry.objects.filter(action="challenges.appeal.opened").values_list(
            "data__grounds", flat=True
        )
    ) == [2]


def test_an_appeal_cannot_be_opened_twice():
    application, founder = not_selected()
    with time_machine.travel(PUBLISHED + timedelta(hours=1), tick=False):
        open_one(application, founder)
        with pytest.raises(ApplicationError) as refusal:
            open_one(application, founder)
    assert refusal.value.code == "already_appealed"
    assert Appeal.objects.count() == 1


@pytest.mark.postgres
def test_two_members_appealing_at_once_make_one_appeal(transactional_db):
    application, founder = not_selected()
    second = factories.StartupMembershipFactory(startup=application.startup).user
    with time_machine.travel(PUBLISHED + timedelta(hours=1), tick=False):
        made, refusals = race(lambda person: open_one(application, person), [founder, second])
    assert (len(made), [r.code for r in refusals]) == (1, ["already_appealed"])
    assert Appeal.objects.filter(application=application).count() == 1


@pytest.mark.postgres
def test_race_without_the_constraint_makes_two_appeals(transactional_db):
    """Proof the race above is real: without one_appeal_per_application both appeals pass the
    Python checks and two rows are written."""
    application, founder = not_selected()
    second = factories.StartupMembershipFactory(startup=application.startup).user
    constraint = next(c for c in Appeal._meta.constraints if c.name == "one_appeal_per_application")
    with connection.schema_editor() as editor:
        editor.remove_constraint(Appeal, constraint)
    try:
        with time_machine.travel(PUBLISHED + timedelta(hours=1), tick=False):
            made, refusals = race(lambda person: open_one(application, person), [founder, second])
        assert (len(made), refusals) == (2, [])
        assert Appeal.objects.filter(application=application).count() == 2
    finally:
        Appeal.objects.all().delete()
        with connection.schema_editor() as editor:
            editor.add_constraint(Appeal, constraint)


# --- the committee ----------------------------------------------------------------------------


@pytest.fixture
def appeal():
    application, founder = not_selected()
    with time_machine.travel(PUBLISHED + timedelta(hours=1), tick=False):
        return open_one(application, founder, grounds=["Scores", "Eligibility"])


def test_committee_of_a_reviewer_without_ties_sends_the_appeal_to_review(appeal):
    staff, member = factories.StaffFactory(), factories.ReviewerFactory()
    appeals.assign_appeal_committee(appeal, actor=staff, members=[member, staff])
    appeal.refresh_from_db()
    assert appeal.status == AppealStatus.IN_REVIEW
    assert set(appeal.committee.all()) == {member, staff}


def test_committee_never_includes_a_reviewer_of_the_application(appeal):
    reviewed = factories.ReviewAssignmentFactory(application=appeal.application).reviewer
    with pytest.raises(ApplicationError) as refusal:
        appeals.assign_appeal_committee(
            appeal, actor=factories.StaffFactory(), members=[factories.ReviewerFactory(), reviewed]
        )
    assert refusal.value.code == "committee_member"
    assert appeal.members.count() == 0


def test_committee_never_includes_a_conflicted_person(appeal):
    conflicted = factories.ReviewerFactory()
    ReviewerConflict.objects.create(
        reviewer=conflicted, startup=appeal.application.startup, reason="former employer"
    )
    with pytest.raises(ApplicationError):
        appeals.assign_appeal_committee(
            appeal, actor=factories.StaffFactory(), members=[conflicted]
        )


def test_committee_never_includes_a_member_of_the_startup_or_an_outsider(appeal):
    founder = appeal.application.startup.memberships.get().user
    for person in (founder, factories.UserFactory()):
        with pytest.raises(ApplicationError):
            appeals.assign_appeal_committee(
                appeal, actor=factories.StaffFactory(), members=[person]
            )


def test_a_committee_member_records_a_finding_and_rescore(appeal):
    member = factories.ReviewerFactory()
    appeals.assign_appeal_committee(appeal, actor=factories.StaffFactory(), members=[member])
    seat = appeals.record_appeal_finding(appeal, member=member, finding="Fair", rescore=3.5)
    assert (seat.finding, seat.rescore) == ("Fair", 3.5)
    with pytest.raises(ApplicationError):
        appeals.record_appeal_finding(appeal, member=factories.ReviewerFactory(), finding="x")


# --- the decision -----------------------------------------------------------------------------


def in_review(appeal):
    staff = factories.StaffFactory()
    appeals.assign_appeal_committee(appeal, actor=staff, members=[factories.ReviewerFactory()])
    return staff


def answers(appeal, text="Answered"):
    return {g.pk: f"{text} {g.pk}" for g in appeal.grounds.all()}


def test_decision_needs_an_answer_to_every_ground(appeal):
    staff = in_review(appeal)
    first = appeal.grounds.first()
    with pytest.raises(ApplicationError) as refusal:
        appeals.decide_appeal(
            appeal, actor=staff, outcome="upheld", responses={first.pk: "only one"}
        )
    assert refusal.value.code == "response_required"


def test_upheld_decision_tells_each_member_with_the_answers(
    appeal, django_capture_on_commit_callbacks
):
    staff = in_review(appeal)
    appeals.decide_appeal(appeal, actor=staff, outcome="upheld", responses=answers(appeal))
    appeal.refresh_from_db()
    assert appeal.status == AppealStatus.UPHELD
    assert appeal.application.status == ApplicationStatus.NOT_SELECTED
    notification = Notification.objects.get(kind="challenges.appeal_decided")
    assert [g["response"] for g in notification.context["grounds"]] == list(
        answers(appeal).values()
    )


def test_overturning_moves_the_application_through_the_table_with_audit(appeal):
    staff = in_review(appeal)
    appeals.decide_appeal(
        appeal,
        actor=staff,
        outcome="overturned",
        responses=answers(appeal),
        new_status="under_review",
    )
    appeal.application.refresh_from_db()
    assert appeal.application.status == ApplicationStatus.UNDER_REVIEW
    entry = AuditEntry.objects.get(action="challenges.application.overturned_on_appeal")
    assert (entry.data["from"], entry.data["to"]) == ("not_selected", "under_review")


def test_overturning_to_a_status_outside_the_table_is_refused(appeal):
    staff = in_review(appeal)
    with pytest.raises(TransitionNotAllowed):
        appeals.decide_appeal(
            appeal,
            actor=staff,
            outcome="overturned",
            responses=answers(appeal),
            new_status="screening",
        )
    appeal.refresh_from_db()
    assert appeal.status == AppealStatus.IN_REVIEW


def test_overturning_with_a_grant_respects_the_budget_guard(appeal):
    challenge = appeal.application.challenge
    Challenge.objects.filter(pk=challenge.pk).update(total_budget=60_000_000)
    winner = factories.ApplicationFactory(challenge=challenge, status="selected")
    staff = in_review(appeal)
    services.award_grant(winner, actor=staff, amount=50_000_000)  # 10,000,000원 left
    with pytest.raises(DomainError) as refusal:
        appeals.decide_appeal(
            appeal,
            actor=staff,
            outcome="overturned",
            responses=answers(appeal),
            new_status="selected",
            grant_amount=20_000_000,
        )
    assert refusal.value.code == "over_budget"
    appeal.refresh_from_db()
    appeal.application.refresh_from_db()
    assert (appeal.status, appeal.application.status) == ("in_review", "not_selected")
    appeals.decide_appeal(
        appeal,
        actor=staff,
        outcome="overturned",
        responses=answers(appeal),
        new_status="selected",
        grant_amount=10_000_000,
    )
    appeal.application.refresh_from_db()
    assert appeal.application.status == "selected"
    assert appeal.application.grant.amount == 10_000_000


def test_an_open_appeal_cannot_be_decided_before_the_committee(appeal):
    with pytest.raises(TransitionNotAllowed):
        appeals.decide_appeal(
            appeal, actor=factories.StaffFactory(), outcome="upheld", responses=answers(appeal)
        )
