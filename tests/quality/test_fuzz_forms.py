"""Hostile input in every form: an error or a success, never a 500, nothing half-written.

Each page below is fetched as the person who uses it; every POST form on it is read from the
HTML (its action and its fields), and hypothesis fills the visible fields with random and
hostile values: overlong text, control characters and NUL, other scripts and right-to-left
marks, huge and negative numbers, impossible dates. Hidden fields keep their values, so the
form reaches the view as a browser would send it. The test client re-raises any exception a
view lets escape, so a 500 fails the example. When the answer is the page again (200, the
form with its errors), no row of ours may have changed.
"""

from html.parser import HTMLParser
from urllib.parse import urljoin

import pytest
from django.apps import apps
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from challenges.selectors import STEP_NAMES
from tests.test_access_matrix import world  # noqa: F401  (the fixture)

pytestmark = pytest.mark.django_db

OUR_APPS = ["accounts", "challenges", "mentoring", "events", "partners", "notifications"]

# (role, page): the pages whose POST forms are fuzzed, as in tests/test_access_matrix.py.
PAGES = [
    ("anonymous", "/accounts/signup/"),
    ("anonymous", "/accounts/login/"),
    ("anonymous", "/accounts/password/reset/"),
    ("applicant", "/profile/"),
    ("applicant", "/startups/new/"),
    ("applicant", "/startups/{startup}/edit/"),
    ("applicant", "/startups/{startup}/"),
    # every step with fields ("review" has only the submit button)
    *[("applicant", "/applications/{application}/steps/" + s + "/") for s in STEP_NAMES[:-1]],
    ("other_applicant", "/events/{event}/register/"),
    ("applicant", "/mentoring/engagements/{engagement}/book/"),
    ("applicant", "/mentoring/sessions/{session}/"),
    ("coach", "/mentoring/availability/"),
    ("reviewer", "/review/{assignment}/"),
    ("applicant", "/partners/{partner}/consult/"),
    ("applicant", "/partners/office/{room}/book/"),
    ("applicant", "/partners/office/bookings/{booking}/"),
    ("partner_rep", "/partners/requests/{consultation}/"),
    ("applicant", "/partners/requests/{consultation}/"),
]

hostile_text = st.one_of(
    st.text(max_size=40),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=1, max_size=300),
    st.sampled_from(
        [
            "\x00",
            "a\x00b",
            "\u202e\u0644\u0627 \u05e9\u05dc\u05d5\u05dd",
            "홍릉😀\u200b\ufeff",
            "<script>alert(1)</script>",
            "' OR 1=1 --",
            "../../etc/passwd",
            "\r\n\t\x0b\x0c",
            "x" * 10_000,
        ]
    ),
)
hostile_number = st.one_of(
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.sampled_from(["1e309", "NaN", "-0", "0x10", "٣", "1,000", ""]),
)
hostile_date = st.sampled_from(
    ["2026-02-30", "9999-99-99", "0000-00-00", "", "31/12/2026", "2026-13-01T25:61", "9" * 40]
)
hostile = st.one_of(hostile_text, hostile_number, hostile_date)


class Forms(HTMLParser):
    """The POST forms of a page: action, hidden values, and the names of the other fields."""

    def __init__(self):
        super().__init__()
        self.forms: list[dict] = []
        self._form = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and (attrs.get("method") or "").lower() == "post":
            self._form = {"action": attrs.get("action") or "", "hidden": {}, "fields": set()}
            self.forms.append(self._form)
        elif self._form is not None and tag in ("input", "textarea", "select", "button"):
            name, kind = attrs.get("name"), (attrs.get("type") or "").lower()
            if not name or kind == "file":
                return
            if kind == "hidden" or name == "csrfmiddlewaretoken":
                self._form["hidden"][name] = attrs.get("value") or ""
            elif tag == "button" or kind == "submit":
                self._form["hidden"].setdefault(name, attrs.get("value") or "")
            else:
                self._form["fields"].add(name)

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None


def row_counts() -> dict[str, int]:
    return {
        model._meta.label: model.objects.count()
        for app in OUR_APPS
        for model in apps.get_app_config(app).get_models()
    }


@pytest.mark.parametrize(("role", "page"), PAGES, ids=[f"{r} {p}" for r, p in PAGES])
def test_hostile_values_never_break_a_form(client, world, role, page):  # noqa: F811
    users, ids = world
    if users[role] is not None:
        client.force_login(users[role])
    url = page.format(**ids)
    if page.startswith("/review/"):  # the scores open once terms and conflicts are answered
        client.post(url, {"action": "accept_terms"})
        client.post(url, {"action": "no_conflict"})
    response = client.get(url)
    assert response.status_code == 200, url
    parser = Forms()
    parser.feed(response.content.decode())
    forms = [f for f in parser.forms if f["fields"]]
    assert forms, f"{url}: no form to fuzz"

    @settings(
        max_examples=12,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
        database=None,
    )
    @given(data=st.data())
    def post_hostile(data):
        form = data.draw(st.sampled_from(forms))
        values = {name: data.draw(hostile, label=name) for name in sorted(form["fields"])}
        before = row_counts()
        answer = client.post(urljoin(url, form["action"]), {**form["hidden"], **values})
        assert answer.status_code in (200, 302, 400, 403, 404, 405), answer.status_code
        if answer.status_code == 200:
            assert row_counts() == before, f"{url}: rows changed on a refused form"

    post_hostile()
