"""Faults, with the real services: a worker killed in the middle of sending, Redis restarted
under a running worker, PostgreSQL connections dropped under a running site.

The guarantees come from the outbox: a notification is a row in PostgreSQL; the worker locks
the row, sends, and marks it sent in one transaction; the beat sweep (`requeue_pending`)
enqueues rows that are still pending a minute later. Whatever happens to the worker or the
broker, the rows are still there and each is sent once.
"""

import email
import http.cookiejar
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections import Counter, defaultdict
from datetime import timedelta
from pathlib import Path

import pytest
import redis
from django.conf import settings
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.db import connection, transaction
from django.utils import timezone

from notifications import delivery
from notifications.models import Notification
from notifications.outbox import notify
from tests.factories import UserFactory
from tests.notifications.test_outbox_live import (
    CONTEXT,
    KIND,
    publishing_to,
    sent_keys,
    wait_until,
)
from tests.support.celery_worker import database_url, start_worker

pytestmark = [pytest.mark.postgres, pytest.mark.redis, pytest.mark.real_clock]
DEADLINE = 30.0


def notify_people(count: int) -> list[Notification]:
    with transaction.atomic():
        return [
            notify(UserFactory(), KIND, CONTEXT, key=f"fault-{uuid.uuid4().hex[:8]}")
            for _ in range(count)
        ]


def all_sent(notifications) -> bool:
    pks = [n.pk for n in notifications]
    return not Notification.objects.filter(pk__in=pks).exclude(status="sent").exists()


def sweep() -> int:
    """What beat does every minute, run as if the rows were two minutes old."""
    return delivery.requeue_pending(now=timezone.now() + timedelta(minutes=2))


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
    assert delivery_report(outbox, notifications) == {"missing": [], "repeated": {}}


def sent_messages(outbox: Path) -> list[tuple[str, str]]:
    """(notification key, Message-ID) of every message the workers wrote, oldest first."""
    messages = []
    for path in sorted(outbox.iterdir(), key=lambda p: p.stat().st_mtime_ns):
        for chunk in path.read_bytes().split(b"\n" + b"-" * 79 + b"\n"):
            if chunk.strip():
                message = email.message_from_bytes(chunk)
                key = "".join(message["X-BioHub-Notification"].split())
                messages.append((key, message["Message-ID"]))
    return messages


def delivery_report(outbox: Path, notifications) -> dict:
    """What reached the mail server, measured rather than assumed: the notifications never
    sent, and those sent more than once with how often. A repeat must carry the Message-ID of
    the first copy, so receiving systems can recognise it."""
    messages = sent_messages(outbox)
    counts = Counter(key for key, _ in messages)
    ids: dict[str, set] = defaultdict(set)
    for key, message_id in messages:
        ids[key].add(message_id)
    assert all(len(found) == 1 for found in ids.values()), ids  # one id per notification
    report = {
        "missing": sorted(n.key for n in notifications if counts[n.key] == 0),
        "repeated": {key: count for key, count in counts.items() if count > 1},
    }
    print(f"delivery: {len(messages)} messages for {len(notifications)} notifications, {report}")
    return report


def test_worker_killed_after_the_handover_repeats_the_email_with_the_same_message_id(
    transactional_db, queue_name, outbox, tmp_path, settings
):
    """The one window the outbox cannot close: the mail server has the message and the
    worker dies before its COMMIT. The row is still pending, so the email goes again (at
    least once, never lost), and the repeat carries the first copy's Message-ID."""
    die = tmp_path / "die"
    die.touch()
    env = {
        "EMAIL_BACKEND": "tests.support.email_backends.DyingAfterSendFileBackend",
        "EMAIL_FILE_PATH": str(outbox),
        "BIOHUB_DIE_AFTER_SEND_FILE": str(die),
    }
    first = start_worker(queue=queue_name, outbox=outbox, log_path=tmp_path / "w1.log", env=env)
    try:
        with publishing_to(settings.REDIS_URL, queue=queue_name):
            notifications = notify_people(3)
            wait_until(
                lambda: first.process.poll() is not None,
                what="the worker to die after handing a message over",
                worker=first,
            )
    finally:
        first.stop()
    handed_over = sent_messages(outbox)
    assert len(handed_over) == 1
    assert Notification.objects.get(key=handed_over[0][0]).status == "pending"

    second = start_worker(queue=queue_name, outbox=outbox, log_path=tmp_path / "w2.log", env=env)
    try:
        with publishing_to(settings.REDIS_URL, queue=queue_name):
            assert sweep() >= 1
            wait_until(lambda: all_sent(notifications), what="every email", worker=second)
            sweep()
            time.sleep(1)
    finally:
        second.stop()
    report = delivery_report(outbox, notifications)
    assert report == {"missing": [], "repeated": {handed_over[0][0]: 2}}
    assert sent_messages(outbox).count(handed_over[0]) == 2  # the same key, the same id


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


def gunicorn(
    tmp_path: Path, *, health_checks: bool, env: dict | None = None
) -> tuple[subprocess.Popen, str]:
    """The site under gunicorn (one sync worker, persistent connections) on the test DB.

    No control socket: gunicorn 27 puts every instance's at one path by default, so two
    instances on a machine (two test runs, the bench) would take each other's."""

    port = free_port()
    environment = {
        **os.environ,
        "DATABASE_URL": database_url(),
        "CONN_MAX_AGE": "600",
        "CONN_HEALTH_CHECKS": "1" if health_checks else "0",
        "SECRET_KEY": settings.SECRET_KEY,
        "SITE_URL": f"http://127.0.0.1:{port}",
        "EMAIL_URL": "consolemail://",
        "DJANGO_SECURE": "0",
        "ALLOWED_HOSTS": "127.0.0.1",
        "STATIC_MANIFEST": "0",  # pages link static files; no collectstatic here
        **(env or {}),
    }
    environment.pop("DJANGO_DEBUG", None)
    log = (tmp_path / f"gunicorn-{port}.log").open("wb")
    process = subprocess.Popen(
        [
            str(Path(sys.prefix) / "bin" / "gunicorn"),
            "config.wsgi",
            "-w",
            "1",
            "-b",
            f"127.0.0.1:{port}",
            "--no-control-socket",
        ],
        cwd=settings.BASE_DIR,
        env=environment,
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


def test_postgres_connection_dropped_under_a_page_the_read_is_retried(transactional_db, tmp_path):
    """Without CONN_HEALTH_CHECKS (or when PostgreSQL drops the connection mid-request) the
    first query fails; a GET is served once more on a new connection (core.middleware)."""
    process, url = gunicorn(tmp_path, health_checks=False)
    try:
        assert status(url + "/events/") == 200
        assert drop_other_connections() >= 1
        assert status(url + "/events/") == 200
        assert status(url + "/events/") == 200
    finally:
        process.terminate()
        process.wait(timeout=15)
        drop_other_connections()


# --- Redis stopped under a running site -----------------------------------------------------


class Visitor:
    """A browser, roughly: cookies kept, redirects not followed, English preferred."""

    def __init__(self, base_url: str):

        class NoRedirect(urllib.request.HTTPRedirectHandler):
            def redirect_request(self, *args, **kwargs):
                return None

        self.base_url = base_url
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.cookies), NoRedirect()
        )

    def request(self, path: str, data: dict | None = None) -> tuple[int, str]:
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        request = urllib.request.Request(
            self.base_url + path, data=body, headers={"Accept-Language": "en"}
        )
        try:
            with self.opener.open(request, timeout=DEADLINE) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()

    def submit(self, path: str, fields: dict) -> tuple[int, str]:
        """GET the form, then POST it with its CSRF token, as a browser does."""
        code, page = self.request(path)
        assert code == 200, (path, code)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        return self.request(path, {"csrfmiddlewaretoken": token, **fields})


def with_password(user, password: str):
    """A password hash the site's own hashers read (the tests' MD5 hasher is not among them)."""

    hasher = PBKDF2PasswordHasher()
    user.password = hasher.encode(password, hasher.salt(), iterations=1000)
    user.save(update_fields=["password"])
    return user


def test_redis_stopped_under_a_running_site_sign_in_and_feeds_still_answer(
    transactional_db, tmp_path, private_redis, outbox
):
    password = "a-long-and-unusual-passphrase"
    member = with_password(UserFactory(email="member@example.kr"), password)
    target = with_password(UserFactory(email="target@example.kr"), password)
    home = tmp_path / "home"
    process, url = gunicorn(
        tmp_path, health_checks=True, env={"REDIS_URL": private_redis.url, "HOME": str(home)}
    )
    worker = None
    try:
        assert status(url + "/events/calendar.ics") == 200  # the feed is cached in Redis
        private_redis.stop()

        visitor = Visitor(url)
        for path in [
            "/",
            "/accounts/login/",
            "/accounts/signup/",
            "/accounts/password/reset/",
            "/events/",
            "/events/calendar.ics",
        ]:
            assert visitor.request(path)[0] == 200, path

        code, _ = visitor.submit("/accounts/login/", {"login": member.email, "password": password})
        assert code == 302
        assert visitor.request("/profile/")[0] == 200  # signed in

        stranger = Visitor(url)
        code, _ = stranger.submit(
            "/accounts/signup/",
            {
                "email": "newcomer@example.kr",
                "name": "신규 가입자",
                "password1": password,
                "password2": password,
                "consent_collection": "on",
            },
        )
        assert code == 302
        assert stranger.submit("/accounts/password/reset/", {"email": member.email})[0] == 302

        # The limit on failed sign-ins still counts (in the web process's memory): after five
        # wrong passwords even the right one is refused, with allauth's message, not a 500.
        attacker = Visitor(url)
        for _ in range(5):
            code, page = attacker.submit(
                "/accounts/login/", {"login": target.email, "password": "wrong-guess"}
            )
            assert code == 200
            assert "Too many failed login attempts" not in page
        code, page = attacker.submit(
            "/accounts/login/", {"login": target.email, "password": password}
        )
        assert code == 200
        assert "Too many failed login attempts. Try again later." in page

        code, body = visitor.request("/health/")
        health = json.loads(body)
        assert (code, health["status"], health["database"]) == (200, "degraded", "ok")
        assert (health["cache"], health["broker"]) == ("error", "error")

        # The account emails waited in the outbox; Redis comes back (empty) and they go, once.
        pending = list(Notification.objects.filter(status="pending"))
        assert sorted(n.email for n in pending) == ["member@example.kr", "newcomer@example.kr"]
        private_redis.start()
        worker = start_worker(
            queue="celery", outbox=outbox, log_path=tmp_path / "w.log", broker_url=private_redis.url
        )
        with publishing_to(private_redis.url, queue="celery"):
            assert sweep() == 2
            wait_until(lambda: all_sent(pending), what="the account emails", worker=worker)
        assert sorted(sent_keys(outbox)) == sorted(n.key for n in pending)

        # The site goes back to Redis by itself (within core.cache's RETRY_AFTER).
        client = redis.Redis.from_url(private_redis.url.replace("/0", "/1"))
        try:
            wait_until(
                lambda: (
                    status(url + "/events/calendar.ics") == 200
                    and any(client.scan_iter(match="*events:feed*"))
                ),
                what="the site to cache the feed in Redis again",
            )
        finally:
            client.close()
        assert json.loads(visitor.request("/health/")[1])["cache"] == "ok"
    finally:
        process.terminate()
        process.wait(timeout=15)
        if worker is not None:
            worker.stop()
        log = next(tmp_path.glob("gunicorn-*.log")).read_text(errors="replace")
    assert "Internal Server Error" not in log, log[-3000:]
    # No control socket at gunicorn's shared default path (F): none under this HOME at all.
    assert not (home / ".gunicorn").exists()
