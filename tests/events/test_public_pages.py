"""Events pages: the list, the archive, the calendar and feeds, one event."""

import re
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import signing
from django.utils import timezone
from icalendar import Calendar

from events import selectors, services
from events.calendar import event_ics
from events.models import (
    EventStatus,
    Material,
    Speaker,
)
from tests import factories
from tests.events.view_helpers import english, html, make_event, query_count

pytestmark = pytest.mark.django_db

# --- the list and the archive ----------------------------------------------------------------


def test_list_shows_upcoming_public_events_and_hides_drafts_and_past_ones(client):
    english(client)
    make_event(title_en="Upcoming talk")
    make_event(title_en="Secret draft", status=EventStatus.DRAFT)
    make_event(title_en="Old talk", starts_at=timezone.now() - timedelta(days=3))
    make_event(title_en="Called off", status=EventStatus.CANCELLED)
    page = html(client.get("/events/"))
    assert "Upcoming talk" in page
    assert "Called off" in page
    assert "Secret draft" not in page
    assert "Old talk" not in page
    assert 'href="/events/past/"' in page
    assert 'href="/events/calendar/"' in page


def test_list_filters_by_kind_language_and_way_to_attend(client):
    english(client)
    make_event(title_en="Korean onsite seminar", language="ko", format="onsite")
    make_event(
        title_en="Bilingual hybrid symposium",
        kind="symposium",
        language="ko_en",
        format="hybrid",
        capacity_online=50,
    )
    make_event(title_en="English webinar", language="en", format="online", capacity_online=50)

    def titles(query):
        page = html(client.get(f"/events/?{query}"))
        return sorted(re.findall(r">((?:Korean|Bilingual|English) [a-z ]+)</a>", page))

    assert titles("kind=symposium") == ["Bilingual hybrid symposium"]
    assert titles("language=en") == ["Bilingual hybrid symposium", "English webinar"]
    assert titles("format=online") == ["Bilingual hybrid symposium", "English webinar"]
    assert titles("format=onsite&language=ko") == [
        "Bilingual hybrid symposium",
        "Korean onsite seminar",
    ]
    assert titles("format=nonsense") == titles("")  # an unknown value is ignored
    assert "No upcoming event matches these filters." in html(
        client.get("/events/?kind=networking")
    )


def test_list_paginates_by_ten_and_keeps_the_filters(client):
    for _ in range(12):
        make_event(kind="seminar")
    page = html(client.get("/events/?kind=seminar"))
    assert page.count('class="card mb-3"') == 10
    assert 'href="?kind=seminar&amp;page=2"' in page
    assert html(client.get("/events/?kind=seminar&page=2")).count('class="card mb-3"') == 2


def test_list_has_an_empty_state(client):
    english(client)
    assert "No event is scheduled yet." in html(client.get("/events/"))


def test_list_makes_as_many_queries_for_twenty_events_as_for_one(client):
    client.get("/events/")  # keeps what every page reads: the footer's operator record
    make_event()  # a change: the page is built again, not served from the visitors' copy
    one = query_count(client, "/events/")
    for _ in range(19):
        make_event()
    assert query_count(client, "/events/") == one


def test_past_events_show_their_materials(client):
    english(client)
    old = make_event(title_en="Last year", starts_at=timezone.now() - timedelta(days=30))
    Material.objects.create(event=old, title="Slides (PDF)", url="https://example.org/s.pdf")
    page = html(client.get("/events/past/"))
    assert "Last year" in page
    assert 'href="https://example.org/s.pdf"' in page


# --- the calendar ---------------------------------------------------------------------------


def test_month_view_lists_the_events_of_the_month_with_links_to_other_months(client):
    english(client)
    event = make_event(title_en="March talk")
    month = timezone.localtime(event.starts_at).strftime("%Y-%m")
    page = html(client.get(f"/events/calendar/?month={month}"))
    assert page.count(f'href="/events/{event.slug}/"') == 2  # the table and the phone list
    assert 'rel="prev"' in page
    assert 'rel="next"' in page
    assert client.get("/events/calendar/?month=2026-13").status_code == 200  # falls back
    far = html(client.get("/events/calendar/?month=1999-01"))
    assert "No event this month." in far


def test_calendar_json_returns_events_in_the_range_in_utc(client):
    english(client)
    event = make_event(title_en="JSON talk")
    make_event(status=EventStatus.DRAFT)
    start = timezone.localdate(event.starts_at).isoformat()  # midnight in the viewer's zone
    end = (timezone.localdate(event.starts_at) + timedelta(days=1)).isoformat()
    response = client.get(f"/events/calendar.json?start={start}&end={end}")
    assert response.status_code == 200
    assert response.json() == [
        {
            "id": str(event.uid),
            "title": "JSON talk",
            "start": event.starts_at.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "end": event.ends_at.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "url": f"/events/{event.slug}/",
            "cancelled": False,
        }
    ]
    # what calendar widgets send: date-times with an offset (the "+" unescaped in the URL)
    offset = client.get(
        f"/events/calendar.json?start={start}T00:00:00+09:00&end={end}T00:00:00+09:00"
    )
    assert [entry["id"] for entry in offset.json()] == [str(event.uid)]
    assert client.get("/events/calendar.json?start=yesterday&end=x").status_code == 400
    assert client.get(f"/events/calendar.json?start={end}&end={start}").status_code == 400
    assert client.get("/events/calendar.json").status_code == 400


def test_feed_has_every_public_event_with_stable_uids(client, staff):
    published = make_event()
    cancelled = make_event(status=EventStatus.CANCELLED)
    make_event(status=EventStatus.DRAFT)
    response = client.get("/events/calendar.ics")
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    feed = Calendar.from_ical(response.content)
    events = {str(e["uid"]): e for e in feed.walk("VEVENT")}
    assert sorted(events) == sorted(
        [f"event-{published.uid}@seoulbiohub.kr", f"event-{cancelled.uid}@seoulbiohub.kr"]
    )
    assert str(events[f"event-{cancelled.uid}@seoulbiohub.kr"]["status"]) == "CANCELLED"
    first = events[f"event-{published.uid}@seoulbiohub.kr"]
    assert first.decoded("dtstart") == published.starts_at
    assert first.decoded("dtstart").tzname() == "UTC"

    published.title_ko = "바뀐 제목"
    published.save()
    services.publish_event_change(published, actor=staff, fields=["title_ko"])
    feed = Calendar.from_ical(client.get("/events/calendar.ics").content)
    again = {str(e["uid"]): e for e in feed.walk("VEVENT")}
    edited = again[f"event-{published.uid}@seoulbiohub.kr"]
    assert (str(edited["summary"]), edited["sequence"]) == ("바뀐 제목", first["sequence"] + 1)
    # the same UID as the invite emailed to registrants
    invite = Calendar.from_ical(event_ics(published, attendee=staff))
    assert [str(e["uid"]) for e in invite.walk("VEVENT")] == [str(edited["uid"])]


def test_feed_and_event_file_describe_the_event_alike(client):
    english(client)
    event = make_event(
        venue="연구동 1층", venue_en="Research Building 1F", address="회기로 117-3", address_en=""
    )
    (in_feed,) = Calendar.from_ical(client.get("/events/calendar.ics").content).walk("VEVENT")
    (in_file,) = Calendar.from_ical(client.get(f"/events/{event.slug}/event.ics").content).walk(
        "VEVENT"
    )
    fields = ["UID", "SEQUENCE", "DTSTART", "DTEND", "SUMMARY", "LOCATION", "URL", "STATUS"]
    assert [in_feed.get(name) for name in fields] == [in_file.get(name) for name in fields]
    assert str(in_file["LOCATION"]) == "Research Building 1F, 회기로 117-3"


def test_feed_makes_as_many_queries_for_twenty_events_as_for_one(client):
    make_event()
    one = query_count(client, "/events/calendar.ics")
    for _ in range(19):
        make_event()
    assert query_count(client, "/events/calendar.ics") == one


# --- one event ------------------------------------------------------------------------------


def test_event_page_shows_the_programme_and_both_zones(client):
    english(client)
    event = make_event(time_zone="Europe/Berlin", title_en="Munich exchange")
    speaker = Speaker.objects.create(event=event, name="Dr. Anna Weber", affiliation="BMS")
    event.agenda.create(starts_at=event.starts_at, title="Opening remarks", speaker=speaker)
    page = html(client.get(f"/events/{event.slug}/"))
    assert "Munich exchange" in page
    assert "Dr. Anna Weber" in page
    assert "Opening remarks" in page
    assert "KST" in page
    zone = "CEST" if event.starts_at.astimezone(ZoneInfo("Europe/Berlin")).dst() else "CET"
    assert f"local time of the event: Central European Time ({zone})" in page
    assert "Times in Korea Standard Time (KST)." in page
    assert "Europe/Berlin" not in page
    assert f'href="/events/{event.slug}/event.ics"' in page
    assert "Sign in to register" in page


def test_in_korean_zones_are_named_in_korean_and_never_by_their_key(client):
    event = make_event(time_zone="Europe/Berlin")
    page = html(client.get(f"/events/{event.slug}/"))  # Korean unless told otherwise
    summer = event.starts_at.astimezone(ZoneInfo("Europe/Berlin")).dst()
    munich = "중앙유럽 하계 표준시(CEST)" if summer else "중앙유럽 표준시(CET)"
    assert munich in page
    assert "시간은 한국 표준시(KST) 기준으로 표시됩니다." in page
    assert "Asia/Seoul" not in page and "Europe/Berlin" not in page


def test_a_draft_is_404_for_the_public_and_staff_without_mfa_but_not_for_staff(client, staff):
    draft = make_event(status=EventStatus.DRAFT)
    for url in (f"/events/{draft.slug}/", f"/events/{draft.slug}/event.ics"):
        assert client.get(url).status_code == 404
    client.force_login(factories.UserFactory())
    assert client.get(f"/events/{draft.slug}/").status_code == 404
    assert client.get(f"/events/{draft.slug}/register/").status_code == 404
    client.force_login(factories.StaffFactory(mfa=False))
    assert client.get(f"/events/{draft.slug}/").status_code == 404
    client.force_login(staff)
    assert client.get(f"/events/{draft.slug}/").status_code == 200


def test_online_link_only_for_confirmed_online_registrants(client, person):
    event = make_event(
        format="hybrid",
        capacity_onsite=5,
        capacity_online=1,
        online_link="https://meet.example.org/secret-room",
    )
    url = f"/events/{event.slug}/"
    assert "secret-room" not in html(client.get(url))
    onsite = factories.UserFactory()
    services.register(event, user=onsite, mode="onsite")
    client.force_login(onsite)
    assert "secret-room" not in html(client.get(url))
    services.register(event, user=person, mode="online")
    waiting = factories.UserFactory()
    services.register(event, user=waiting, mode="online")
    client.force_login(waiting)
    assert "secret-room" not in html(client.get(url))
    with time_machine.travel(event.starts_at - timedelta(minutes=30), tick=False):
        client.force_login(person)
        page = html(client.get(url))
    assert 'href="https://meet.example.org/secret-room"' in page


def test_a_confirmed_registrant_sees_a_qr_code_without_inline_styles(client, person):
    english(client)
    event = make_event()
    registration = services.register(event, user=person)
    client.force_login(person)
    page = html(client.get(f"/events/{event.slug}/"))
    svg = re.search(r"<svg .*?</svg>", page, re.S).group(0)
    assert "style=" not in svg
    # The token carries the second it was signed at: compare what it says, not its text.
    code = re.search(r'<code class="text-break">(.*?)</code>', page).group(1)
    assert signing.loads(code, salt=selectors.CHECKIN_SALT) == signing.loads(
        selectors.checkin_token(registration), salt=selectors.CHECKIN_SALT
    )
    assert "You are registered (On site)." in page


def test_event_ics_is_the_invite_as_an_attachment(client):
    event = make_event()
    response = client.get(f"/events/{event.slug}/event.ics")
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="{event.slug}.ics"'
    invite = Calendar.from_ical(response.content)
    assert [str(e["uid"]) for e in invite.walk("VEVENT")] == [f"event-{event.uid}@seoulbiohub.kr"]
