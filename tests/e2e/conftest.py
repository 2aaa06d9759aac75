"""Browser tests: Debian's Chromium driven by Playwright against pytest-django's live server.

Every test here carries the `browser` marker (tests/conftest.py skips it without Chromium,
or fails it with REQUIRE_SERVICES=1) and runs against the live server, so it gets a
transactional database: the server thread must see the rows the test writes and the other
way round.
"""

import os
from pathlib import Path

import pytest

# Playwright's sync API keeps an asyncio loop marked as running on the main thread for the
# whole session, so Django would refuse every ORM call the test makes
# (SynchronousOnlyOperation). No Django code runs inside that loop: the check is a false alarm.
# Set at import, not per test: the loop outlives the e2e tests and later tests in the session
# would trip over it too.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
E2E_DIR = Path(__file__).resolve().parent


def pytest_collection_modifyitems(config, items):
    # This hook sees the whole session's items, not only this folder's.
    for item in items:
        if E2E_DIR in Path(item.path).resolve().parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "headless": browser_type_launch_args.get("headless", True),
        "args": CHROMIUM_ARGS,
    }


@pytest.fixture(scope="session")
def base_url(live_server):
    """Relative URLs (page.goto("/")) go to the live server.

    Because every `page` depends on this fixture, a test that drives the browser always has
    the live server, and with it a transactional database.
    """
    return live_server.url


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    # A visitor in Seoul whose browser asks for Korean, as most of the site's users are.
    return {**browser_context_args, "locale": "ko-KR", "timezone_id": "Asia/Seoul"}
