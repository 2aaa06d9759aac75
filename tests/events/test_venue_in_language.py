"""An event's venue and address in the reader's language: on the page, in the calendar
invite and feed, and in the registration email. Korean when no English is given."""

import pytest
from django.utils import translation

from events import services
from events.calendar import event_entry, event_ics
from notifications.models import Notification
from notifications.services import render_notification
from tests.factories import EventFactory, UserFactory

pytestmark = pytest.mark.django_db

VENUE_KO = "서울바이오허브 연구동 1층"
ADDRESS_KO = "서울특별시 동대문구 회기로 117-3"
VENUE_EN = "Seoul Bio Hub, Research Building 1F"
ADDRESS_EN = "117-3 Hoegi-ro, Dongdaemun-gu, Seoul"


def bilingual_event(**fields):
    return EventFactory(
        venue=VENUE_KO, venue_en=VENUE_EN, address=ADDRESS_KO, address_en=ADDRESS_EN, **fields
    )


@pytest.mark.parametrize(
    ("language", "shown", "hidden"),
    [
        ("en", (VENUE_EN, ADDRESS_EN), (VENUE_KO, ADDRESS_KO)),
        ("ko", (VENUE_KO, ADDRESS_KO), (VENUE_EN, ADDRESS_EN)),
    ],
)
def test_event_page_shows_the_venue_and_address_in_the_readers_language(
    client, language, shown, hidden
):
    event = bilingual_event()
    client.cookies["biohub_language"] = language
    page = client.get(event.get_absolute_url()).content.decode()
    listing = client.get("/events/").content.decode()
    assert all(text in page for text in shown)
    assert not any(text in page for text in hidden)
    assert f" · {shown[0]}" in listing


def test_english_page_falls_back_to_the_korean_venue_when_none_is_given_in_english(client):
    event = EventFactory(venue=VENUE_KO, venue_en="")
    client.cookies["biohub_language"] = "en"
    assert VENUE_KO in client.get(event.get_absolute_url()).content.decode()


@pytest.mark.parametrize(
    ("language", "location"),
    [("en", f"{VENUE_EN}, {ADDRESS_EN}"), ("ko", f"{VENUE_KO}, {ADDRESS_KO}")],
)
def test_invite_and_feed_give_the_location_in_the_readers_language(language, location):
    event = bilingual_event()
    with translation.override(language):
        invite = event_ics(event, publish=True).replace("\r\n ", "")
        entry = event_entry(event)
    assert "LOCATION:" + location.replace(",", "\\,") in invite
    assert entry["location"] == location


@pytest.mark.parametrize(("language", "venue"), [("en", VENUE_EN), ("ko", VENUE_KO)])
def test_registration_email_names_the_venue_in_the_registrants_language(language, venue):
    event = bilingual_event()
    person = UserFactory(language=language)
    services.register(event, user=person)
    _subject, body_text, body_html = render_notification(Notification.objects.get(recipient=person))
    assert f" — {venue}" in body_text
    assert f" — {venue}" in body_html
