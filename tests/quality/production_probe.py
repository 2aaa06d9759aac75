"""Run as a script with production settings (no DEBUG, not under pytest): collect the static
files with the production (manifest) storage into a temporary folder, fetch pages over HTTPS
with the test client and print their status, headers and cookies, and /health/, as JSON.

tests/quality/test_security_headers.py starts it in a subprocess, because the suite itself
runs with the embedded settings (plain HTTP for the test client).
"""

import json
import os
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402

from accounts.models import User  # noqa: E402

PUBLIC = ["/", "/challenges/", "/events/", "/partners/", "/partners/office/", "/accounts/login/"]
SIGNED_IN = ["/profile/", "/notifications/", "/applications/"]


def fetch(client: Client, path: str) -> dict:
    response = client.get(path, secure=True, headers={"host": "testserver.example"})
    return {
        "path": path,
        "status": response.status_code,
        "headers": dict(response.headers.items()),
        "cookies": {
            name: {
                "secure": bool(morsel["secure"]),
                "httponly": bool(morsel["httponly"]),
                "samesite": morsel["samesite"],
            }
            for name, morsel in response.cookies.items()
        },
    }


def main() -> None:
    # Production's manifest storage, as after the README's `collectstatic --no-input`, into a
    # folder of its own: the pages link the hashed names, as they do in production.
    static_root = tempfile.mkdtemp(prefix="probe-static-")
    try:
        settings.STATIC_ROOT = static_root
        call_command("collectstatic", interactive=False, verbosity=0)
        probe()
    finally:
        shutil.rmtree(static_root, ignore_errors=True)


def probe() -> None:
    call_command("migrate", verbosity=0)

    user, _ = User.objects.get_or_create(email="probe@example.kr", defaults={"name": "Probe"})
    anonymous, signed_in = Client(), Client()
    pages = [fetch(anonymous, path) for path in PUBLIC]
    signed_in.force_login(user)
    pages += [fetch(signed_in, path) for path in SIGNED_IN]
    settings_seen = {
        "SECURE_HSTS_SECONDS": settings.SECURE_HSTS_SECONDS,
        "SESSION_COOKIE_SECURE": settings.SESSION_COOKIE_SECURE,
        "CSRF_COOKIE_SECURE": settings.CSRF_COOKIE_SECURE,
        "SESSION_COOKIE_HTTPONLY": settings.SESSION_COOKIE_HTTPONLY,
        "DEBUG": settings.DEBUG,
        "STATICFILES_STORAGE": settings.STORAGES["staticfiles"]["BACKEND"],
    }
    health = anonymous.get("/health/", headers={"host": "testserver.example"})
    print(
        json.dumps(
            {
                "pages": pages,
                "settings": settings_seen,
                "health": {"http_status": health.status_code, "body": health.json()},
            }
        )
    )


if __name__ == "__main__":
    main()
