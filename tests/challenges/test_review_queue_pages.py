"""The reviewer's queue is paged (50 a page), open reviews first, in constant queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from challenges.models import Review
from tests import factories

pytestmark = pytest.mark.django_db


def test_queue_pages_open_reviews_first(client):
    reviewer = factories.ReviewerFactory()
    done = factories.ReviewAssignmentFactory(reviewer=reviewer)
    Review.objects.create(assignment=done, submitted_at=timezone.now(), weighted_score=3)
    for _ in range(54):
        factories.ReviewAssignmentFactory(reviewer=reviewer)
    client.force_login(reviewer)
    first = client.get("/review/")
    assert len(first.context["assignments"]) == 50
    assert done not in first.context["assignments"]  # the submitted one comes last
    second = client.get("/review/?page=2")
    assert len(second.context["assignments"]) == 5
    assert done in second.context["assignments"]


def test_queue_queries_do_not_grow_with_assignments(client):
    reviewer = factories.ReviewerFactory()
    factories.ReviewAssignmentFactory(reviewer=reviewer)
    client.force_login(reviewer)
    client.get("/review/")
    with CaptureQueriesContext(connection) as one:
        client.get("/review/")
    for _ in range(30):
        factories.ReviewAssignmentFactory(reviewer=reviewer)
    with CaptureQueriesContext(connection) as many:
        client.get("/review/")
    assert len(many) == len(one)
