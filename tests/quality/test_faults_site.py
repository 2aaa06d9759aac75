"""Faults under a running site (gunicorn), with the real services: PostgreSQL connections
dropped under it, Redis stopped under it. Sign-in, pages and feeds still answer.
"""

import http.cookiejar
import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
import redis
from django.conf import settings
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.db import connection

from notifications.models import Notification
from tests.factories import UserFactory
from tests.notifications.test_outbox_live import (
    publishing_to,
    sent_keys,
    wait_until,
)
from tests.quality.fault_helpers import (
    DEADLINE,
    all_sent,
    free_port,
    sweep,
)
from tests.support.celery_worker import database_url, start_worker

pytestmark = [pytest.mark.postgres, pytest.mark.redis, pytest.mark.real_clock]


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
