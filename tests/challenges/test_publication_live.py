"""Publishing results with the real services: PostgreSQL, Redis and a Celery worker process.

Every applicant gets exactly one outcome email, also when the broker is down as the staff
request commits, and when the worker is killed in the middle of a chunk. Data is committed
(`transactional_db`) so the worker can read it; the worker's queue is the test's own, and
what the worker enqueues itself (the next chunk, the sends) comes back to that queue.
"""

import threading
import time
import uuid
from collections import Counter
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path

import pytest
import redis
from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from challenges import services
from challenges.models import ApplicationStatus, PublicationJob
from challenges.services import publication
from notifications.models import Notification
from tests import factories
from tests.factories import NotificationFactory
from tests.notifications.test_outbox_live import (
    REQUEST_BUDGET,
    closed_port_url,
    publishing_to,
    sent_keys,
    wait_until,
)
from tests.support.celery_worker import start_worker

pytestmark = [pytest.mark.postgres, pytest.mark.redis, pytest.mark.real_clock]

CHUNK = 2


@pytest.fixture
def queue_name():
    name = f"biohub-test-publication-{uuid.uuid4().hex[:12]}"
    yield name
    client = redis.Redis.from_url(settings.REDIS_URL)
    try:
        keys = list(client.scan_iter(match=f"*{name}*"))
        if keys:
            client.delete(*keys)
    finally:
        client.close()


@pytest.fixture
def outbox(tmp_path) -> Path:
    path = tmp_path / "outbox"
    path.mkdir()
    return path


def worker_for(queue: str, outbox: Path, log: Path):
    return start_worker(
        queue=queue,
        outbox=outbox,
        log_path=log,
        env={"PUBLICATION_CHUNK_SIZE": str(CHUNK), "CELERY_TASK_DEFAULT_QUEUE": queue},
    )


def decided_call(applications: int):
    """A call with decided applications (one founder each); the founders in id order of
    their applications, and the outcome keys they must each get once."""
    challenge = factories.ChallengeFactory()
    founders = []
    for n in range(applications):
        application = factories.CompleteApplicationFactory(
            challenge=challenge,
            status=ApplicationStatus.SELECTED if n % 2 else ApplicationStatus.NOT_SELECTED,
        )
        founders.append(factories.StartupMembershipFactory(startup=application.startup).user)
    keys = [
        publication.outcome_key(application_id, user.pk)
        for application_id, user in zip(
            challenge.applications.order_by("pk").values_list("pk", flat=True),
            founders,
            strict=True,
        )
    ]
    return challenge, founders, keys


def results() -> Counter:
    """Outcome notifications written, by key (each must be 1)."""
    return Counter(
        Notification.objects.filter(key__startswith="challenges.result:").values_list(
            "key", flat=True
        )
    )


def all_results_sent(keys) -> bool:
    return Notification.objects.filter(key__in=keys, status="sent").count() == len(
        keys
    ) and results() == Counter(keys)


def outcome_emails(outbox: Path) -> Counter:
    return Counter(key for key in sent_keys(outbox) if key.startswith("challenges.result:"))


def sweep_later() -> int:
    """What beat does every minute, run as if the jobs had been silent long enough."""
    later = timezone.now() + settings.PUBLICATION_STALLED_AFTER + timedelta(seconds=30)
    return publication.resume_stalled_publications(now=later)


def test_broker_down_at_commit_the_sweep_tells_each_applicant_once(
    transactional_db, client, caplog, queue_name, outbox, tmp_path
):
    challenge, _founders, keys = decided_call(5)
    client.force_login(factories.StaffFactory(language="en"))

    with publishing_to(closed_port_url(), queue=queue_name):
        started = time.monotonic()
        response = client.post(
            "/admin/challenges/challenge/",
            {"action": "publish_results", "_selected_action": [challenge.pk]},
        )
        elapsed = time.monotonic() - started

    assert response.status_code == 302
    assert elapsed < REQUEST_BUDGET
    job = PublicationJob.objects.get()
    assert (job.status, job.total, job.done) == ("queued", 0, 0)  # a worker counts them
    challenge.refresh_from_db()
    assert challenge.results_published_at is not None  # the publication itself committed
    assert results() == Counter()
    warnings = [r.getMessage() for r in caplog.records if r.name == publication.__name__]
    assert len(warnings) == 1
    assert warnings[0].startswith(f"publication {job.pk} waits for the sweep: broker unavailable")

    worker = worker_for(queue_name, outbox, tmp_path / "worker.log")
    try:
        with publishing_to(settings.REDIS_URL, queue=queue_name):
            assert publication.resume_stalled_publications() == 0  # not silent long enough
            assert sweep_later() == 1
            wait_until(lambda: all_results_sent(keys), what="every outcome sent", worker=worker)
            job.refresh_from_db()
            assert (job.status, job.done, job.written) == ("done", 5, 5)
            assert sweep_later() == 0
    finally:
        worker.stop()
    assert outcome_emails(outbox) == Counter(keys)


def waiting_backends() -> list[int]:
    """Backends of this database waiting for a lock."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid FROM pg_stat_activity "
            "WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
        return [pid for (pid,) in cursor.fetchall()]


def backend_alive(pid: int) -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE pid = %s", [pid])
        return cursor.fetchone()[0] == 1


@contextmanager
def holding_key(key: str, recipient):
    """Another session writes the outcome row `key` and keeps its transaction open: a worker
    inserting the same key waits for it (the unique index), in the middle of its chunk. The
    row is rolled back when the block ends."""
    ready, release = threading.Event(), threading.Event()
    errors = []

    class Release(Exception):
        pass

    def hold():
        try:
            with transaction.atomic():
                NotificationFactory(key=key, recipient=recipient, kind="held")
                ready.set()
                release.wait(timeout=60)
                raise Release
        except Release:
            pass
        except BaseException as error:  # pragma: no cover - shown by the assertion below
            errors.append(error)
            ready.set()
        finally:
            connection.close()  # this thread's own connection

    thread = threading.Thread(target=hold)
    thread.start()
    try:
        assert ready.wait(timeout=30)
        assert errors == []
        yield
    finally:
        release.set()
        thread.join(timeout=30)


def test_worker_killed_mid_chunk_then_each_applicant_is_told_once(
    transactional_db, queue_name, outbox, tmp_path
):
    challenge, founders, keys = decided_call(5)  # chunks of 2: [0, 1] [2, 3] [4]
    with holding_key(keys[2], founders[2]):  # the second chunk's INSERT will wait here
        first = worker_for(queue_name, outbox, tmp_path / "w1.log")
        try:
            with publishing_to(settings.REDIS_URL, queue=queue_name):
                job = services.publish_results(challenge, actor=None).job
                wait_until(lambda: waiting_backends() != [], what="the chunk to wait", worker=first)
                (stuck,) = waiting_backends()
                first.kill()  # mid-chunk: its transaction never commits
        finally:
            first.stop()
    wait_until(lambda: not backend_alive(stuck), what="the killed worker's session to end")

    job.refresh_from_db()
    second_application = challenge.applications.order_by("pk").values_list("pk", flat=True)[1]
    assert (job.status, job.done, job.cursor) == ("running", 2, second_application)
    assert results() == Counter(keys[:2])  # the first chunk, and nothing of the second

    second = worker_for(queue_name, outbox, tmp_path / "w2.log")
    try:
        with publishing_to(settings.REDIS_URL, queue=queue_name):
            assert sweep_later() == 1
            wait_until(lambda: all_results_sent(keys), what="every outcome sent", worker=second)
            # The killed worker's message may come back from the broker: the job has moved
            # past its cursor, so it does nothing.
            assert publication.enqueue_chunk(job.pk, 0) is True
            time.sleep(1)
    finally:
        second.stop()
    job.refresh_from_db()
    assert (job.status, job.done, job.written, job.restarts) == ("done", 5, 5, 1)
    assert results() == Counter(keys)
    assert outcome_emails(outbox) == Counter(keys)
