"""The deadline rush of `make bench` (bench/rush.py), the parts that need no site: what it
posts is what the application forms accept, its PDF passes the upload check, and its check of
the database finds exactly the drafts that were lost, and its browser reads what a site
answers. And the in-process comparisons (bench/inprocess.py) time their two sides in turn,
and a page's baseline under load is measured beside it (bench/load.py). No timings here."""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from bench import inprocess, load, rush
from challenges.forms import FitForm, SupportForm, TeamForm, TechnologyForm
from challenges.models import Application
from core.uploads import check_upload
from tests import factories

pytestmark = pytest.mark.django_db

FORMS = {"team": TeamForm, "technology": TechnologyForm, "fit": FitForm, "support": SupportForm}


def test_rush_answers_are_valid_and_saved_as_the_check_expects():
    challenge = factories.ChallengeFactory()
    application = factories.ApplicationFactory(challenge=challenge)
    area = challenge.therapeutic_areas.get()
    saved = {}
    for step, data in rush.answers(7, area.pk).items():
        kwargs = {"challenge": challenge} if step in ("technology", "support") else {}
        form = FORMS[step](data, instance=application, **kwargs)
        assert form.errors == {}
        saved.update(form.valid_answers())
    saved["therapeutic_area_id"] = saved.pop("therapeutic_area").pk
    expected = rush.expected_fields(7, area.pk)
    assert {name: saved[name] for name in expected} == expected


def test_rush_pdf_passes_the_upload_check():
    upload = SimpleUploadedFile("pitch-deck-1.pdf", rush.tiny_pdf("Pitch deck 1"))
    assert check_upload(upload).kind == "pdf"


def test_lost_drafts_names_each_founder_whose_work_is_missing():
    challenge = factories.ChallengeFactory()
    area = challenge.therapeutic_areas.get()
    kept = factories.CompleteApplicationFactory(
        challenge=challenge, **rush.expected_fields(1, area.pk), status="submitted"
    )
    Application.objects.filter(pk=kept.pk).update(submitted_at=kept.created_at)
    changed = factories.CompleteApplicationFactory(
        challenge=challenge, **rush.expected_fields(2, area.pk), status="submitted"
    )
    Application.objects.filter(pk=changed.pk).update(
        submitted_at=changed.created_at, bms_fit="something else"
    )
    draft = factories.CompleteApplicationFactory(
        challenge=challenge, **rush.expected_fields(3, area.pk), pitch_deck=False
    )
    never = factories.StartupFactory()
    expected = {
        kept.startup_id: rush.expected_fields(1, area.pk),
        changed.startup_id: rush.expected_fields(2, area.pk),
        draft.startup_id: rush.expected_fields(3, area.pk),
        never.pk: rush.expected_fields(4, area.pk),
    }

    assert rush.lost_drafts(challenge, expected) == [
        f"startup {changed.startup_id}: bms_fit",
        f"startup {draft.startup_id}: status draft, no pitch deck",
        f"startup {never.pk}: no application",
    ]


class _Site(BaseHTTPRequestHandler):
    """What the rush's browser must read: redirects with cookies set and removed, Korean
    pages, an echo of what it sent, and an answer cut short."""

    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def _answer(self, status, body=b"", headers=(), length=None):
        self.send_response(status)
        for name, value in headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body) if length is None else length))
        self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        if self.path == "/redirect/":
            self._answer(
                302,
                headers=[
                    ("Location", "/ko/steps/team/"),
                    ("Set-Cookie", "sessionid=fresh; HttpOnly; Path=/; SameSite=Lax"),
                    (
                        "Set-Cookie",
                        'csrftoken=""; expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; Path=/',
                    ),
                ],
            )
        elif self.path == "/korean/":
            self._answer(200, "<p>지원서를 제출했습니다.</p>".encode())
        elif self.path == "/cut/":
            self._answer(200, b"only part", length=100)

    def do_POST(self):
        sent = self.rfile.read(int(self.headers["Content-Length"]))
        echo = f"{self.headers['Cookie']}|{self.headers['Content-Type']}|".encode() + sent
        self._answer(200, echo)


@pytest.fixture
def stub_site():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Site)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_rush_browser_reads_answers_and_keeps_cookies(stub_site):
    browser = rush.Browser(stub_site, {"sessionid": "old", "csrftoken": "token"})
    assert browser.request("GET", "/redirect/") == (302, "/ko/steps/team/", "")
    assert browser.cookies == {"sessionid": "fresh"}  # one replaced, one removed
    assert browser.request("GET", "/korean/") == (200, "", "<p>지원서를 제출했습니다.</p>")
    body = b"csrfmiddlewaretoken=abc&team_summary=%ED%8C%80"
    status, _location, text = browser.request(
        "POST", "/form/", body=body, content_type="application/x-www-form-urlencoded"
    )
    assert (status, text) == (
        200,
        "sessionid=fresh|application/x-www-form-urlencoded|" + body.decode(),
    )


def test_rush_browser_refuses_an_answer_cut_short(stub_site):
    with pytest.raises(rush.StepFailed, match="9 of 100 bytes"):
        rush.Browser(stub_site, {}).request("GET", "/cut/")


def test_a_comparison_times_its_two_sides_in_turn():
    """A slow moment of the shared machine must land on both sides of a ratio (the admin list
    at 1,000 and 100,000 rows, the ranking at 10,000 and 100,000), not on one side only."""
    calls = []

    small, large = inprocess.timed_pair(
        lambda: calls.append("small"), lambda: calls.append("large"), repeat=3
    )

    assert calls == ["small", "large"] * 4  # a warm-up each, then three of each in turn
    assert small >= 0 and large >= 0


def test_a_pages_baseline_is_measured_beside_it():
    """Each page's ratio is to its kind of bare view measured just before and just after it
    (a drift of the shared machine over the run lands on both sides); pages of one kind in a
    row share the measurement between them, and a page without a baseline breaks the row."""
    calls = []
    speeds = iter([100, 300, 500, 700, 900, 1100, 1300])

    def measure(kind):
        calls.append(f"bare {kind}")
        return {"rps": next(speeds)}

    def page(name):
        def measured():
            calls.append(name)
            return {"rps": 1, "name": name}

        return measured

    baselines = load.Baselines(measure)
    first, first_base = baselines.around("anonymous", page("/"))
    second, second_base = baselines.around("anonymous", page("/events/"))
    third, third_base = baselines.around("signed in", page("/review/"))
    baselines.alone(page("admin"))
    fourth, fourth_base = baselines.around("signed in", page("/notifications/"))

    assert calls == [
        "bare anonymous", "/", "bare anonymous", "/events/", "bare anonymous",
        "bare signed in", "/review/", "bare signed in", "admin",
        "bare signed in", "/notifications/", "bare signed in",
    ]  # fmt: skip
    assert (first["name"], first_base) == ("/", 200)  # (100 + 300) / 2
    assert (second["name"], second_base) == ("/events/", 400)  # (300 + 500) / 2
    assert (third["name"], third_base) == ("/review/", 800)  # (700 + 900) / 2
    assert (fourth["name"], fourth_base) == ("/notifications/", 1200)  # (1100 + 1300) / 2
