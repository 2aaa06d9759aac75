"""The timings of recovery after a worker dies are chosen together (config/settings.py,
"Recovery after a worker dies"); these are the relations between them."""

from datetime import timedelta

from django.conf import settings

from notifications.delivery import REQUEUE_LEASE, STALE_AFTER
from notifications.tasks import backoff

VISIBILITY_TIMEOUT = timedelta(
    seconds=settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"]
)
LONGEST_COUNTDOWN = backoff(100)  # the backoff's ceiling


def test_a_live_worker_never_holds_a_message_past_the_visibility_timeout():
    """A retry waits (unacknowledged, on the worker) up to the backoff's ceiling, then sends
    for at most EMAIL_TIMEOUT; past the visibility timeout Redis would hand it out again."""
    assert LONGEST_COUNTDOWN + timedelta(seconds=settings.EMAIL_TIMEOUT) < VISIBILITY_TIMEOUT


def test_the_sweep_recovers_before_the_broker_does():
    """The beat's sweep re-enqueues a dead worker's row within STALE_AFTER + REQUEUE_LEASE."""
    assert STALE_AFTER + REQUEUE_LEASE < VISIBILITY_TIMEOUT


QUARTER_OF_AN_HOUR = timedelta(minutes=15)


def test_without_the_beat_the_broker_recovers_within_a_quarter_of_an_hour():
    assert VISIBILITY_TIMEOUT <= QUARTER_OF_AN_HOUR


def test_health_calls_the_backlog_old_only_after_every_retry_had_its_turn():
    all_retries = sum(
        (backoff(n) for n in range(settings.NOTIFICATION_MAX_ATTEMPTS - 1)), timedelta()
    )
    assert all_retries < settings.HEALTH_BACKLOG_OLD_AFTER
