"""/health/ reports the beat's last heartbeat and the age of the oldest pending notification,
and says "degraded" (still 200: the site serves) when either is too old."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.conf import settings as django_settings

from core.heartbeat import BEAT, last_heartbeat, record_heartbeat
from core.tasks import beat_heartbeat
from tests.factories import NotificationFactory

pytestmark = pytest.mark.django_db

# 2026-03-08 02:30 in New York is skipped by DST; nothing here may care.
NOW = datetime(2026, 3, 8, 7, 30, tzinfo=UTC)


@pytest.fixture
def with_workers(settings):
    """Tasks go to workers and a beat (as in production), not run in the request."""
    settings.CELERY_TASK_ALWAYS_EAGER = False


def health(client, at: datetime) -> tuple[int, dict]:
    with time_machine.travel(at, tick=False):
        response = client.get("/health/")
    return response.status_code, response.json()


def test_beat_task_records_its_heartbeat():
    with time_machine.travel(NOW, tick=False):
        beat_heartbeat.delay()

    assert last_heartbeat(BEAT) == NOW


def test_the_beat_schedules_its_heartbeat_more_often_than_health_calls_it_silent():
    entry = django_settings.CELERY_BEAT_SCHEDULE["core-beat-heartbeat"]
    assert entry["task"] == beat_heartbeat.name
    assert entry["schedule"] * 3 <= django_settings.HEALTH_BEAT_SILENT_AFTER


def test_health_is_ok_with_a_recent_heartbeat_and_no_backlog(client, with_workers):
    record_heartbeat(BEAT, now=NOW - timedelta(minutes=2))

    code, body = health(client, NOW)

    assert code == 200
    assert body["status"] == "ok"
    assert body["beat"] == {
        "status": "ok",
        "last_heartbeat": (NOW - timedelta(minutes=2)).isoformat(),
        "age_seconds": 120,
    }
    assert body["backlog"] == {"status": "ok", "oldest_pending_age_seconds": None}


def test_health_is_degraded_when_the_beat_is_silent(client, with_workers):
    record_heartbeat(BEAT, now=NOW - timedelta(minutes=6))

    code, body = health(client, NOW)

    assert (code, body["status"]) == (200, "degraded")
    assert body["beat"]["status"] == "silent"
    assert body["beat"]["age_seconds"] == 360


def test_health_is_degraded_when_the_beat_never_beat(client, with_workers):
    code, body = health(client, NOW)

    assert (code, body["status"]) == (200, "degraded")
    assert body["beat"] == {"status": "silent", "last_heartbeat": None, "age_seconds": None}


def test_health_reports_the_oldest_pending_notification(client, with_workers):
    record_heartbeat(BEAT, now=NOW)
    with time_machine.travel(NOW - timedelta(minutes=10), tick=False):
        NotificationFactory()
    with time_machine.travel(NOW - timedelta(minutes=30), tick=False):
        NotificationFactory(status="sent")  # sent rows are not a backlog

    code, body = health(client, NOW)

    assert (code, body["status"]) == (200, "ok")
    assert body["backlog"] == {"status": "ok", "oldest_pending_age_seconds": 600}


def test_health_is_degraded_when_the_backlog_is_old(client, with_workers):
    record_heartbeat(BEAT, now=NOW)
    with time_machine.travel(NOW - timedelta(minutes=16), tick=False):
        NotificationFactory()
    with time_machine.travel(NOW - timedelta(minutes=1), tick=False):
        NotificationFactory()

    code, body = health(client, NOW)

    assert (code, body["status"]) == (200, "degraded")
    assert body["backlog"] == {"status": "old", "oldest_pending_age_seconds": 960}
    assert body["beat"]["status"] == "ok"


def test_health_without_workers_has_no_beat_to_wait_for(client):
    """`make run` and the tests run tasks in the request: no beat, nothing degraded."""
    code, body = health(client, NOW)

    assert (code, body["status"], body["beat"]) == (200, "ok", {"status": "eager"})
