"""Hostile values in what pages read from the query string (filters, pages, weeks, the htmx
panels and the calendar's JSON), in the path and in cookies: never a 500, and a GET writes
nothing.

Each row of QUERIES is one page: who looks at it and the parameters it reads. The same field
strategies as the forms (tests/security/fuzzing.py) fill them.
"""

import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from urllib.parse import quote, urlencode

import pytest
from django.core.cache import cache
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from events.models import EventFormat, EventKind, EventLanguage
from tests.security import fuzzing as fz
from tests.security.world import World

pytestmark = pytest.mark.django_db

MAX_EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "25"))
day = st.dates(date(2026, 1, 1), date(2027, 12, 31))
pages = fz.number(1, 2)


@dataclass(frozen=True)
class Query:
    name: str
    url: Callable  # World -> path
    user: Callable  # World -> user or None
    params: Callable  # World -> {name: Field}
    htmx: bool = False


QUERIES = [
    Query("challenge list", lambda w: "/challenges/", lambda w: None, lambda w: {"page": pages}),
    Query(
        "eligibility preview (htmx)",
        lambda w: "/challenges/eligibility/",
        lambda w: None,
        lambda w: {
            "kind": fz.choice("company", "pre_founder"),
            "founded_on": fz.date(day.map(date.isoformat)),
            "district": fz.choice("동대문구", "강남구"),
            "address": fz.text("서울특별시 동대문구 회기로 117"),
            "business_number": fz.number("220-81-00001"),
        },
        htmx=True,
    ),
    Query(
        "application eligibility (htmx)",
        lambda w: f"/applications/{w.application.pk}/eligibility/",
        lambda w: w.applicant,
        lambda w: {"therapeutic_area": fz.choice("", *w.area_ids)},
        htmx=True,
    ),
    Query(
        "event list filters",
        lambda w: "/events/",
        lambda w: None,
        lambda w: {
            "kind": fz.choice("", *EventKind.values),
            "language": fz.choice("", *EventLanguage.values),
            "format": fz.choice("", *EventFormat.values),
            "page": pages,
        },
    ),
    Query("past events", lambda w: "/events/past/", lambda w: None, lambda w: {"page": pages}),
    Query(
        "event calendar month",
        lambda w: "/events/calendar/",
        lambda w: None,
        lambda w: {"month": fz.text("2026-03", "2027-12")},
    ),
    Query(
        "event calendar JSON",
        lambda w: "/events/calendar.json",
        lambda w: None,
        lambda w: {
            "start": fz.date(day.map(date.isoformat)),
            "end": fz.date(st.just("2027-12-31T00:00:00+09:00")),
        },
    ),
    Query(
        "booking week (htmx)",
        lambda w: f"/mentoring/engagements/{w.engagement.pk}/book/",
        lambda w: w.applicant,
        lambda w: {"week": fz.date(day.map(date.isoformat))},
        htmx=True,
    ),
    Query(
        "booking week",
        lambda w: f"/mentoring/engagements/{w.engagement.pk}/book/",
        lambda w: w.applicant,
        lambda w: {"week": fz.date(day.map(date.isoformat))},
    ),
    Query(
        "reschedule week",
        lambda w: f"/mentoring/sessions/{w.session.pk}/reschedule/",
        lambda w: w.applicant,
        lambda w: {"week": fz.date(day.map(date.isoformat))},
    ),
    Query(
        "coaching dashboard",
        lambda w: "/mentoring/",
        lambda w: w.applicant,
        lambda w: {"page": pages},
    ),
    Query(
        "check-in search",
        lambda w: f"/events/{w.event.slug}/checkin/",
        lambda w: w.staff,
        lambda w: {"q": fz.text(), "page": pages},
    ),
    Query("inbox", lambda w: "/notifications/", lambda w: w.reader, lambda w: {"page": pages}),
    Query(
        "applications", lambda w: "/applications/", lambda w: w.applicant, lambda w: {"page": pages}
    ),
    Query(
        "review queue",
        lambda w: "/review/",
        lambda w: w.assignment.reviewer,
        lambda w: {"page": pages},
    ),
    Query(
        "sign-in page's next",
        lambda w: "/accounts/login/",
        lambda w: None,
        lambda w: {"next": fz.url("/profile/", "/events/")},
    ),
]


def get_and_inspect(client, url: str, *, htmx: bool) -> fz.Outcome:
    cache.clear()
    headers = {"HX-Request": "true"} if htmx else {}
    with transaction.atomic():
        before = fz.snapshot()
        response = client.get(url, headers=headers)
        changed = fz.changes(before, fz.snapshot())
        transaction.set_rollback(True)
    return fz.Outcome(response.status_code, changed, [])


def query_string(values: dict) -> str:
    pairs = []
    for name, value in values.items():
        if value is fz.OMIT:
            continue
        for one in value if isinstance(value, list) else [value]:
            pairs.append((name, one))
    return urlencode(pairs)


@pytest.mark.parametrize("query", QUERIES, ids=[q.name for q in QUERIES])
def test_hostile_query_strings_never_break_a_page(client, query):
    world = World()
    user, path, params = query.user(world), query.url(world), query.params(world)
    if user is not None:
        client.force_login(user)

    @settings(
        max_examples=MAX_EXAMPLES,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(values=fz.submissions(params))
    def look(values):
        outcome = get_and_inspect(client, f"{path}?{query_string(values)}", htmx=query.htmx)
        # NUL anywhere in the query is refused with 400 before any view runs.
        assert outcome.status in {200, 302, 400, 404}, outcome
        assert outcome.changed == {}, outcome

    look()


@given(token=fz.hostile_text)
@settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_hostile_invitation_tokens_in_the_path_are_not_found(client, token):
    response = client.get(f"/invitations/{quote(token, safe='')}/")

    assert response.status_code == (400 if "\x00" in token else 404)


COOKIES = ["sessionid", "csrftoken", "messages", "biohub_language"]


@given(name=st.sampled_from(COOKIES), value=fz.hostile_text)
@settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_hostile_cookies_never_break_a_page(client, name, value):
    # What a server hands Django (PEP 3333): the header's bytes as latin-1 text, without the
    # separators and line breaks that would end the cookie or the header.
    value = value.replace(";", "").replace("\r", "").replace("\n", "")
    value = value.encode().decode("iso-8859-1")

    response = client.get("/events/", headers={"cookie": f"{name}={value}"})

    assert response.status_code == (400 if "\x00" in value else 200)
