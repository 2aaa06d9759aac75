"""Response headers and cookie flags of public and signed-in pages under production settings.

The pages are fetched by tests/security/production.py in a subprocess with a deployment's
environment (tests/security/deployment.py): the suite itself runs on the embedded settings,
with plain HTTP. The person signs in through the real login form, so the session cookie is the
one a browser would get.
"""

import json
from html.parser import HTMLParser

import pytest

from tests.security.deployment import production_env, run

ONE_YEAR = 365 * 24 * 60 * 60
FLAGS = {"secure": True, "httponly": True, "samesite": "Lax", "deleted": False}


@pytest.fixture(scope="module")
def production(tmp_path_factory) -> dict:
    tmp_path = tmp_path_factory.mktemp("production")
    out = tmp_path / "answers.json"
    env = production_env(tmp_path, EMAIL_URL="consolemail://")
    result = run(["tests/security/production.py", str(out)], env)
    assert result.returncode == 0, result.stderr[-4000:]
    return json.loads(out.read_text())


def pages(production) -> list[dict]:
    return [*production["public"], *production["signed_in"]]


def csp_of(headers: dict) -> dict[str, list[str]]:
    directives = {}
    for part in headers.get("Content-Security-Policy", "").split(";"):
        words = part.split()
        if words:
            directives[words[0]] = words[1:]
    return directives


class PageFacts(HTMLParser):
    """What in a page the Content-Security-Policy would block."""

    def __init__(self):
        super().__init__()
        self.script_nonces: list[str | None] = []
        self.inline_styles: list[str] = []
        self.style_elements = 0
        self.handlers: list[str] = []
        self.javascript_urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script":
            self.script_nonces.append(attrs.get("nonce"))
        if tag == "style":
            self.style_elements += 1
        if "style" in attrs:
            self.inline_styles.append(f"<{tag} style={attrs['style']!r}>")
        self.handlers += [f"<{tag} {name}>" for name in attrs if name.startswith("on")]
        for name in ("href", "src", "action", "formaction"):
            if (attrs.get(name) or "").strip().lower().startswith("javascript:"):
                self.javascript_urls.append(f"<{tag} {name}={attrs[name]!r}>")


def facts(body: str) -> PageFacts:
    parser = PageFacts()
    parser.feed(body)
    return parser


def test_production_settings_are_hardened(production):
    seen = production["settings"]
    assert seen["DEBUG"] is False
    assert seen["SECURE_SSL_REDIRECT"] is True
    assert seen["SECURE_HSTS_SECONDS"] >= ONE_YEAR
    assert seen["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    assert seen["SECURE_CONTENT_TYPE_NOSNIFF"] is True
    assert seen["SECURE_REFERRER_POLICY"] == "same-origin"
    assert seen["SECURE_CROSS_ORIGIN_OPENER_POLICY"] == "same-origin"
    assert seen["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert seen["X_FRAME_OPTIONS"] == "DENY"
    for cookie in ("SESSION", "CSRF", "LANGUAGE"):
        assert seen[f"{cookie}_COOKIE_SECURE"] is True, cookie
        assert seen[f"{cookie}_COOKIE_HTTPONLY"] is True, cookie
        assert seen[f"{cookie}_COOKIE_SAMESITE"] == "Lax", cookie
    assert seen["ACCOUNT_DEFAULT_HTTP_PROTOCOL"] == "https"  # links in emails
    assert seen["STAFF_REQUIRE_MFA"] is True


def test_every_page_answers_over_https(production):
    statuses = {page["path"]: page["status"] for page in pages(production)}
    assert statuses.pop("/no-such-page/") == 404
    assert set(statuses.values()) == {200}, statuses
    assert len(statuses) == 19


def test_every_page_sends_a_strict_content_security_policy(production):
    for page in pages(production):
        path, csp = page["path"], csp_of(page["headers"])
        scripts = csp.get("script-src", [])
        assert scripts[0] == "'self'", path
        assert len(scripts) == 2 and scripts[1].startswith("'nonce-"), (path, scripts)
        for directive in ("script-src", "style-src", "default-src"):
            assert "'unsafe-inline'" not in csp.get(directive, []), (path, directive)
            assert "'unsafe-eval'" not in csp.get(directive, []), (path, directive)
        assert csp["default-src"] == ["'self'"], path
        assert csp["style-src"] == ["'self'"], path
        assert csp["frame-ancestors"] == ["'none'"], path
        assert csp["object-src"] == ["'none'"], path
        assert csp["base-uri"] == ["'self'"], path
        assert csp["form-action"] == ["'self'"], path


def test_nonces_are_fresh_for_every_response(production):
    nonces = [csp_of(page["headers"])["script-src"][1] for page in pages(production)]
    assert len(set(nonces)) == len(nonces)


def test_every_page_works_under_its_policy(production):
    """Scripts carry the response's nonce; no inline style, handler or javascript: URL, which
    the policy would block (the page would look or work broken)."""
    for page in pages(production):
        path = page["path"]
        nonce = csp_of(page["headers"])["script-src"][1][len("'nonce-") : -1]
        seen = facts(page["body"])
        assert seen.script_nonces, path
        assert set(seen.script_nonces) == {nonce}, path
        assert seen.inline_styles == [], path
        assert seen.style_elements == 0, path
        assert seen.handlers == [], path
        assert seen.javascript_urls == [], path


def test_every_page_sends_the_other_security_headers(production):
    for page in pages(production):
        headers, path = page["headers"], page["path"]
        assert headers["X-Content-Type-Options"] == "nosniff", path
        assert headers["Referrer-Policy"] == "same-origin", path
        assert headers["X-Frame-Options"] == "DENY", path
        assert headers["Cross-Origin-Opener-Policy"] == "same-origin", path
        assert headers["Strict-Transport-Security"] == (
            f"max-age={ONE_YEAR}; includeSubDomains; preload"
        ), path


def test_signed_in_pages_are_not_shared_by_caches(production):
    for page in production["signed_in"]:
        assert "Cookie" in page["headers"].get("Vary", ""), page["path"]


def test_signing_in_sets_a_secure_http_only_session_cookie(production):
    login = production["login"]
    assert login["status"] == 302
    assert login["headers"]["Location"] == "/"
    assert login["cookies"]["sessionid"] == FLAGS
    assert login["cookies"]["csrftoken"] == FLAGS


def test_the_csrf_cookie_of_a_form_page_is_secure_and_http_only(production):
    login_page = next(p for p in production["public"] if p["path"] == "/accounts/login/")
    assert login_page["cookies"]["csrftoken"] == FLAGS


def test_every_cookie_set_is_secure_http_only_and_same_site(production):
    answers = [*pages(production), production["login"], production["language"]]
    cookies = [
        (answer["path"], name, flags)
        for answer in answers
        for name, flags in answer["cookies"].items()
        if not flags["deleted"]
    ]
    names = {name for _path, name, _flags in cookies}
    assert names == {"csrftoken", "sessionid", "messages", "biohub_language"}
    for path, name, flags in cookies:
        assert flags == FLAGS, (path, name)


def test_plain_http_is_sent_to_https_but_the_health_probe_is_not(production):
    redirect = production["plain_http"]
    assert redirect["status"] == 301
    assert redirect["headers"]["Location"] == "https://openinnovation.example/challenges/"
    assert production["plain_http_health"]["status"] == 200
