"""The feed and each event's file answer conditional GETs: 304 while unchanged (by ETag or
by date), 200 with a new ETag once the event changes, and shared caches may keep them five
minutes."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from events import services
from tests.events.service_helpers import register
from tests.factories import EventFactory, StaffFactory, UserFactory

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 3, 2, 3, 0, tzinfo=UTC)
FEED = "/events/calendar.ics"


@pytest.fixture
def clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def file_of(event) -> str:
    return f"/events/{event.slug}/event.ics"


@pytest.mark.parametrize("url_of", [lambda event: FEED, file_of], ids=["feed", "event"])
def test_unchanged_answers_304_and_a_change_answers_200_with_a_new_etag(client, clock, url_of):
    event = EventFactory(title_en="First title")
    url = url_of(event)
    client.cookies["biohub_language"] = "en"

    first = client.get(url)
    with CaptureQueriesContext(connection) as queries:
        unchanged = client.get(url, headers={"If-None-Match": first["ETag"]})
    assert (unchanged.status_code, len(queries) if url == FEED else 0) == (304, 0)
    assert first.status_code == 200
    etag, modified = first["ETag"], first["Last-Modified"]
    assert etag.startswith('"') and not etag.startswith("W/")
    assert modified == "Mon, 02 Mar 2026 03:00:00 GMT"
    assert first["Cache-Control"] == "public, max-age=300"
    by_etag = client.get(url, headers={"If-None-Match": etag})
    by_date = client.get(url, headers={"If-Modified-Since": modified})
    assert [r.status_code for r in (by_etag, by_date)] == [304, 304]
    assert (by_etag.content, by_etag["ETag"], by_etag["Cache-Control"]) == (
        b"",
        etag,
        "public, max-age=300",
    )

    clock.shift(timedelta(minutes=10))
    event.title_en = "Second title"
    event.save()
    after_edit = client.get(url, headers={"If-None-Match": etag})
    assert after_edit.status_code == 200
    assert after_edit["ETag"] != etag
    assert "Second title" in after_edit.content.decode()
    assert client.get(url, headers={"If-Modified-Since": modified}).status_code == 200
    assert client.get(url, headers={"If-None-Match": after_edit["ETag"]}).status_code == 304


@pytest.mark.parametrize("url_of", [lambda event: FEED, file_of], ids=["feed", "event"])
def test_a_new_sequence_alone_is_a_change(client, clock, url_of):
    event = EventFactory()
    person = UserFactory()
    registration = register(event, person)
    url = url_of(event)
    before = client.get(url)

    clock.shift(timedelta(minutes=1))
    services.cancel_registration(registration, actor=person)  # raises SEQUENCE by an UPDATE

    by_etag = client.get(url, headers={"If-None-Match": before["ETag"]})
    by_date = client.get(url, headers={"If-Modified-Since": before["Last-Modified"]})
    assert [r.status_code for r in (by_etag, by_date)] == [200, 200]
    assert "SEQUENCE:1" in by_etag.content.decode().split("\r\n")


@pytest.mark.parametrize("url_of", [lambda event: FEED, file_of], ids=["feed", "event"])
def test_each_language_has_its_own_etag(client, clock, url_of):
    url = url_of(EventFactory(title_ko="한국어 제목", title_en="English title"))
    client.cookies["biohub_language"] = "ko"
    korean = client.get(url)
    client.cookies["biohub_language"] = "en"

    english = client.get(url, headers={"If-None-Match": korean["ETag"]})

    assert english.status_code == 200
    assert "English title" in english.content.decode()
    assert english["ETag"] != korean["ETag"]
    assert "Accept-Language" in english["Vary"] and "Cookie" in english["Vary"]


def test_a_draft_shown_to_staff_is_not_kept_by_shared_caches(client, clock):
    draft = EventFactory(status="draft")
    client.force_login(StaffFactory())

    response = client.get(file_of(draft))

    assert response.status_code == 200
    assert "private" in response["Cache-Control"]
    assert "public" not in response["Cache-Control"]
