"""The Korean and English catalogues are complete, and the compiled .mo files are current."""

import json
from pathlib import Path

import pytest
from django.utils import translation

from challenges.admin.actions import ReasonForm as DecisionForm
from events.models import RegistrationStatus
from partners.forms.consultations import ReasonForm
from partners.models import BookingStatus
from tests.factories import EventFactory, StartupMembershipFactory, UserFactory
from tests.partners.factories import ConsultationRequestFactory, RoomBookingFactory

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


# --- one English word, several meanings: each meaning has its own context and its own Korean ---

# English words that mean different things in different places. Each use must give a context
# (pgettext / {% translate ... context ... %}), so no bare entry may be left in the catalogue:
# a bare one is how "Requested" came to read "신청 금액" on consultation requests.
SPLIT_BY_CONTEXT = {
    "Requested": {"consultation status": "요청됨", "grant amount": "신청 금액"},
    "Upcoming": {"events": "예정된 행사", "room bookings": "예정된 예약"},
    "Reason": {"decision": "결정 사유", "cancel or decline": "사유"},
    "Confirmed": {"event registration status": "신청 확정", "room booking status": "예약 확정"},
    "On site": {"event format": "현장", "attendance": "현장 참가"},
    "Online": {"event format": "온라인", "attendance": "온라인 참가"},
    "Agenda": {"event programme": "프로그램", "coaching session": "논의 안건"},
    "agenda": {"event programme": "프로그램", "coaching session": "논의 안건"},
    "title": {"heading": "제목", "job title": "직함"},
    "date": {"calendar day": "날짜", "date and time": "일시"},
}


def test_words_with_several_meanings_have_no_bare_entry():
    entries = parse_po(LOCALE / "ko" / "LC_MESSAGES" / "django.po")
    bare = sorted(
        e["msgid"] for e in entries if e["msgid"] in SPLIT_BY_CONTEXT and "msgctxt" not in e
    )
    assert bare == []


@pytest.mark.parametrize("msgid", sorted(SPLIT_BY_CONTEXT))
def test_each_meaning_reads_its_own_korean_word(msgid):
    with translation.override("ko"):
        korean = {ctx: translation.pgettext(ctx, msgid) for ctx in SPLIT_BY_CONTEXT[msgid]}
    assert korean == SPLIT_BY_CONTEXT[msgid]


@pytest.mark.django_db
def test_consultation_requests_in_korean_read_requested_not_the_grant_amount(client):

    membership = StartupMembershipFactory(user=UserFactory(language="ko"))
    ConsultationRequestFactory(startup=membership.startup, topic="PD-1 bispecific")
    client.force_login(membership.user)
    page = client.get("/partners/requests/").content.decode()
    assert '<span class="badge text-bg-warning">요청됨</span>' in page
    assert "신청 금액" not in page


@pytest.mark.django_db
def test_room_bookings_in_korean_read_upcoming_bookings_and_booking_confirmed(client):

    membership = StartupMembershipFactory(user=UserFactory(language="ko"))
    RoomBookingFactory(booked_by=membership.user, startup=membership.startup)
    client.force_login(membership.user)
    page = client.get("/partners/office/bookings/").content.decode()
    assert '<h2 class="h5 mt-4">예정된 예약</h2>' in page
    assert '<span class="badge text-bg-success">예약 확정</span>' in page
    assert "예정된 행사" not in page
    assert "신청 확정" not in page


@pytest.mark.django_db
def test_events_in_korean_still_read_upcoming_events(client):

    EventFactory()
    page = client.get("/events/", HTTP_ACCEPT_LANGUAGE="ko").content.decode()
    assert "예정된 행사</a>" in page


def test_the_consultation_cancel_form_asks_for_a_reason_not_a_decision():

    with translation.override("ko"):
        assert str(ReasonForm().fields["reason"].label) == "사유"
        assert str(DecisionForm.base_fields["reason"].label) == "결정 사유"


def test_registration_and_booking_statuses_read_differently_in_korean():

    with translation.override("ko"):
        assert str(RegistrationStatus.CONFIRMED.label) == "신청 확정"
        assert str(BookingStatus.CONFIRMED.label) == "예약 확정"
