"""Hostile values in every query parameter of every page: never a 5xx.

The pages are the GET rows of the access matrix (tests/test_access_matrix.py), each fetched
by anonymous visitors when they may see it and by the first signed-in role the matrix lets
in. The parameters are every name our code reads from the query string, found in the source
(`request.GET.get("…")`, and the fields of forms bound to `request.GET`), plus the admin's
own (search, ordering, page, filters). Each page gets them all, so a parameter added to any
view later is fuzzed on every page without editing this file.

A control character anywhere in the query (NUL above all: PostgreSQL refuses it) answers
400 before any view runs (core.request_checks); anything else is the view's to answer with a
page, a redirect or a 4xx. The test client re-raises what a view lets escape, so a crash
fails the example as surely as a 500.
"""

import importlib
import re
from pathlib import Path
from urllib.parse import urlencode

import pytest
from django.conf import settings as django_settings
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.test_access_matrix import (
    MATRIX,
    ROLES,
    world,  # noqa: F401  (the fixture)
)

pytestmark = pytest.mark.django_db

OUR_APPS = ["accounts", "challenges", "mentoring", "events", "partners", "notifications", "core"]
ADMIN_PARAMETERS = {"q", "o", "p", "all", "e", "_changelist_filters", "status__exact"}
READ_BY_NAME = re.compile(r"""GET\.get(?:list)?\(\s*["']([^"']+)["']""")
FORM_ON_GET = re.compile(r"(\w+)\(\s*request\.GET\s*[,)]")


def parameters_read_by_our_code() -> set[str]:
    """Every query parameter name a view of ours reads, from the source."""
    names: set[str] = set()
    root = Path(django_settings.BASE_DIR)
    for app in OUR_APPS:
        for path in (root / app).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            source = path.read_text(encoding="utf-8")
            names |= set(READ_BY_NAME.findall(source))
            forms = FORM_ON_GET.findall(source)
            if forms:
                module = importlib.import_module(
                    ".".join(path.relative_to(root).with_suffix("").parts)
                )
                for form_name in forms:
                    names |= set(getattr(module, form_name).base_fields)
    return names


PARAMETERS = sorted(parameters_read_by_our_code() | ADMIN_PARAMETERS)

# (path, roles) for every GET row: anonymous when it answers them 200, and the first
# signed-in role that gets 200.
PAGES = []
for rows in MATRIX.values():
    for method, path, statuses in rows:
        if method != "GET":
            continue
        seen = dict(zip(ROLES, statuses, strict=True))
        roles = ["anonymous"] if seen["anonymous"] == 200 else []
        signed_in = next((r for r in ROLES[1:] if seen[r] == 200), None)
        if signed_in is not None:
            roles.append(signed_in)
        if roles:
            PAGES.append((path, tuple(roles)))

controls = st.one_of(
    st.just("\x00"),
    st.characters(codec="utf-8", categories=["Cc"], exclude_characters="\t\n\r"),
)
hostile_value = st.one_of(
    st.text(max_size=30),
    st.sampled_from(
        [
            "",
            "0",
            "-1",
            "1" * 40,
            "1e309",
            "NaN",
            "2026-02-30",
            "9999-12-31",
            "0000-00-00",
            "2026-13-01T25:61",
            "week",
            "<script>alert(1)</script>",
            "' OR 1=1 --",
            "../../etc/passwd",
            "\u202e\u0644\u0627",
            "홍릉😀\u200b\ufeff",
            "x" * 5_000,
        ]
    ),
)


def query(values: dict[str, str]) -> str:
    return urlencode(sorted(values.items()))


def fetch(client, url: str, role: str, users) -> int:
    client.logout()
    if users[role] is not None:
        client.force_login(users[role])
    return client.get(url).status_code


@pytest.mark.parametrize(("path", "roles"), PAGES, ids=[f"{p} as {'/'.join(r)}" for p, r in PAGES])
def test_hostile_query_values_never_break_a_page(client, world, path, roles):  # noqa: F811
    users, ids = world
    base = path.format(**ids)
    joiner = "&" if "?" in base else "?"

    # NUL in the parameters the pages read is refused before any view runs.
    nul_everywhere = query(dict.fromkeys(PARAMETERS, "\x00"))
    assert [fetch(client, f"{base}{joiner}{nul_everywhere}", r, users) for r in roles] == [
        400
    ] * len(roles)

    @settings(
        max_examples=6,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(
        role=st.sampled_from(roles),
        values=st.dictionaries(st.sampled_from(PARAMETERS), hostile_value, min_size=1),
        control=st.one_of(st.none(), controls),
    )
    def look(role, values, control):
        if control is not None:
            name = sorted(values)[0]
            values[name] += control
        status = fetch(client, f"{base}{joiner}{query(values)}", role, users)
        assert status < 500
        if control is not None:
            assert status == 400

    look()


@pytest.mark.parametrize(
    "url", ["/partners/?q=%00", "/partners/?area=%00", "/partners/office/?room=%00"]
)
def test_a_nul_in_a_query_parameter_is_a_bad_request(client, url):
    assert client.get(url).status_code == 400


def test_tabs_and_line_breaks_are_not_refused(client):
    assert client.get("/partners/?q=%ED%99%8D%EB%A6%89%09bio%0D%0A").status_code == 200
