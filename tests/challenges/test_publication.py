"""Publishing results through a job: chunks, repeats, the sweep, and the admin's progress page.

Tasks run eagerly here (tests/conftest.py); the same paths with a real worker, a killed
worker and a broker down at commit are in test_publication_live.py.
"""

import json
from collections import Counter
from datetime import timedelta

import pytest
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import Startup
from challenges import services
from challenges.models import (
    UNDECIDED,
    Application,
    ApplicationStatus,
    PublicationJob,
    PublicationStatus,
)
from challenges.services import publication
from core.models import AuditEntry
from notifications.models import Notification
from tests import factories

pytestmark = pytest.mark.django_db


def decided_call(applications: int, *, members: int = 1):
    """A call with `applications` decided applications (`members` founders each), one
    withdrawn; returns the call and the keys of the outcomes every founder must get."""
    challenge = factories.ChallengeFactory()
    keys = []
    for n in range(applications):
        application = factories.CompleteApplicationFactory(
            challenge=challenge,
            status=ApplicationStatus.SELECTED if n % 2 else ApplicationStatus.INELIGIBLE,
        )
        for _ in range(members):
            user = factories.StartupMembershipFactory(startup=application.startup).user
            keys.append(publication.outcome_key(application.pk, user.pk))
    factories.CompleteApplicationFactory(challenge=challenge, status=ApplicationStatus.WITHDRAWN)
    return challenge, keys


def outcome_keys() -> Counter:
    return Counter(
        Notification.objects.filter(
            key__startswith="challenges.result:", channel="email"
        ).values_list("key", flat=True)
    )


def test_chunks_tell_every_member_once_and_record_progress(
    settings, django_capture_on_commit_callbacks
):
    settings.PUBLICATION_CHUNK_SIZE = 2
    challenge, keys = decided_call(5, members=2)
    with django_capture_on_commit_callbacks(execute=True):
        job = services.publish_results(challenge, actor=None).job

    job.refresh_from_db()
    assert outcome_keys() == Counter(keys)  # 10 keys, each once
    assert (job.status, job.total, job.done, job.written) == ("done", 5, 5, 10)
    assert job.started_at is not None and job.finished_at is not None
    told = AuditEntry.objects.get(action="challenges.challenge.results_told")
    assert told.data == {"job": job.pk, "applications": 5, "notifications": 10}


def test_the_outcome_links_to_the_application_page():
    challenge, _keys = decided_call(1)
    job = services.publish_results(challenge, actor=None).job
    publication.run_publication_chunk(job.pk, 0)
    notification = Notification.objects.get(key__startswith="challenges.result:")
    application = challenge.applications.get(status=ApplicationStatus.INELIGIBLE)
    assert notification.context["url"] == application.get_absolute_url()


def test_a_repeated_chunk_message_does_nothing(settings):
    settings.PUBLICATION_CHUNK_SIZE = 2
    challenge, keys = decided_call(3)
    job = services.publish_results(challenge, actor=None).job  # on-commit not run: by hand

    first = publication.run_publication_chunk(job.pk, 0)
    assert (first.status, first.done) == ("running", 2)
    # The same message again (redelivered by the broker, or the sweep's copy): a no-op.
    assert publication.run_publication_chunk(job.pk, 0) is None
    last = publication.run_publication_chunk(job.pk, first.cursor)
    assert (last.status, last.done) == ("done", 3)
    assert publication.run_publication_chunk(job.pk, last.cursor) is None
    assert outcome_keys() == Counter(keys)


def test_publishing_again_while_a_job_runs_joins_it():
    challenge, _keys = decided_call(2)
    first = services.publish_results(challenge, actor=None)
    again = services.publish_results(challenge, actor=None)
    assert (again.job.pk, again.joined, again.first_time) == (first.job.pk, True, False)
    assert PublicationJob.objects.count() == 1


def test_the_database_refuses_two_active_jobs_for_one_call():
    challenge = factories.ChallengeFactory()
    PublicationJob.objects.create(challenge=challenge)
    with pytest.raises(IntegrityError), transaction.atomic():
        PublicationJob.objects.create(challenge=challenge, status=PublicationStatus.RUNNING)
    PublicationJob.objects.create(challenge=challenge, status=PublicationStatus.DONE)


def test_the_sweep_restarts_a_stalled_job_from_its_cursor(
    settings, django_capture_on_commit_callbacks
):
    settings.PUBLICATION_CHUNK_SIZE = 2
    challenge, keys = decided_call(5)
    job = services.publish_results(challenge, actor=None).job  # its message was lost
    publication.run_publication_chunk(job.pk, 0)  # one chunk done, then the worker died
    now = timezone.now()

    with django_capture_on_commit_callbacks(execute=True):
        assert publication.resume_stalled_publications(now=now) == 0  # not stalled yet
        later = now + settings.PUBLICATION_STALLED_AFTER + timedelta(seconds=1)
        assert publication.resume_stalled_publications(now=later) == 1

    job.refresh_from_db()
    assert (job.status, job.done, job.restarts) == ("done", 5, 1)
    assert outcome_keys() == Counter(keys)
    with django_capture_on_commit_callbacks(execute=True):
        assert publication.resume_stalled_publications(now=later + timedelta(hours=1)) == 0


def test_the_sweep_gives_up_on_a_chunk_that_keeps_failing(settings):
    challenge, _keys = decided_call(1)
    job = services.publish_results(challenge, actor=None).job
    for _ in range(settings.PUBLICATION_MAX_FAILURES):
        publication.record_publication_error(job.pk, error="OperationalError('disk full')")
    later = timezone.now() + settings.PUBLICATION_STALLED_AFTER + timedelta(seconds=1)

    assert publication.resume_stalled_publications(now=later) == 0

    job.refresh_from_db()
    assert (job.status, job.failures, job.last_error) == (
        "failed",
        settings.PUBLICATION_MAX_FAILURES,
        "OperationalError('disk full')",
    )
    assert (
        AuditEntry.objects.filter(action="challenges.challenge.results_publication_failed").count()
        == 1
    )
    # Publishing again starts a new job that tells whoever was not told.
    assert services.publish_results(challenge, actor=None).job.pk != job.pk


def test_the_publishing_request_leaves_counting_the_applicants_to_the_worker(
    django_assert_num_queries,
):
    """The request's work does not grow with the call: as many queries for 1 applicant as
    for 50, and the job starts uncounted; its first chunk counts them."""
    warm_up, _keys = decided_call(1)  # fills the content-type cache the audit entry uses
    few, _keys = decided_call(1)
    many, _keys = decided_call(50)
    services.publish_results(warm_up, actor=None)
    with CaptureQueriesContext(connection) as one:
        services.publish_results(few, actor=None)
    with django_assert_num_queries(len(one.captured_queries)):
        job = services.publish_results(many, actor=None).job
    assert (job.status, job.total) == ("queued", 0)

    publication.run_publication_chunk(job.pk, 0)
    job.refresh_from_db()
    assert (job.total, job.done) == (50, 50)


def test_a_queued_job_says_it_waits_for_a_worker(client):
    client.force_login(factories.StaffFactory(language="en"))
    challenge, _keys = decided_call(2)
    job = services.publish_results(challenge, actor=None).job

    page = client.get(f"/admin/challenges/publicationjob/{job.pk}/change/").content.decode()
    assert "Waiting for a worker to start" in page
    assert "0 of 0" not in page


def test_staff_follow_the_progress_in_the_admin(client, settings):
    settings.PUBLICATION_CHUNK_SIZE = 2
    client.force_login(factories.StaffFactory(language="en"))
    challenge, _keys = decided_call(3)
    job = services.publish_results(challenge, actor=None).job
    publication.run_publication_chunk(job.pk, 0)

    listing = client.get("/admin/challenges/publicationjob/")
    page = client.get(f"/admin/challenges/publicationjob/{job.pk}/change/")

    assert (listing.status_code, page.status_code) == (200, 200)
    for html in (listing.content.decode(), page.content.decode()):
        assert "2 of 3 applications told (66%)" in html
    assert client.get("/admin/challenges/publicationjob/add/").status_code == 403


def test_people_without_staff_rights_do_not_see_the_jobs(client):
    client.force_login(factories.UserFactory())
    response = client.get("/admin/challenges/publicationjob/")
    assert response.status_code == 302


@pytest.mark.postgres
def test_the_undecided_check_reads_no_row_of_a_decided_call():
    """Publishing refuses while an application of the call is undecided. On a decided call
    the partial index application_undecided_idx holds none of its rows, so the check costs
    the same for 50 applicants as for 5,000, even where most applications of other calls
    are still undecided (the planner then expects most of any call to be undecided)."""
    busy, decided = factories.ChallengeFactory(), factories.ChallengeFactory()
    startups = Startup.objects.bulk_create(factories.StartupFactory.build() for _ in range(2500))
    Application.objects.bulk_create(
        Application(
            challenge=busy if n < 2000 else decided,
            startup=startup,
            status=ApplicationStatus.UNDER_REVIEW if n < 2000 else ApplicationStatus.NOT_SELECTED,
        )
        for n, startup in enumerate(startups)
    )
    undecided = decided.applications.filter(status__in=UNDECIDED).order_by().values("pk")
    sql, params = undecided.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE challenges_application")
        cursor.execute(f"EXPLAIN (ANALYZE, FORMAT JSON) {sql}", params)
        (plan,) = cursor.fetchone()[0]
    if isinstance(plan, str):
        plan = json.loads(plan)[0]

    scans = [node for node in plan_nodes(plan["Plan"]) if "Scan" in node["Node Type"]]
    assert [node.get("Index Name") for node in scans] == ["application_undecided_idx"]
    assert [(node["Actual Rows"], node.get("Rows Removed by Filter", 0)) for node in scans] == [
        (0, 0)
    ]


def plan_nodes(plan: dict) -> list[dict]:
    """Every node of an EXPLAIN (FORMAT JSON) plan, depth first."""
    return [plan, *(node for child in plan.get("Plans", []) for node in plan_nodes(child))]
