"""Faults, with the real services: a worker killed in the middle of sending, Redis restarted
under a running worker, PostgreSQL connections dropped under a running site.

The guarantees come from the outbox: a notification is a row in PostgreSQL; the worker locks
the row, sends, and marks it sent in one transaction; the beat sweep (`requeue_pending`)
enqueues rows that are still pending a minute later. Whatever happens to the worker or the
broker, the rows are still there and each is sent once.
"""

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from datetime import timedelta
from pathlib import Path

import pytest
from django.db import connection, transaction
from django.utils import timezone

from notifications import services
from notifications.models import Notification
from tests.factories import UserFactory
from tests.notifications.test_outbox_live import (
    CONTEXT,
    KIND,
    publishing_to,
    sent_keys,
    wait_until,
)
from tests.support.celery_worker import start_worker

pytestmark = [pytest.mark.postgres, pytest.mark.redis, pytest.mark.real_clock]
DEADLINE = 30.0


def notify_people(count: int) -> list[Notification]:
    with transaction.atomic():
        return [
            services.notify(UserFactory(), KIND, CONTEXT, key=f"fault-{uuid.uuid4().hex[:8]}")
            for _ in range(count)
        ]


def all_sent(notifications) -> bool:
    pks = [n.pk for n in notifications]
    return not Notification.objects.filter(pk__in=pks).exclude(status="sent").exists()


def sweep() -> int:
    """What beat does every minute, run as if the rows were two minutes old."""
    return services.requeue_pending(now=timezone.now() + timedelta(minutes=2))


@pytest.fixture
def queue_name():
    return f"biohub-test-faults-{uuid.uuid4().hex[:12]}"


@pytest.fixture
def outbox(tmp_path) -> Path:
    path = tmp_path / "outbox"
    path.mkdir()
    return path


def test_worker_killed_while_sending_then_each_email_goes_once(
    transactional_db, queue_name, outbox, tmp_path, settings
):
    stall = tmp_path / "stall"
    stall.touch()
    env = {
        "EMAIL_BACKEND": "tests.support.email_backends.StallingFileBackend",
        "EMAIL_FILE_PATH": str(outbox),
        "BIOHUB_STALL_FILE": str(stall),
    }
    first = start_worker(queue=queue_name, outbox=outbox, log_path=tmp_path / "w1.log", env=env)
    try:
        with publishing_to(settings.REDIS_URL, queue=queue_name):
            notifications = notify_people(3)
            entered = Path(str(stall) + ".entered")
            wait_until(entered.exists, what="the worker to start sending", worker=first)
            first.kill()  # in the middle of send_messages, before anything is written
    finally:
        first.stop()
    stall.unlink()
    assert sent_keys(outbox) == []
    assert not all_sent(notifications)  # the killed transaction sent nothing, marked nothing

    second = start_worker(queue=queue_name, outbox=outbox, log_path=tmp_path / "w2.log", env=env)
    try:
        with publishing_to(settings.REDIS_URL, queue=queue_name):
            assert sweep() >= 1
            wait_until(lambda: all_sent(notifications), what="every email", worker=second)
            # Messages the killed worker had taken come back from the broker or the sweep
            # again: the row is sent already, so they send nothing.
            sweep()
            time.sleep(1)
    finally:
        second.stop()
    keys = sent_keys(outbox)
    assert sorted(keys) == sorted(n.key for n in notifications)  # each exactly once


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class PrivateRedis:
    """A redis-server of this test's own (nothing kept on disk), to stop and start at will."""

    def __init__(self, tmp_path: Path):
        self.port = free_port()
        self.dir = tmp_path
        self.process = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                shutil.which("redis-server"),
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.dir),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + DEADLINE
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1) as s:
                    s.sendall(b"PING\r\n")
                    if s.recv(16).startswith(b"+PONG"):
                        return
            except OSError:
                time.sleep(0.1)
        pytest.fail("the private redis-server did not start")

    def stop(self) -> None:
        if self.process is not None:
            self.process.kill()
            self.process.wait(timeout=15)
            self.process = None


@pytest.fixture
def private_redis(tmp_path):
    if shutil.which("redis-server") is None:
        pytest.fail("redis-server is not installed")
    server = PrivateRedis(tmp_path)
    server.start()
    yield server
    server.stop()


def test_redis_restarted_under_a_running_worker_pending_work_resumes(
    transactional_db, queue_name, outbox, tmp_path, private_redis
):
    worker = start_worker(
        queue=queue_name, outbox=outbox, log_path=tmp_path / "w.log", broker_url=private_redis.url
    )
    try:
        with publishing_to(private_redis.url, queue=queue_name):
            before = notify_people(1)
            wait_until(lambda: all_sent(before), what="the first email", worker=worker)
            # Redis goes away with what it held; requests meanwhile still commit their rows.
            private_redis.stop()
            during = notify_people(2)
            assert not all_sent(during)
            private_redis.start()  # empty: the messages published while it was down are gone
            assert sweep() == 2
            wait_until(lambda: all_sent(during), what="the pending emails", worker=worker)
    finally:
        worker.stop()
    assert sorted(sent_keys(outbox)) == sorted(n.key for n in before + during)


def gunicorn(tmp_path: Path, *, health_checks: bool) -> tuple[subprocess.Popen, str]:
    """The site under gunicorn (one sync worker, persistent connections) on the test DB."""
    from django.conf import settings

    from tests.support.celery_worker import database_url

    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": database_url(),
        "CONN_MAX_AGE": "600",
        "CONN_HEALTH_CHECKS": "1" if health_checks else "0",
        "SECRET_KEY": settings.SECRET_KEY,
        "SITE_URL": f"http://127.0.0.1:{port}",
        "EMAIL_URL": "consolemail://",
        "DJANGO_SECURE": "0",
        "ALLOWED_HOSTS": "127.0.0.1",
    }
    env.pop("DJANGO_DEBUG", None)
    log = (tmp_path / f"gunicorn-{port}.log").open("wb")
    process = subprocess.Popen(
        [
            str(Path(sys.prefix) / "bin" / "gunicorn"),
            "config.wsgi",
            "-w",
            "1",
            "-b",
            f"127.0.0.1:{port}",
        ],
        cwd=settings.BASE_DIR,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + DEADLINE
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return process, url
        except OSError:
            time.sleep(0.1)
    process.kill()
    pytest.fail("gunicorn did not start")


def status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=DEADLINE) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def drop_other_connections() -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        return cursor.fetchone()[0]


@pytest.mark.parametrize("health_checks", [True, False], ids=["checked", "unchecked"])
def test_postgres_connection_dropped_the_next_request_recovers(
    transactional_db, tmp_path, health_checks
):
    """With CONN_HEALTH_CHECKS (the setting) the very request after the drop is served; even
    without it, the request that meets the dead connection fails alone and the next one is
    served on a new connection."""
    process, url = gunicorn(tmp_path, health_checks=health_checks)
    try:
        assert status(url + "/health/") == 200
        assert drop_other_connections() >= 1  # gunicorn's worker kept its connection
        first_after = status(url + "/health/")
        assert first_after == (200 if health_checks else 503)
        assert status(url + "/health/") == 200
        assert status(url + "/health/") == 200
    finally:
        process.terminate()
        process.wait(timeout=15)
        drop_other_connections()  # so the test database can be dropped at the end
