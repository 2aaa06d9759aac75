"""Response headers and cookie flags of public and signed-in pages under production settings,
and `check --deploy` clean. Production settings are read in a subprocess (see
production_probe.py): the suite itself runs on the embedded ones."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def production_env(tmp_path_factory) -> dict:
    db = tmp_path_factory.mktemp("prod") / "probe.sqlite3"
    env = {
        key: value
        for key, value in os.environ.items()
        # the suite's own switches (the browser tests set DJANGO_ALLOW_ASYNC_UNSAFE) are not
        # part of a deployment
        if key
        not in (
            "DJANGO_DEBUG",
            "REDIS_URL",
            "STAFF_REQUIRE_MFA",
            "DJANGO_SECURE",
            "DJANGO_ALLOW_ASYNC_UNSAFE",
        )
    }
    env.update(
        DATABASE_URL=f"sqlite:///{db}",
        SECRET_KEY="probe-" + "x" * 60,
        SITE_URL="https://openinnovation.example",
        EMAIL_URL="consolemail://",
        ALLOWED_HOSTS="testserver.example",
        DJANGO_SETTINGS_MODULE="config.settings",
    )
    return env


@pytest.fixture(scope="module")
def probe(production_env) -> dict:
    result = subprocess.run(
        [sys.executable, str(ROOT / "tests/quality/production_probe.py")],
        env=production_env,
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


def _csp(headers: dict) -> dict[str, list[str]]:
    policy = headers.get("Content-Security-Policy", "")
    directives = {}
    for part in policy.split(";"):
        words = part.split()
        if words:
            directives[words[0]] = words[1:]
    return directives


def test_production_settings_are_hardened(probe):
    seen = probe["settings"]
    assert seen["DEBUG"] is False
    assert seen["SECURE_HSTS_SECONDS"] >= 31_536_000
    assert seen["SESSION_COOKIE_SECURE"] and seen["CSRF_COOKIE_SECURE"]
    assert seen["SESSION_COOKIE_HTTPONLY"]


def test_production_pages_use_the_collected_static_files(probe):
    """The probe ran `collectstatic` with production's manifest storage: every page rendered
    (see below, all 200) and /health/ found the manifest."""
    assert probe["settings"]["STATICFILES_STORAGE"] == (
        "whitenoise.storage.CompressedManifestStaticFilesStorage"
    )
    assert probe["health"]["http_status"] == 200
    assert probe["health"]["body"]["static"] == "ok"


def test_every_page_sends_the_security_headers(probe):
    assert len(probe["pages"]) >= 8
    for page in probe["pages"]:
        headers, path = page["headers"], page["path"]
        assert page["status"] == 200, path
        csp = _csp(headers)
        assert csp, f"{path}: no Content-Security-Policy"
        scripts = csp.get("script-src", csp.get("default-src", []))
        assert "'unsafe-inline'" not in scripts, path
        assert "'unsafe-eval'" not in scripts, path
        assert csp.get("frame-ancestors") == ["'none'"], path
        assert csp.get("object-src") == ["'none'"], path
        assert headers.get("X-Content-Type-Options") == "nosniff", path
        assert headers.get("Referrer-Policy") == "same-origin", path
        assert headers.get("X-Frame-Options") == "DENY", path
        hsts = headers.get("Strict-Transport-Security", "")
        assert "max-age=31536000" in hsts and "includeSubDomains" in hsts, path
        assert headers.get("Cross-Origin-Opener-Policy") == "same-origin", path


def test_cookies_are_secure_and_http_only(probe):
    cookies = {}
    for page in probe["pages"]:
        cookies.update(page["cookies"])
    assert "csrftoken" in cookies  # the login form sets it
    for name, flags in cookies.items():
        assert flags["secure"], name
        assert flags["samesite"] == "Lax", name
    assert cookies["csrftoken"]["httponly"]


def test_check_deploy_is_clean(production_env):
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        env=production_env,
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
