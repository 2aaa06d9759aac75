"""Test set-up shared by the whole suite.

Service tests carry a marker (`postgres`, `redis`, `browser`). Without the service they are
skipped with the reason; with REQUIRE_SERVICES=1 (what .ci/run sets) they fail instead, so CI
can never go green by skipping them.

BIOHUB_TEST_NOW=2026-11-01T01:30:00-05:00 runs the suite with the clock of this process moved
to that instant (and ticking) from start to end, so an answer that depends on the hour or the
day shows up at any hour (`make test-clock`). Only this process moves: Chromium, a Celery
worker or gunicorn started by a test keep the real clock, so tests marked `browser` or
`real_clock` are skipped with the reason. The database's own clock is not moved either, which
is harmless as long as no code asks it for the time (nothing does: times come from
django.utils.timezone.now()).
"""

import os
import shutil
import socket
from datetime import datetime
from urllib.parse import urlparse

import pytest

REQUIRE_SERVICES = os.environ.get("REQUIRE_SERVICES") == "1"
CHROMIUM = "/usr/bin/chromium"
PINNED_NOW = os.environ.get("BIOHUB_TEST_NOW", "")
# Tests whose other half (a browser, a worker, a server process) reads the real clock.
REAL_CLOCK_MARKERS = ("browser", "real_clock")


def _pinned_instant(text: str) -> float:
    """The POSIX timestamp of BIOHUB_TEST_NOW, which must name its UTC offset."""
    instant = datetime.fromisoformat(text)
    if instant.utcoffset() is None:
        raise pytest.UsageError(
            f"BIOHUB_TEST_NOW={text!r} has no UTC offset (write e.g. 2026-10-25T22:30:00+09:00)"
        )
    return instant.timestamp()


def pytest_configure(config):
    if PINNED_NOW:
        import time_machine  # noqa: PLC0415 -- only when BIOHUB_TEST_NOW asks for it

        # A timestamp rather than a datetime: time-machine would also switch the process's
        # TZ to the datetime's zone, and Django has set it to TIME_ZONE.
        config._biohub_clock = time_machine.travel(_pinned_instant(PINNED_NOW), tick=True)
        config._biohub_clock.start()

    from django.conf import settings  # noqa: PLC0415 -- Django is set up after this conftest is imported

    # Plain HTTP and unhashed static files for the test client and the live server.
    settings.SECURE_SSL_REDIRECT = False
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False
    settings.LANGUAGE_COOKIE_SECURE = False
    settings.SECURE_HSTS_SECONDS = 0
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Tasks run in-process unless a test starts a real worker (see tests/notifications).
    settings.CELERY_TASK_ALWAYS_EAGER = True
    from config.celery import app  # noqa: PLC0415 -- Django is set up after this conftest is imported

    app.conf.task_always_eager = True


def pytest_unconfigure(config):
    clock = getattr(config, "_biohub_clock", None)
    if clock is not None:
        clock.stop()


def pytest_report_header(config):
    if PINNED_NOW:
        from django.utils import timezone  # noqa: PLC0415 -- Django is set up after this conftest is imported

        return f"clock pinned by BIOHUB_TEST_NOW={PINNED_NOW}: now is {timezone.now():%c} UTC"
    return None


def _redis_reachable() -> tuple[bool, str]:
    url = os.environ.get("REDIS_URL", "")
    if not url:
        return False, "REDIS_URL is not set"
    parsed = urlparse(url)
    try:
        with socket.create_connection((parsed.hostname, parsed.port or 6379), timeout=2) as s:
            s.sendall(b"PING\r\n")
            if not s.recv(16).startswith(b"+PONG"):
                return False, f"Redis at {url} did not answer PING"
    except OSError as error:
        return False, f"Redis at {url} is unreachable: {error}"
    return True, ""


def _postgres_in_use() -> tuple[bool, str]:
    from django.db import connection  # noqa: PLC0415 -- Django is set up after this conftest is imported

    if connection.vendor != "postgresql":
        return False, "DATABASE_URL is not a PostgreSQL database"
    return True, ""


def _browser_available() -> tuple[bool, str]:
    if not os.path.exists(CHROMIUM):
        return False, f"{CHROMIUM} is missing (apt-get install chromium)"
    if shutil.which("node") is None and not _playwright_importable():
        return False, "playwright is not installed"
    if not _playwright_importable():
        return False, "playwright is not installed"
    return True, ""


def _playwright_importable() -> bool:
    try:
        import playwright.sync_api  # noqa: F401, PLC0415 -- optional: only the browser tests need it
    except ImportError:
        return False
    return True


SERVICE_CHECKS = {
    "postgres": _postgres_in_use,
    "redis": _redis_reachable,
    "browser": _browser_available,
}


def pytest_runtest_setup(item):
    if PINNED_NOW:
        for marker in REAL_CLOCK_MARKERS:
            if item.get_closest_marker(marker) is not None:
                pytest.skip(f"{marker} test skipped: BIOHUB_TEST_NOW moves this process's clock")
    for marker, check in SERVICE_CHECKS.items():
        if item.get_closest_marker(marker) is None:
            continue
        available, reason = check()
        if available:
            continue
        if REQUIRE_SERVICES:
            pytest.fail(f"REQUIRE_SERVICES=1 but the {marker} test cannot run: {reason}")
        pytest.skip(f"{marker} test skipped: {reason}")


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    """Uploaded files of each test land in its own temporary folder."""
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate limits and counters live in the cache; each test starts with an empty one, and
    with no fragment of the frame kept rendered."""
    from django.core.cache import cache, caches  # noqa: PLC0415 -- Django is set up after this conftest is imported

    cache.clear()
    caches["template_fragments"].clear()
    yield
