"""The reviewer's queue is paged (50 a page), open reviews first, in constant queries, and on
PostgreSQL a page is read in index order (no sort of all the reviewer's assignments)."""

import json
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import Startup
from challenges import review_selectors, services
from challenges.models import Application, ApplicationStatus, ReviewAssignment
from tests import factories

pytestmark = pytest.mark.django_db


def queue_pks(response) -> list[int]:
    return [row.pk for row in response.context["assignments"]]


def test_queue_pages_open_reviews_first(client):
    reviewer = factories.ReviewerFactory()
    done = factories.ReviewFactory(submitted=True, assignment__reviewer=reviewer).assignment
    for _ in range(54):
        factories.ReviewAssignmentFactory(reviewer=reviewer)
    client.force_login(reviewer)
    first = client.get("/review/")
    assert len(queue_pks(first)) == 50
    assert done.pk not in queue_pks(first)  # the submitted one comes last
    second = client.get("/review/?page=2")
    assert len(queue_pks(second)) == 5
    assert queue_pks(second)[-1] == done.pk


def test_queue_order_is_open_by_due_date_then_submitted_and_follows_a_submission(client):
    now = timezone.now()
    reviewer = factories.ReviewerFactory()
    application = factories.CompleteApplicationFactory(status=ApplicationStatus.UNDER_REVIEW)
    services.add_default_rubric(application.challenge, actor=None)
    soonest = services.assign_reviewer(
        application, reviewer=reviewer, actor=None, due_at=now + timedelta(days=1)
    )
    later = factories.ReviewAssignmentFactory(reviewer=reviewer, due_at=now + timedelta(days=5))
    same_due = [
        factories.ReviewAssignmentFactory(reviewer=reviewer, due_at=now + timedelta(days=3))
        for _ in range(2)
    ]
    draft = factories.ReviewFactory(
        assignment__reviewer=reviewer, assignment__due_at=now + timedelta(days=4)
    ).assignment
    submitted = factories.ReviewFactory(
        submitted=True, assignment__reviewer=reviewer, assignment__due_at=now
    ).assignment
    factories.ReviewAssignmentFactory()  # someone else's
    client.force_login(reviewer)

    response = client.get("/review/")

    assert queue_pks(response) == [
        soonest.pk,
        same_due[0].pk,
        same_due[1].pk,
        draft.pk,
        later.pk,
        submitted.pk,
    ]
    progress = {row.pk: row.progress for row in response.context["assignments"]}
    assert [progress[pk] for pk in (soonest.pk, draft.pk, submitted.pk)] == [
        "not_started",
        "draft",
        "submitted",
    ]

    # Submitting through the service moves the review to the end of the queue.
    services.accept_review_terms(application.challenge, reviewer=reviewer)
    services.confirm_no_conflict(soonest, reviewer=reviewer)
    criteria = application.challenge.criteria.all()
    services.save_review(
        soonest,
        reviewer=reviewer,
        scores={c.pk: (4, "") for c in criteria},
        recommendation="yes",
        comment="",
    )
    services.submit_review(soonest, reviewer=reviewer)
    soonest.refresh_from_db()
    assert soonest.review_submitted is True
    assert queue_pks(client.get("/review/")) == [
        same_due[0].pk,
        same_due[1].pk,
        draft.pk,
        later.pk,
        submitted.pk,
        soonest.pk,
    ]


def test_queue_shows_names_in_the_viewers_language_and_hides_blind_startups(client):
    reviewer = factories.ReviewerFactory(language="en")
    factories.ReviewAssignmentFactory(
        reviewer=reviewer,
        application__startup__name="한글바이오",
        application__startup__name_en="Hangul Bio",
        application__challenge__title_en="Open call",
    )
    blind = factories.ReviewAssignmentFactory(
        reviewer=reviewer,
        application__startup__name="숨은바이오",
        application__challenge__blind_review=True,
    )
    client.force_login(reviewer)
    page = client.get("/review/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Hangul Bio" in page
    assert "Open call" in page
    assert "숨은바이오" not in page
    assert f"Application {blind.application_id}" in page


def test_queue_queries_do_not_grow_with_assignments(client):
    reviewer = factories.ReviewerFactory()
    client.force_login(reviewer)
    client.get("/review/")  # the session, the person and their roles are kept from here on
    factories.ReviewAssignmentFactory(reviewer=reviewer)  # the kept queue is built again
    with CaptureQueriesContext(connection) as one:
        client.get("/review/")
    for _ in range(49):
        factories.ReviewFactory(assignment__reviewer=reviewer)
    with CaptureQueriesContext(connection) as many:
        response = client.get("/review/")
    assert len(queue_pks(response)) == 50
    assert len(many) == len(one)


# --- the plan on PostgreSQL ------------------------------------------------------------------


def test_queue_is_counted_on_the_assignments_alone(client):
    reviewer = factories.ReviewerFactory()
    for _ in range(3):
        factories.ReviewAssignmentFactory(reviewer=reviewer)
    client.force_login(reviewer)
    with CaptureQueriesContext(connection) as captured:
        response = client.get("/review/")
    assert response.context["page"].paginator.count == 3
    counts = [q["sql"] for q in captured.captured_queries if "COUNT(" in q["sql"]]
    assert counts, "the queue was not counted"
    assert all("JOIN" not in sql for sql in counts), counts


def plan_nodes(plan: dict) -> list[tuple[str, str]]:
    """(node type, index name) of every node of an EXPLAIN (FORMAT JSON) plan, depth first."""
    nodes = [(plan["Node Type"], plan.get("Index Name", ""))]
    for child in plan.get("Plans", []):
        nodes += plan_nodes(child)
    return nodes


@pytest.mark.postgres
def test_queue_page_is_an_index_scan_with_limit_and_no_sort():
    reviewer = factories.ReviewerFactory()
    challenge = factories.ChallengeFactory()
    due = timezone.now() + timedelta(days=7)
    reviewers = [reviewer, *(factories.ReviewerFactory() for _ in range(9))]
    # 600 applications x 10 reviewers: 600 assignments for this reviewer among 6,000.
    startups = Startup.objects.bulk_create(factories.StartupFactory.build() for _ in range(600))
    applications = Application.objects.bulk_create(
        Application(challenge=challenge, startup=startup, status=ApplicationStatus.UNDER_REVIEW)
        for startup in startups
    )
    ReviewAssignment.objects.bulk_create(
        ReviewAssignment(
            application=application,
            reviewer=person,
            due_at=due + timedelta(minutes=n % 97),
            review_submitted=n % 3 == 0,
        )
        for n, application in enumerate(applications)
        for person in reviewers
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE challenges_reviewassignment")
        cursor.execute("ANALYZE challenges_application")
    page = review_selectors.review_queue(reviewer)[:50]
    sql, params = page.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
        (plan,) = cursor.fetchone()[0]
    if isinstance(plan, str):  # some drivers hand the JSON back as text
        plan = json.loads(plan)[0]
    nodes = plan_nodes(plan["Plan"])

    assert nodes[0][0] == "Limit"
    assert ("Index Scan", "review_queue_idx") in nodes
    assert [node for node, _index in nodes if "Sort" in node] == []
    rows = review_selectors.queue_rows(page)
    assert len(rows) == 50
    assert {row.progress for row in rows} == {"not_started"}  # open ones come first
    assert [row.due_at for row in rows] == sorted(row.due_at for row in rows)
