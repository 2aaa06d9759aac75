"""The public feed is built once per change: served from memory (no query at all) until an
event is added, edited, re-sequenced or removed, and then never stale; gzipped for clients
that accept it."""

import gzip

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from events.services.common import raise_sequence
from tests.events.service_helpers import register
from tests.factories import EventFactory

pytestmark = pytest.mark.django_db
FEED = "/events/calendar.ics"


def feed(client) -> tuple[str, int]:
    with CaptureQueriesContext(connection) as queries:
        body = client.get(FEED).content.decode()
    return body, len(queries)


def test_feed_is_cached_and_follows_every_change(client):
    first = EventFactory(title_ko="첫 세미나", title_en="First seminar")
    body, built = feed(client)
    assert "첫 세미나" in body or "First seminar" in body
    again, served = feed(client)
    assert again == body
    assert (built > 0, served) == (True, 0)

    first.title_ko, first.title_en = "바뀐 제목", "Renamed seminar"
    first.save()
    assert "바뀐 제목" in feed(client)[0] or "Renamed seminar" in feed(client)[0]

    raise_sequence(first)  # an UPDATE, as the services raise it
    assert "SEQUENCE:1" in feed(client)[0]

    second = EventFactory(title_ko="둘째 세미나", title_en="Second seminar")
    assert f"event-{second.uid}" in feed(client)[0]
    second.delete()
    assert f"event-{second.uid}" not in feed(client)[0]


def test_each_language_has_its_own_feed(client):
    EventFactory(title_ko="한국어 제목", title_en="English title")
    client.cookies["biohub_language"] = "en"
    assert "English title" in client.get(FEED).content.decode()
    client.cookies["biohub_language"] = "ko"
    assert "한국어 제목" in client.get(FEED).content.decode()


def test_a_registration_changes_the_event_page_but_not_the_feed(client):
    event = EventFactory()
    feed(client)

    register(event)

    assert feed(client)[1] == 0


def test_gzip_for_clients_that_accept_it(client):
    EventFactory(title_en="Compressed seminar")
    client.cookies["biohub_language"] = "en"
    plain = client.get(FEED)
    with CaptureQueriesContext(connection) as queries:
        zipped = client.get(FEED, headers={"Accept-Encoding": "gzip, deflate, br"})

    assert len(queries) == 0
    assert (zipped["Content-Encoding"], "Content-Encoding" in plain) == ("gzip", False)
    assert gzip.decompress(zipped.content) == plain.content
    assert len(zipped.content) < len(plain.content)
    assert zipped["ETag"] != plain["ETag"]
    assert "Accept-Encoding" in zipped["Vary"] and "Accept-Encoding" in plain["Vary"]
    assert zipped["Cache-Control"] == "public, max-age=300"
    again = client.get(FEED, headers={"Accept-Encoding": "gzip", "If-None-Match": zipped["ETag"]})
    assert (again.status_code, again.content) == (304, b"")
    assert client.get(FEED, headers={"If-None-Match": zipped["ETag"]}).status_code == 200
