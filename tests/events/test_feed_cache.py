"""The public feed is built once per change: served from the cache until an event is added,
edited, re-sequenced or removed, and then never stale."""

import pytest
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext

from events.models import Event
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
    assert served < built  # one small query instead of reading the events

    first.title_ko, first.title_en = "바뀐 제목", "Renamed seminar"
    first.save()
    assert "바뀐 제목" in feed(client)[0] or "Renamed seminar" in feed(client)[0]

    Event.objects.filter(pk=first.pk).update(sequence=F("sequence") + 1)  # as services do
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
