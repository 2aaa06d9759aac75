"""Every admin page reads in Korean: labels, column headers, filter and inline titles, group
names and amounts of money (DESIGN.md §3: "50,000,000원")."""

import io
import re
from html.parser import HTMLParser

import pytest
from django.apps import apps
from django.contrib import admin
from django.core.management import call_command
from django.utils import translation
from django.utils.functional import Promise

from tests import factories

pytestmark = pytest.mark.django_db

OUR_APPS = {
    "accounts",
    "core",
    "notifications",
    "challenges",
    "mentoring",
    "events",
    "partners",
    "legal",
}

# Words that stay as they are in a Korean page: names, abbreviations, codes.
UNTRANSLATED_ON_PURPOSE = {"ID", "UID", "URL", "BMS", "KRW", "CSV", "SHA-256", "KHIDI", "ICS"}

# Labels people reported in English on the Korean admin.
KNOWN_ENGLISH = [
    "Created by",
    "Consent collection version",
    "Reported by",
    "Programme staff",
    "Reviewers",
]

# Eight or nine digits standing alone: not part of a longer number, a date, a time, a path or a
# code that mixes in Latin letters, "_" or "-" (a UUID's hex, which a calendar UID in a context
# carries; a URL-safe token in an invitation link).
RAW_AMOUNT = re.compile(r"(?<![\dA-Za-z_,.\-/:])\d{8,9}(?![\dA-Za-z_,\-])")


class Labels(HTMLParser):
    """The texts an admin page uses as labels and titles (form labels, column headers, fieldset
    and inline titles, filter titles, the sidebar's model names), and its visible text."""

    SKIP = {"script", "style", "textarea", "option", "select"}

    def __init__(self):
        super().__init__()
        self.stack: list[str] = []
        self.labels: list[str] = []
        self.current: list[str] | None = None
        self.label_tag = ""
        self.text: list[str] = []
        self.skip = 0

    def _is_label(self, tag) -> bool:
        if tag in ("label", "summary", "h3", "caption"):
            return True
        if tag == "th":  # column headers and the sidebar's models, not a row's first cell
            return "thead" in self.stack or "nav" in self.stack
        return tag == "h2" and "fieldset" in self.stack  # fieldset and inline titles

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIP:
            self.skip += 1
        if self.current is None and self._is_label(tag):
            self.current, self.label_tag = [], tag
        if tag not in ("br", "img", "input", "meta", "link", "hr"):
            self.stack.append(tag)

    def handle_endtag(self, tag):
        if tag in self.SKIP:
            self.skip -= 1
        if tag in self.stack:
            del self.stack[len(self.stack) - 1 - self.stack[::-1].index(tag) :]
        if self.current is not None and tag == self.label_tag:
            label = " ".join("".join(self.current).split()).rstrip(":").strip()
            if label:
                self.labels.append(label)
            self.current = None

    def handle_data(self, data):
        if self.skip:
            return
        self.text.append(data)
        if self.current is not None:
            self.current.append(data)


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("비용: 50000000원", ["50000000"]),
        ("지원금 683698120", ["683698120"]),
        ("비용: 50,000,000원", []),
        ("UID:room-booking-c250f4b7-754b-4f62-9f07-a683698120bc@seoulbiohub.kr", []),
        ('"url": "/invitations/Xq_12345678-Zk/"', []),
        ("DTSTART:20261028T010000Z", []),
        ("2026-10-28 /partners/office/bookings/12345678/", []),
    ],
)
def test_a_raw_amount_is_a_number_standing_alone(text, found):
    assert RAW_AMOUNT.findall(text) == found


def english_only(label: str) -> bool:
    words = [
        w for w in re.findall(r"[A-Za-z][A-Za-z0-9\-]+", label) if w not in UNTRANSLATED_ON_PURPOSE
    ]
    hangul = re.search(r"[\uac00-\ud7a3]", label)
    return bool(words) and not hangul


def admin_pages():
    """(model admin, changelist URL, change form URL or None, add form URL or None)."""
    for model, model_admin in admin.site._registry.items():
        opts = model._meta
        base = f"/admin/{opts.app_label}/{opts.model_name}/"
        first = model._default_manager.order_by("pk").first()
        yield model_admin, base, (f"{base}{first.pk}/change/" if first else None), f"{base}add/"


@pytest.fixture
def korean_superuser_client(client):
    call_command("seed_demo", stdout=io.StringIO())
    client.force_login(factories.StaffFactory(is_superuser=True, language="ko"))
    client.cookies["biohub_language"] = "ko"
    return client


def test_every_admin_page_reads_in_korean(korean_superuser_client):
    client = korean_superuser_client
    problems = []
    for _model_admin, *urls in admin_pages():
        for url in urls:
            if url is None:
                continue
            response = client.get(url, HTTP_ACCEPT_LANGUAGE="ko")
            if response.status_code in (302, 403) and url.endswith("/add/"):
                continue  # added through the site's own pages, not the admin
            assert response.status_code == 200, url
            page = Labels()
            page.feed(response.content.decode())
            problems += [f"{url}: {label!r}" for label in page.labels if english_only(label)]
            text = " ".join(page.text)
            if url.startswith("/admin/auth/group/") and url.endswith("/change/"):
                text = ""  # a group's own page edits its stored name (code refers to it)
            problems += [f"{url}: {english!r}" for english in KNOWN_ENGLISH if english in text]
            problems += [f"{url}: raw amount {m!r}" for m in RAW_AMOUNT.findall(text)]
    assert problems == []


def test_every_field_label_is_translated():
    missing = []
    for model in apps.get_models():
        if model._meta.app_label not in OUR_APPS:
            continue
        labels = [
            (f"{model._meta.label}.{field.name}", field.verbose_name)
            for field in model._meta.get_fields()
            if (field.concrete or field.many_to_many)
            and not field.auto_created
            and hasattr(field, "verbose_name")
        ]
        labels += [
            (f"{model._meta.label} (model)", model._meta.verbose_name),
            (f"{model._meta.label} (models)", model._meta.verbose_name_plural),
        ]
        for where, label in labels:
            if not isinstance(label, Promise):
                missing.append(f"{where}: {label!r} is not translatable")
                continue
            with translation.override("ko"):
                korean = str(label)
            if not re.search(r"[\uac00-\ud7a3]", korean) and korean not in UNTRANSLATED_ON_PURPOSE:
                missing.append(f"{where}: {korean!r} has no Korean translation")
    assert missing == []
