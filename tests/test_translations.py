"""The Korean and English catalogues are complete, and the compiled .mo files are current."""

import json
from pathlib import Path

import pytest
from django.utils import translation

LOCALE = Path(__file__).resolve().parent.parent / "locale"


def parse_po(path: Path) -> list[dict]:
    """Entries of a .po file: msgid, msgid_plural, msgstr / msgstr[n], flags."""
    entries, entry, field = [], {"flags": set()}, None
    for raw in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        line = raw.strip()
        if not line:
            if "msgid" in entry:
                entries.append(entry)
            entry, field = {"flags": set()}, None
        elif line.startswith("#,"):
            entry["flags"].update(flag.strip() for flag in line[2:].split(","))
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            entry[field] += json.loads(line)
        else:
            field, _, value = line.partition(" ")
            entry[field] = json.loads(value)
    return [e for e in entries if e["msgid"]]


@pytest.mark.parametrize("language", ["ko", "en"])
def test_catalogue_is_complete(language):
    entries = parse_po(LOCALE / language / "LC_MESSAGES" / "django.po")
    assert len(entries) > 100
    fuzzy = [e["msgid"] for e in entries if "fuzzy" in e["flags"]]
    untranslated = [
        e["msgid"]
        for e in entries
        if not e.get("msgstr") and not any(e.get(f"msgstr[{n}]") for n in range(2))
    ]
    assert fuzzy == []
    assert untranslated == []


def translated(entry: dict) -> str:
    if "msgctxt" in entry:
        return translation.pgettext(entry["msgctxt"], entry["msgid"])
    return translation.gettext(entry["msgid"])


@pytest.mark.parametrize("language", ["ko", "en"])
def test_compiled_catalogue_matches_the_source(language):
    entries = parse_po(LOCALE / language / "LC_MESSAGES" / "django.po")
    with translation.override(language):
        stale = [
            e["msgid"] for e in entries if "msgid_plural" not in e and translated(e) != e["msgstr"]
        ]
    assert stale == []


def test_korean_catalogue_is_really_korean():
    with translation.override("ko"):
        assert translation.gettext("Sign in") == "로그인"
        assert translation.gettext("Notifications") == "알림"
