"""Deadline rush: founders applying at once, each walking the application's steps like a
browser (GET a step, POST it with the form's CSRF token, upload the pitch deck, submit), against
gunicorn, PostgreSQL, Redis and a Celery worker. Afterwards the database is checked: every
founder's application exists, submitted, with the answers posted and the pitch deck.

One connection per request (gunicorn's sync workers close each), redirects not followed (a POST's
answer is its redirect, checked against the step it should lead to). The founders' browsers run
on the machine the site runs on, so they are kept cheap (Browser.request).
"""

import contextlib
import re
import socket
import statistics
import threading
import time
import uuid
from datetime import timedelta
from http.cookies import SimpleCookie
from urllib.parse import urlencode, urlsplit

from django.test import Client
from django.utils import timezone

from accounts.models import Startup
from challenges.models import Application, Challenge
from notifications.models import Notification

SLUG = "bench-rush"
WARM_UP_FOUNDERS = 6  # two per gunicorn worker on 2 cores
FORM_STEPS = ["team", "technology", "fit", "support"]
NEXT = {
    "team": "technology",
    "technology": "fit",
    "fit": "support",
    "support": "documents",
    "documents": "documents",
    "consents": "review",
}
CSRF_INPUT = re.compile(
    r'<input[^>]*name="csrfmiddlewaretoken"[^>]*value="([^"]+)"'
    r'|<input[^>]*value="([^"]+)"[^>]*name="csrfmiddlewaretoken"'
)


def tiny_pdf(text: str) -> bytes:
    """A valid one-page PDF (catalog, pages, page, content stream; a correct xref table)."""
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def answers(n: int, area_id: int) -> dict:
    """What founder `n` types into each step (form values, as posted)."""
    return {
        "team": {"team_summary": f"Founder {n} and two scientists from KAIST.", "team_size": "3"},
        "technology": {
            "therapeutic_area": str(area_id),
            "modality": "antibody",
            "development_stage": "preclinical",
            "target_indication": f"CD47 / AML, programme {n}",
            "technology_summary": f"A bispecific antibody, variant {n}.",
            "unmet_need": "Relapsed AML has few options.",
        },
        "fit": {"bms_fit": f"Hematology is a BMS focus ({n})."},
        "support": {
            "wants_grant": "on",
            "wants_coaching": "on",
            "requested_grant_amount": f"{30_000_000 + n:,}",
            "grant_use_plan": "In vivo efficacy studies.",
        },
    }


def expected_fields(n: int, area_id: int) -> dict:
    """The answers as the application row should hold them."""
    return {
        "team_summary": f"Founder {n} and two scientists from KAIST.",
        "team_size": 3,
        "therapeutic_area_id": area_id,
        "modality": "antibody",
        "development_stage": "preclinical",
        "target_indication": f"CD47 / AML, programme {n}",
        "technology_summary": f"A bispecific antibody, variant {n}.",
        "unmet_need": "Relapsed AML has few options.",
        "bms_fit": f"Hematology is a BMS focus ({n}).",
        "wants_grant": True,
        "wants_coaching": True,
        "requested_grant_amount": 30_000_000 + n,
        "grant_use_plan": "In vivo efficacy studies.",
    }


def lost_drafts(challenge, expected: dict[int, dict]) -> list[str]:
    """What the database lost of the founders' work: for each startup id of `expected` whose
    application is missing, not submitted, holds other answers or has no pitch deck, one
    sentence. Empty when nothing was lost."""
    applications = {
        application.startup_id: application
        for application in Application.objects.filter(
            challenge=challenge, startup_id__in=expected
        ).prefetch_related("documents")
    }
    problems = []
    for startup_id, fields in expected.items():
        application = applications.get(startup_id)
        if application is None:
            problems.append(f"startup {startup_id}: no application")
            continue
        wrong = [name for name, value in fields.items() if getattr(application, name) != value]
        if application.status != "submitted" or application.submitted_at is None:
            wrong.append(f"status {application.status}")
        if not any(d.kind == "pitch_deck" for d in application.documents.all()):
            wrong.append("no pitch deck")
        if wrong:
            problems.append(f"startup {startup_id}: {', '.join(wrong)}")
    return problems


def prepare(founders: int) -> tuple[Challenge, list[tuple[int, Startup, dict]]]:
    """Open the rush's call around now, remove the last run's applications, sign the founders
    in (a session cookie each)."""
    now = timezone.now()
    Challenge.objects.filter(slug=SLUG).update(
        opens_at=now - timedelta(days=7), closes_at=now + timedelta(days=7), is_published=True
    )
    challenge = Challenge.objects.get(slug=SLUG)
    startups = list(
        Startup.objects.filter(name__startswith="마감 스타트업 ")
        .prefetch_related("memberships__user")
        .order_by("pk")[:founders]
    )
    users = [startup.memberships.all()[0].user for startup in startups]
    Notification.objects.filter(recipient__in=users).delete()
    Application.objects.filter(challenge=challenge).delete()
    people = []
    for n, (startup, user) in enumerate(zip(startups, users, strict=True)):
        client = Client()
        client.force_login(user)
        people.append((n, startup, {"sessionid": client.cookies["sessionid"].value}))
    return challenge, people


class Browser:
    """One founder's browser: keeps cookies, never follows redirects."""

    def __init__(self, base: str, cookies: dict):
        parts = urlsplit(base)
        self.host, self.port = parts.hostname, parts.port
        self.cookies = dict(cookies)

    def request(self, method, path, *, body=None, content_type=None):
        """One request on a connection of its own: the status, the Location header and the
        body as text. HTTP/1.1 written and read on the socket here: the standard library's
        http.client parses every answer's headers with the email package, and the founders'
        browsers took some 5 % of the CPU time of a rush from the two cores the site has
        (0.84 s for 56 walks; 0.41 s read here)."""
        lines = [
            f"{method} {path} HTTP/1.1",
            f"Host: {self.host}:{self.port}",
            "Connection: close",
            "Cookie: " + "; ".join(f"{k}={v}" for k, v in self.cookies.items()),
        ]
        if body is not None:
            lines += [f"Content-Type: {content_type}", f"Content-Length: {len(body)}"]
        with socket.create_connection((self.host, self.port), timeout=120) as connection:
            connection.sendall(("\r\n".join(lines) + "\r\n\r\n").encode() + (body or b""))
            chunks = []
            while chunk := connection.recv(1 << 18):
                chunks.append(chunk)
        head, _blank, content = b"".join(chunks).partition(b"\r\n\r\n")
        status_line, *header_lines = head.decode("latin-1").split("\r\n")
        try:
            status = int(status_line.split(" ", 2)[1])
        except (IndexError, ValueError):
            raise StepFailed(f"{method} {path}: no HTTP answer ({status_line[:60]!r})") from None
        location, length = "", None
        for line in header_lines:
            name, _colon, value = line.partition(":")
            name, value = name.strip().lower(), value.strip()
            if name == "location":
                location = value
            elif name == "content-length":
                length = int(value)
            elif name == "transfer-encoding":
                raise StepFailed(f"{method} {path}: a {value} answer, not read here")
            elif name == "set-cookie":
                for cookie, morsel in SimpleCookie(value).items():
                    if morsel["max-age"] == "0" or not morsel.value:
                        self.cookies.pop(cookie, None)
                    else:
                        self.cookies[cookie] = morsel.value
        if length is not None and len(content) != length:
            raise StepFailed(f"{method} {path}: {len(content)} of {length} bytes")
        return status, location, content.decode("utf-8", "replace")


class StepFailed(Exception):
    pass


def _multipart(fields: dict, filename: str, content: bytes) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    parts = []
    for name, value in fields.items():
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'
        )
    head = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{filename}"\r\n'
        "Content-Type: application/pdf\r\n\r\n"
    )
    body = "".join(parts).encode() + head.encode() + content + f"\r\n--{boundary}--\r\n".encode()
    return body, f"multipart/form-data; boundary={boundary}"


def walk(base: str, n: int, startup_id: int, cookies: dict, area_id: int, timings: dict) -> None:
    """One founder from the call's apply page to the confirmation; raises StepFailed."""
    browser = Browser(base, cookies)

    def timed(label, method, path, **kwargs):
        start = time.perf_counter()
        status, location, text = browser.request(method, path, **kwargs)
        timings.setdefault(label, []).append(time.perf_counter() - start)
        return status, location, text

    def get(path):
        """The form's CSRF token, and the path it was found on (a GET follows redirects, as
        a browser does: a language prefix, say)."""
        for _hop in range(3):
            status, location, text = timed("GET step", "GET", path)
            if status not in (301, 302, 303) or not location.startswith("/"):
                break
            path = location
        if status != 200:
            raise StepFailed(f"GET {path}: {status} {location}")
        match = CSRF_INPUT.search(text)
        if match is None:
            raise StepFailed(f"GET {path}: no CSRF token in the form")
        return match.group(1) or match.group(2), path

    def post(label, path, data, leads_to, *, upload=None):
        if upload:
            body, content_type = _multipart(data, *upload)
        else:
            body, content_type = urlencode(data).encode(), "application/x-www-form-urlencoded"
        status, location, _text = timed(label, "POST", path, body=body, content_type=content_type)
        if status != 302 or not urlsplit(location).path.endswith(leads_to):
            raise StepFailed(f"POST {path}: {status} to {location!r}, not …{leads_to}")
        return urlsplit(location).path

    token, start = get(f"/challenges/{SLUG}/apply/")
    first = post(
        "POST step",
        start,
        {"csrfmiddlewaretoken": token, "startup": startup_id},
        "/steps/team/",
    )
    steps = first.removesuffix("team/")
    typed = answers(n, area_id)
    for step in FORM_STEPS:
        token, _path = get(f"{steps}{step}/")
        data = {"csrfmiddlewaretoken": token, **typed[step], "go": "next"}
        post("POST step", f"{steps}{step}/", data, f"/steps/{NEXT[step]}/")
    token, _path = get(f"{steps}documents/")
    post(
        "upload PDF",
        f"{steps}documents/",
        {"csrfmiddlewaretoken": token, "kind": "pitch_deck", "go": "upload"},
        "/steps/documents/",
        upload=(f"pitch-deck-{n}.pdf", tiny_pdf(f"Pitch deck {n}")),
    )
    token, _path = get(f"{steps}consents/")
    data = {"csrfmiddlewaretoken": token, "collection": "on", "third_party": "on"}
    post("POST step", f"{steps}consents/", data, "/steps/review/")
    token, _path = get(f"{steps}review/")
    application = steps.removesuffix("steps/")
    confirmation = post(
        "submit", f"{application}submit/", {"csrfmiddlewaretoken": token}, "/confirmation/"
    )
    status, location, _text = timed("GET step", "GET", confirmation)
    if status != 200:
        raise StepFailed(f"GET {confirmation}: {status} {location}")


def warm_up(base: str, founders: int) -> None:
    """A few founders walk the steps first, unmeasured, so that every gunicorn worker has
    loaded the steps' code and templates, as on a deadline day the site has been serving
    for hours; their applications are removed again by the measured run's prepare()."""
    challenge, people = prepare(founders)
    area_id = challenge.therapeutic_areas.get().pk
    threads = [
        threading.Thread(target=_walk_quietly, args=(base, n, startup.pk, cookies, area_id))
        for n, startup, cookies in people
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def _walk_quietly(base, n, startup_id, cookies, area_id) -> None:
    with contextlib.suppress(StepFailed, OSError):
        walk(base, n, startup_id, cookies, area_id, {})  # the measured run reports failures


def run(base: str, founders: int, meter) -> dict:
    """All founders at once (one thread each, released together) after a warm-up; the
    figures and the database check."""
    warm_up(base, WARM_UP_FOUNDERS)
    challenge, people = prepare(founders)
    area_id = challenge.therapeutic_areas.get().pk
    timings: dict[str, list[float]] = {}
    errors: list[str] = []
    done: list[int] = []
    gate = threading.Barrier(len(people) + 1)

    def founder(n, startup, cookies):
        gate.wait()
        try:
            walk(base, n, startup.pk, cookies, area_id, timings)
        except (StepFailed, OSError) as error:
            errors.append(f"founder {n}: {error}")
        else:
            done.append(n)

    threads = [threading.Thread(target=founder, args=person) for person in people]
    for thread in threads:
        thread.start()
    meter.start()
    gate.wait()
    start = time.perf_counter()
    for thread in threads:
        thread.join()
    seconds = time.perf_counter() - start
    used = meter.seconds()
    lost = lost_drafts(
        challenge, {startup.pk: expected_fields(n, area_id) for n, startup, _c in people}
    )
    requests = sum(len(samples) for samples in timings.values())
    return {
        "founders": len(people),
        "seconds": seconds,
        "per_second": len(done) / seconds,
        "p95": {label: _p95(samples) * 1000 for label, samples in sorted(timings.items())},
        "errors": errors,
        "lost": lost,
        "cpu_ms": used * 1000 / max(requests, 1),
        "cpu_ms_submission": used * 1000 / max(len(done), 1),
    }


def _p95(samples: list[float]) -> float:
    if len(samples) < 2:
        return samples[0] if samples else 0.0
    return statistics.quantiles(samples, n=20, method="inclusive")[18]
