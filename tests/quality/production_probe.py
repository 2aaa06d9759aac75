"""Run as a script with production settings (no DEBUG, not under pytest): fetch pages over
HTTPS with the test client and print their status, headers and cookies as JSON.

tests/quality/test_security_headers.py starts it in a subprocess, because the suite itself
runs with the embedded settings (plain HTTP for the test client).
"""

import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402

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
    # Hashed static names need `collectstatic`, which a probe of headers does not.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    call_command("migrate", verbosity=0)
    from accounts.models import User

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
    }
    print(json.dumps({"pages": pages, "settings": settings_seen}))


if __name__ == "__main__":
    main()
