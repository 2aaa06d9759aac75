"""Shared set-up of the events tests."""

from datetime import timedelta
from itertools import count

from django.db import connection
from django.test.utils import CaptureQueriesContext

from events.models import (
    Event,
    EventStatus,
)
from tests.factories import seoul_morning

_numbers = count(1)


def make_event(**fields) -> Event:
    """A published on-site seminar a week from today at 10:00 in Seoul (on one day in every
    zone, see factories.seoul_morning), 10 seats, asking nothing."""
    n = next(_numbers)
    starts_at = fields.pop("starts_at", None) or seoul_morning(7)
    values = {
        "slug": f"seminar-{n}",
        "kind": "seminar",
        "title_ko": f"바이오 세미나 {n}",
        "title_en": f"Bio seminar {n}",
        "summary_ko": "요약",
        "summary_en": "Summary",
        "starts_at": starts_at,
        "ends_at": starts_at + timedelta(hours=2),
        "format": "onsite",
        "venue": "Seoul Bio Hub",
        "capacity_onsite": 10,
        "ask_affiliation": False,
        "status": EventStatus.PUBLISHED,
        **fields,
    }
    return Event.objects.create(**values)


def html(response) -> str:
    return response.content.decode()


def english(client):
    client.cookies["biohub_language"] = "en"


def query_count(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)
