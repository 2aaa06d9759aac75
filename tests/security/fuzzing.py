"""Hostile values, and the check that a form survives them.

The strategies mix what a hostile or merely unlucky client sends: any Unicode, control
characters and NUL (PostgreSQL refuses NUL in text), right-to-left and zero-width marks, other
scripts and emoji, overlong strings, huge and negative numbers, impossible dates, addresses
longer than their column, and now and then a field left out. Each field also has right
answers (a slot, a choice, plain text): a submission is mostly right answers with one or two
hostile values, so the hostile value gets past the other fields' checks into the service, and
now and then hostile throughout.

`post_and_inspect` posts one set of values inside a savepoint that is rolled back afterwards,
so every example starts from the same rows, and reports what the request wrote:
  - a refused form (200 with its errors, 400, 403, 404, 405) wrote nothing at all;
  - a success wrote all or nothing: only the tables the case names, and its main row with them;
  - every row written passes its model's own validation (lengths, choices) and holds no NUL.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

from django.apps import apps
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from hypothesis import strategies as st

# Apps whose rows are watched; `account` is allauth's (email addresses).
WATCHED_APPS = [
    "core",
    "accounts",
    "account",
    "notifications",
    "challenges",
    "mentoring",
    "events",
    "partners",
]
ANSWERS = {200, 302, 400, 403, 404, 405}
REFUSALS = ANSWERS - {302}
OMIT = object()  # the field is left out of the POST

# --- strategies ---------------------------------------------------------------------------

SNIPPETS = [
    "\x00",
    "a\x00b",
    "\u202e",  # right-to-left override
    "\u200f",
    "\u200b\ufeff",
    "\u2028",
    "홍릉바이오",
    "مرحبا",
    "שלום",
    "東京",
    "😀👩\u200d🔬",
    "e\u0301",
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "{{ settings.SECRET_KEY }}",
    "%s%n%(x)s",
    "../../etc/passwd",
    "\r\nBcc: victim@example.kr",
    "\t",
    " ",
]
control_text = st.text(
    alphabet=st.characters(categories=("Cc", "Cf", "Zl", "Zp")), min_size=1, max_size=30
)
overlong_text = st.builds(
    lambda unit, count: unit * count,
    st.sampled_from(["x", "가", "😀", "\u202e", "\x00", "1"]),
    st.sampled_from([151, 201, 255, 301, 501, 1001, 3001, 5001, 10_001, 20_001]),
)
hostile_text = st.one_of(
    st.text(max_size=60),
    control_text,
    st.lists(st.sampled_from(SNIPPETS), min_size=1, max_size=4).map("".join),
    overlong_text,
)
hostile_number = st.one_of(
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.floats().map(str),
    st.sampled_from(
        ["1e309", "NaN", "inf", "-0", "0x10", "٣", "１２", "1,000", "1_000", " 7 ", "", "9" * 5000]
    ),
)
ISO_OFFSETS = ["Z", "+14:00", "-12:00", "+00:00", ""]
hostile_date = st.one_of(
    st.sampled_from(
        [
            "2026-02-30",
            "9999-99-99",
            "0000-00-00",
            "0001-01-01",
            "9999-12-31",
            "",
            "31/12/2026",
            "2026-13-01",
            "2026-12-31T25:61",
            "-2026-01-01",
            "2026-1-1",
            "1e9",
            # the calendar's edges: converting these to UTC overflows
            "0001-01-01T00:00:00+14:00",
            "9999-12-31T23:59:59-12:00",
            "9999-12-31T23:00:00Z",
        ]
    ),
    st.dates().map(datetime.date.isoformat),
    st.builds(
        lambda moment, offset: moment.isoformat() + offset,
        st.datetimes(),
        st.sampled_from(ISO_OFFSETS),
    ),
)
hostile_time = st.one_of(
    st.sampled_from(["24:00", "23:59:60", "-1:00", "25:00", "9:00", "09:00:00.9999999", ""]),
    st.times().map(datetime.time.isoformat),
)
too_long_email = st.builds(
    lambda local, labels: f"{local}@{'.'.join(labels)}.kr",
    st.just("a" * 64),
    st.lists(st.just("b" * 63), min_size=3, max_size=4),
)  # valid to the form's EmailField (up to 320 characters), longer than the 254 column
hostile_email = st.one_of(
    st.emails(),
    too_long_email,
    st.sampled_from(
        [
            "a@b",
            "a\x00@example.kr",
            "홍길동@예시.한국",
            "victim@example.kr\r\nBcc: x@example.kr",
            "\u202eofni@example.kr",
            "",
        ]
    ),
    hostile_text,
)
hostile_url = st.one_of(
    st.sampled_from(
        [
            "javascript:alert(1)",
            "http://",
            "https://exa mple.kr",
            "https://" + "a" * 3000 + ".kr",
            "http://[::1",
            "//evil.example",
            "https://예시.한국/경로",
        ]
    ),
    hostile_text,
)
anything = st.one_of(
    hostile_text,
    hostile_number,
    hostile_date,
    hostile_time,
    hostile_email,
    hostile_url,
    st.just(OMIT),
)
# Text a person might well type: letters of any script, digits, spaces and punctuation (not
# blank: required fields take it too).
plain_text = st.text(
    alphabet=st.characters(categories=("L", "M", "N", "P", "Zs", "So")), min_size=1, max_size=80
).filter(str.strip)


@dataclass(frozen=True)
class Field:
    """How to fill one field: with a right answer, or with a hostile one."""

    valid: st.SearchStrategy
    hostile: st.SearchStrategy


def text(*valid: str) -> Field:
    return Field(st.sampled_from(valid) if valid else plain_text, st.one_of(hostile_text, anything))


def number(*valid) -> Field:
    return Field(st.sampled_from([str(v) for v in valid]), st.one_of(hostile_number, anything))


def date(valid: st.SearchStrategy) -> Field:
    return Field(valid, st.one_of(hostile_date, anything))


def time(*valid: str) -> Field:
    return Field(st.sampled_from(valid), st.one_of(hostile_time, anything))


def email(valid: st.SearchStrategy) -> Field:
    return Field(valid, st.one_of(hostile_email, anything))


def url(*valid: str) -> Field:
    return Field(st.sampled_from(valid), st.one_of(hostile_url, anything))


def choice(*valid) -> Field:
    return Field(st.sampled_from([str(v) for v in valid]), anything)


def choices(*valid) -> Field:
    """A multiple choice (checkboxes)."""
    right = [str(v) for v in valid]
    return Field(
        st.lists(st.sampled_from(right), max_size=len(right), unique=True),
        st.lists(st.one_of(st.sampled_from(right), anything.filter(lambda v: v is not OMIT))),
    )


def submissions(fields: dict[str, Field], *, spoil: str = "some") -> st.SearchStrategy:
    """Values for a whole form. Mostly right answers with one or two hostile values, so the
    hostile value gets past the other fields' checks into the service; sometimes everything
    hostile. spoil="none": right answers only."""
    names = sorted(fields)
    if spoil == "none":
        spoiled = st.just(frozenset())
    else:
        spoiled = st.one_of(
            st.frozensets(st.sampled_from(names), min_size=1, max_size=2),
            st.just(frozenset(names)),
        )

    @st.composite
    def values(draw):
        hostile = draw(spoiled)
        return {
            name: draw(fields[name].hostile if name in hostile else fields[name].valid)
            for name in names
        }

    return values()


# --- the harness --------------------------------------------------------------------------


@dataclass(frozen=True)
class FormCase:
    """One form that people post, and what it may write.

    url, user and fields take the World. `writes` names every table a success may touch
    (app_label.Model); the first one is the main row, which a success writes whenever it
    writes anything. `drafts`: tables a refused form still writes on purpose (a draft step
    keeps the answers that passed). `fixed`: values always posted as they are (the button).
    """

    name: str
    url: Callable
    user: Callable
    fields: Callable
    writes: tuple[str, ...] = ()
    fixed: dict = field(default_factory=dict)
    drafts: tuple[str, ...] = ()


@dataclass
class Outcome:
    status: int
    changed: dict[str, set]  # table -> primary keys of rows added, changed or removed
    bad_rows: list[str]  # rows written that fail their model's validation


def _models():
    return [
        model
        for label in WATCHED_APPS
        for model in apps.get_app_config(label).get_models()
        if not model._meta.proxy
    ]


def snapshot() -> dict[str, dict]:
    return {
        model._meta.label: {
            row[0]: row for row in model.objects.values_list("pk", *_columns(model))
        }
        for model in _models()
    }


def _columns(model) -> list[str]:
    return [f.attname for f in model._meta.concrete_fields]


def changes(before: dict, after: dict) -> dict[str, set]:
    changed = {}
    for label, rows in after.items():
        old = before[label]
        keys = {pk for pk, row in rows.items() if old.get(pk) != row} | (old.keys() - rows.keys())
        if keys:
            changed[label] = keys
    return changed


def _invalid(changed: dict[str, set]) -> list[str]:
    bad = []
    for label, keys in changed.items():
        model = apps.get_model(label)
        for row in model.objects.filter(pk__in=keys):
            nul = [
                f.name
                for f in model._meta.concrete_fields
                if "\x00" in str(getattr(row, f.attname) or "")
            ]
            if nul:
                bad.append(f"{label} {row.pk}: NUL in {nul}")
            try:
                row.full_clean(validate_unique=False, validate_constraints=False)
            except ValidationError as error:
                bad.append(f"{label} {row.pk}: {error.message_dict}")
    return bad


def form_data(fixed: dict, values: dict) -> dict:
    return {**fixed, **{name: value for name, value in values.items() if value is not OMIT}}


def post_and_inspect(client, url: str, data: dict) -> Outcome:
    """POST inside a savepoint that is rolled back, and report what the request wrote."""
    cache.clear()  # rate limits (sign-in) count every example otherwise
    with transaction.atomic():
        before = snapshot()
        response = client.post(url, data)
        changed = changes(before, snapshot())
        bad = _invalid(changed)
        transaction.set_rollback(True)
    return Outcome(response.status_code, changed, bad)


def problems(case: FormCase, outcome: Outcome) -> list[str]:
    """What is wrong with an answer: an empty list when nothing is."""
    found = list(outcome.bad_rows)
    if outcome.status not in ANSWERS:
        found.append(f"answered {outcome.status}")
    tables = set(outcome.changed)
    if outcome.status in REFUSALS:
        if tables - set(case.drafts):
            found.append(f"refused with {outcome.status} but wrote {sorted(tables)}")
    else:
        if tables - set(case.writes):
            found.append(f"wrote {sorted(tables - set(case.writes))}, not only {case.writes}")
        if tables and case.writes and case.writes[0] not in tables:
            found.append(f"half-written: {sorted(tables)} without {case.writes[0]}")
    return found
