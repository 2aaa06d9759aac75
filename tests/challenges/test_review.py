"""Reviewers: assignment with conflicts, the portal's terms and COI steps, scoring, blindness."""

from collections import Counter
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from challenges import services
from challenges.models import (
    ApplicationStatus,
    Review,
    ReviewAssignment,
    ReviewerConflict,
    Score,
)
from core.exceptions import DomainError
from notifications.models import Notification
from tests import factories

pytestmark = pytest.mark.django_db
DUE = timezone.now() + timedelta(days=7)


def under_review(**kwargs):
    application = factories.CompleteApplicationFactory(
        status=ApplicationStatus.UNDER_REVIEW, **kwargs
    )
    services.add_default_rubric(application.challenge, actor=None)
    return application


def ready_assignment(application=None, reviewer=None):
    """An assignment whose reviewer accepted the terms and confirmed no conflict."""
    application = application or under_review()
    reviewer = reviewer or factories.ReviewerFactory()
    assignment = services.assign_reviewer(application, reviewer=reviewer, actor=None, due_at=DUE)
    services.accept_review_terms(application.challenge, reviewer=reviewer)
    services.confirm_no_conflict(assignment, reviewer=reviewer)
    return assignment


def all_scores(assignment, value=4):
    return {c.pk: (value, "") for c in assignment.application.challenge.criteria.all()}


# --- assignment ---------------------------------------------------------------------------


def test_default_rubric_has_the_six_criteria():
    application = under_review()
    names = list(application.challenge.criteria.values_list("name_en", flat=True))
    assert names == [
        "Scientific merit",
        "Innovation",
        "Unmet medical need",
        "Team",
        "Commercial potential",
        "Fit with BMS's areas",
    ]


def test_assigning_tells_the_reviewer(django_capture_on_commit_callbacks):
    reviewer = factories.ReviewerFactory(language="en")
    with django_capture_on_commit_callbacks(execute=True):
        services.assign_reviewer(under_review(), reviewer=reviewer, actor=None, due_at=DUE)
    assert [m.to for m in mail.outbox] == [[reviewer.email]]
    assert mail.outbox[0].subject.startswith("New application to review")


@pytest.mark.parametrize("who", ["member", "conflicted", "not_in_pool"])
def test_hand_assignment_refuses_conflicted_people(who):
    application = under_review()
    person = factories.ReviewerFactory() if who != "not_in_pool" else factories.UserFactory()
    if who == "member":
        factories.StartupMembershipFactory(startup=application.startup, user=person)
    if who == "conflicted":
        ReviewerConflict.objects.create(reviewer=person, startup=application.startup, reason="x")
    with pytest.raises(DomainError):
        services.assign_reviewer(application, reviewer=person, actor=None, due_at=DUE)
    assert ReviewAssignment.objects.count() == 0


def test_auto_assignment_balances_load_and_never_picks_a_conflicted_reviewer_or_member():
    challenge = factories.ChallengeFactory()
    applications = [under_review(challenge=challenge) for _ in range(6)]
    reviewers = [factories.ReviewerFactory() for _ in range(5)]
    member = reviewers[0]
    factories.StartupMembershipFactory(startup=applications[0].startup, user=member)
    conflicted = reviewers[1]
    ReviewerConflict.objects.create(
        reviewer=conflicted, startup=applications[1].startup, reason="former employer"
    )
    created, missing = services.auto_assign_reviewers(
        applications, per_application=3, actor=None, due_at=DUE
    )
    assert (len(created), missing) == (18, {})
    pairs = {(a.application_id, a.reviewer_id) for a in created}
    assert (applications[0].pk, member.pk) not in pairs
    assert (applications[1].pk, conflicted.pk) not in pairs
    for application in applications:
        assert len([p for p in pairs if p[0] == application.pk]) == 3
    load = Counter(a.reviewer_id for a in created)
    assert max(load.values()) - min(load.values()) <= 1


def test_auto_assignment_reports_applications_it_could_not_fill():
    application = under_review()
    factories.ReviewerFactory()
    created, missing = services.auto_assign_reviewers(
        [application], per_application=3, actor=None, due_at=DUE
    )
    assert (len(created), missing) == (1, {application.pk: 2})


# --- the portal: terms, conflict, scoring -------------------------------------------------


def test_reviewer_accepts_terms_once_then_declares_no_conflict_then_sees_the_application(client):
    application = under_review(startup__name="비밀바이오")
    reviewer = factories.ReviewerFactory(language="en")
    assignment = services.assign_reviewer(application, reviewer=reviewer, actor=None, due_at=DUE)
    client.force_login(reviewer)
    url = f"/review/{assignment.pk}/"
    assert "Confidentiality terms" in client.get(url).content.decode()
    client.post(url, {"action": "accept_terms"})
    page = client.get(url).content.decode()
    assert "Conflict of interest" in page
    assert "Your scores" not in page
    client.post(url, {"action": "no_conflict"})
    page = client.get(url).content.decode()
    assert "Your scores" in page
    assert "비밀바이오" in page  # not a blind call


def test_declaring_a_conflict_removes_the_assignment_and_tells_staff(
    client, django_capture_on_commit_callbacks
):
    staff = factories.StaffFactory(language="en")
    application = under_review()
    reviewer = factories.ReviewerFactory()
    assignment = services.assign_reviewer(application, reviewer=reviewer, actor=None, due_at=DUE)
    services.accept_review_terms(application.challenge, reviewer=reviewer)
    client.force_login(reviewer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/review/{assignment.pk}/", {"action": "declare", "reason": "My co-founder's firm."}
        )
    assert response.url == "/review/"
    assert ReviewAssignment.objects.count() == 0
    assert ReviewerConflict.objects.get().startup == application.startup
    assert Notification.objects.get(kind="challenges.conflict_declared").recipient == staff
    # Never assigned to that startup again.
    created, missing = services.auto_assign_reviewers(
        [application], per_application=1, actor=None, due_at=DUE
    )
    assert (created, missing) == ([], {application.pk: 1})


def test_a_conflict_is_told_only_to_staff_accounts_of_the_programme():
    """The staff group alone is not enough: an account that lost is_staff is not told."""
    staff = factories.StaffFactory()
    former = factories.StaffFactory(is_staff=False)
    factories.StaffFactory(is_active=False)
    application = under_review()
    reviewer = factories.ReviewerFactory()
    assignment = services.assign_reviewer(application, reviewer=reviewer, actor=None, due_at=DUE)
    services.declare_conflict(assignment, reviewer=reviewer, reason="Former adviser.")
    told = Notification.objects.filter(kind="challenges.conflict_declared")
    assert [note.recipient for note in told] == [staff]
    assert former.groups.get().name == staff.groups.get().name


def test_scores_need_the_conflict_check_first():
    application = under_review()
    reviewer = factories.ReviewerFactory()
    assignment = services.assign_reviewer(application, reviewer=reviewer, actor=None, due_at=DUE)
    with pytest.raises(DomainError):
        services.save_review(
            assignment, reviewer=reviewer, scores={}, recommendation="", comment=""
        )


def test_not_applicable_is_stored_as_null_and_left_out_of_the_score():
    assignment = ready_assignment()
    criteria = list(assignment.application.challenge.criteria.all())
    scores = {c.pk: (5, "") for c in criteria}
    scores[criteria[0].pk] = (None, "Cannot judge the data.")  # n/a on the weight-3 criterion
    services.save_review(
        assignment, reviewer=assignment.reviewer, scores=scores, recommendation="yes", comment=""
    )
    review = services.submit_review(assignment, reviewer=assignment.reviewer)
    na = Score.objects.get(review=review, criterion=criteria[0])
    assert (na.value, na.comment) == (None, "Cannot judge the data.")
    assert review.weighted_score == 5.0  # n/a is not a zero


def test_weighted_score_uses_the_weights():
    assignment = ready_assignment()
    criteria = list(assignment.application.challenge.criteria.all())
    scores = {c.pk: (1, "") for c in criteria}
    scores[criteria[0].pk] = (5, "")  # weight 3 of a total 12
    services.save_review(
        assignment, reviewer=assignment.reviewer, scores=scores, recommendation="no", comment=""
    )
    review = services.submit_review(assignment, reviewer=assignment.reviewer)
    assert review.weighted_score == pytest.approx((5 * 3 + 1 * 9) / 12)


def test_submitting_needs_every_criterion_and_a_recommendation():
    assignment = ready_assignment()
    criteria = list(assignment.application.challenge.criteria.all())
    services.save_review(
        assignment,
        reviewer=assignment.reviewer,
        scores={criteria[0].pk: (3, "")},
        recommendation="",
        comment="",
    )
    with pytest.raises(DomainError) as caught:
        services.submit_review(assignment, reviewer=assignment.reviewer)
    assert caught.value.code == "unanswered"
    services.save_review(
        assignment,
        reviewer=assignment.reviewer,
        scores=all_scores(assignment),
        recommendation="",
        comment="",
    )
    with pytest.raises(DomainError) as caught:
        services.submit_review(assignment, reviewer=assignment.reviewer)
    assert caught.value.code == "no_recommendation"


def test_submitted_review_is_locked():
    assignment = ready_assignment()
    services.save_review(
        assignment,
        reviewer=assignment.reviewer,
        scores=all_scores(assignment),
        recommendation="yes",
        comment="Good.",
    )
    services.submit_review(assignment, reviewer=assignment.reviewer)
    with pytest.raises(DomainError) as caught:
        services.save_review(
            assignment,
            reviewer=assignment.reviewer,
            scores=all_scores(assignment, 1),
            recommendation="no",
            comment="",
        )
    assert caught.value.code == "locked"
    assert set(Score.objects.values_list("value", flat=True)) == {4}


def test_out_of_scale_score_is_refused():
    assignment = ready_assignment()
    criterion = assignment.application.challenge.criteria.first()
    with pytest.raises(DomainError):
        services.save_review(
            assignment,
            reviewer=assignment.reviewer,
            scores={criterion.pk: (9, "")},
            recommendation="",
            comment="",
        )
    assert Score.objects.count() == 0


def test_scoring_through_the_page(client):
    assignment = ready_assignment()
    client.force_login(assignment.reviewer)
    data = {"action": "submit", "recommendation": "strong_yes", "comment": "Excellent."}
    for criterion in assignment.application.challenge.criteria.all():
        data[f"score_{criterion.pk}"] = "5"
    data[f"score_{assignment.application.challenge.criteria.last().pk}"] = "na"
    data["action"] = "check"
    checked = client.post(f"/review/{assignment.pk}/", data)
    assert checked.status_code == 200
    assert not Review.objects.get().is_submitted
    response = client.post(f"/review/{assignment.pk}/", {"action": "submit"})
    assert response.url == "/review/"
    review = Review.objects.get()
    assert review.is_submitted
    assert review.scores.filter(value__isnull=True).count() == 1


# --- who sees what ------------------------------------------------------------------------


def test_blind_review_hides_the_startup_in_the_page_and_the_download(client):
    application = under_review(challenge__blind_review=True, startup__name="숨은바이오")
    document = application.documents.get()
    document.original_name = "숨은바이오_IR.pdf"
    document.save()
    assignment = ready_assignment(application)
    client.force_login(assignment.reviewer)
    page = client.get(f"/review/{assignment.pk}/").content.decode()
    queue = client.get("/review/").content.decode()
    response = client.get(document.get_absolute_url())
    for text in (page, queue, response["Content-Disposition"]):
        assert "숨은바이오" not in text
    assert response["Content-Disposition"] == f'attachment; filename="pitch_deck-{document.pk}.pdf"'


def test_reviewer_gets_404_on_applications_not_assigned_to_them(client):
    mine = ready_assignment()
    other = ready_assignment()
    client.force_login(mine.reviewer)
    assert client.get(f"/review/{other.pk}/").status_code == 404
    foreign_document = other.application.documents.get()
    assert client.get(foreign_document.get_absolute_url()).status_code == 404
    assert client.get(f"/applications/{other.application.pk}/").status_code == 404


def test_reviewer_cannot_download_before_declaring_no_conflict(client):
    application = under_review()
    reviewer = factories.ReviewerFactory()
    services.assign_reviewer(application, reviewer=reviewer, actor=None, due_at=DUE)
    client.force_login(reviewer)
    assert client.get(application.documents.get().get_absolute_url()).status_code == 404


def test_people_outside_the_reviewer_pool_cannot_use_the_portal(client):
    client.force_login(factories.UserFactory())
    assert client.get("/review/").status_code == 403


def test_founders_never_see_scores_or_reviewers(client):
    assignment = ready_assignment()
    reviewer = assignment.reviewer
    services.save_review(
        assignment,
        reviewer=reviewer,
        scores=all_scores(assignment),
        recommendation="yes",
        comment="Secret comment.",
    )
    services.submit_review(assignment, reviewer=reviewer)
    founder = factories.StartupMembershipFactory(startup=assignment.application.startup).user
    client.force_login(founder)
    page = client.get(f"/applications/{assignment.application.pk}/").content.decode()
    for secret in (reviewer.name, reviewer.email, "Secret comment.", "4.0"):
        assert secret not in page


def test_no_conflict_can_be_confirmed_only_after_accepting_the_terms(client):
    application = under_review()
    reviewer = factories.ReviewerFactory()
    assignment = services.assign_reviewer(application, reviewer=reviewer, actor=None, due_at=DUE)
    with pytest.raises(DomainError) as caught:
        services.confirm_no_conflict(assignment, reviewer=reviewer)
    assert caught.value.code == "terms_first"
    # Even a confirmation written past the service opens no document without the terms.
    ReviewAssignment.objects.filter(pk=assignment.pk).update(no_conflict_confirmed_at=DUE)
    client.force_login(reviewer)
    assert client.get(application.documents.get().get_absolute_url()).status_code == 404


def test_a_conflict_cannot_be_declared_after_confirming_none():
    assignment = ready_assignment()
    services.save_review(
        assignment,
        reviewer=assignment.reviewer,
        scores=all_scores(assignment),
        recommendation="yes",
        comment="",
    )
    services.submit_review(assignment, reviewer=assignment.reviewer)
    with pytest.raises(DomainError) as caught:
        services.declare_conflict(assignment, reviewer=assignment.reviewer, reason="Late.")
    assert caught.value.code == "already_confirmed"
    assert Review.objects.filter(assignment=assignment).exists()
