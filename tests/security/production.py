"""Run as a script under production settings (no DEBUG, not under pytest, secure transport):
sign a person in through the real login form, fetch public and signed-in pages over HTTPS with
the test client, and write what the browser would receive (status, headers, cookie flags,
body) and the security settings as JSON to the file named on the command line.

tests/security/test_headers.py starts it in a subprocess: the suite itself runs with the
embedded settings and plain HTTP.
"""

import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402

HOST = "openinnovation.example"
SETTINGS = [
    "DEBUG",
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SECURE_CONTENT_TYPE_NOSNIFF",
    "SECURE_REFERRER_POLICY",
    "SECURE_CROSS_ORIGIN_OPENER_POLICY",
    "SECURE_PROXY_SSL_HEADER",
    "X_FRAME_OPTIONS",
    "SESSION_COOKIE_SECURE",
    "SESSION_COOKIE_HTTPONLY",
    "SESSION_COOKIE_SAMESITE",
    "CSRF_COOKIE_SECURE",
    "CSRF_COOKIE_HTTPONLY",
    "CSRF_COOKIE_SAMESITE",
    "LANGUAGE_COOKIE_SECURE",
    "LANGUAGE_COOKIE_HTTPONLY",
    "LANGUAGE_COOKIE_SAMESITE",
    "ACCOUNT_DEFAULT_HTTP_PROTOCOL",
    "STAFF_REQUIRE_MFA",
]


def answer(response, path: str) -> dict:
    return {
        "path": path,
        "status": response.status_code,
        "headers": dict(response.headers.items()),
        "cookies": {
            name: {
                "secure": bool(morsel["secure"]),
                "httponly": bool(morsel["httponly"]),
                "samesite": morsel["samesite"],
                # Django deletes a cookie by sending it empty and expired, without the flags.
                "deleted": morsel.value == "" and morsel["max-age"] == 0,
            }
            for name, morsel in response.cookies.items()
        },
        "body": response.content.decode(errors="replace")
        if response["Content-Type"].startswith("text/html")
        else "",
    }


def world() -> dict:
    from tests import factories

    person = factories.UserFactory(email="founder@example.kr")
    startup = factories.StartupMembershipFactory(user=person).startup
    application = factories.ApplicationFactory(startup=startup)
    event = factories.EventFactory(hybrid=True)
    return {
        "email": person.email,
        "public": [
            "/",
            "/challenges/",
            f"/challenges/{application.challenge.slug}/",
            "/events/",
            "/events/calendar/",
            f"/events/{event.slug}/",
            "/partners/",
            "/partners/office/",
            "/accounts/login/",
            "/accounts/signup/",
            "/accounts/password/reset/",
            "/no-such-page/",
        ],
        "signed_in": [
            "/profile/",
            "/startups/new/",
            f"/startups/{startup.pk}/edit/",
            "/applications/",
            f"/applications/{application.pk}/steps/team/",
            f"/events/{event.slug}/register/",
            "/mentoring/",
            "/notifications/",
        ],
    }


def main(out: Path) -> None:
    # Hashed static names need `collectstatic`; the headers do not depend on them.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    call_command("migrate", verbosity=0)
    from tests.factories import PASSWORD

    pages = world()
    anonymous = Client(HTTP_HOST=HOST)
    public = [answer(anonymous.get(path, secure=True), path) for path in pages["public"]]

    person = Client(HTTP_HOST=HOST)
    login = person.post(
        "/accounts/login/", {"login": pages["email"], "password": PASSWORD}, secure=True
    )
    signed_in = [answer(person.get(path, secure=True), path) for path in pages["signed_in"]]
    language = person.post("/language/", {"language": "en", "next": "/"}, secure=True)

    plain = Client(HTTP_HOST=HOST)
    result = {
        "settings": {name: getattr(settings, name) for name in SETTINGS},
        "public": public,
        "login": answer(login, "/accounts/login/"),
        "signed_in": signed_in,
        "language": answer(language, "/language/"),
        "plain_http": answer(plain.get("/challenges/"), "/challenges/"),
        "plain_http_health": answer(plain.get("/health/"), "/health/"),
    }
    out.write_text(json.dumps(result))


if __name__ == "__main__":
    main(Path(sys.argv[1]))
