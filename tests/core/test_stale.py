"""core.stale: what a transaction's writes make stale in the cache is written once, after the
commit, in one round trip; a reader in the writer's own thread sees it before that."""

import pytest
import redis.connection
from django.core.cache import cache
from django.core.signals import request_finished
from django.db import transaction

from core import fragments, stale, viewer_cache
from core.fragments import topic

pytestmark = pytest.mark.redis


@pytest.fixture
def committing(db, django_capture_on_commit_callbacks):
    """A transaction whose commit callbacks run as it ends (the test's own wraps it)."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


TOKEN = "kept:topic:startup:1"


@pytest.fixture
def round_trips(monkeypatch):
    """How many times this process sends Redis something (a pipeline is one send)."""
    sent = []
    send = redis.connection.AbstractConnection.send_packed_command

    def counting(self, command, check_health=True):
        sent.append(command)
        return send(self, command, check_health)

    monkeypatch.setattr(redis.connection.AbstractConnection, "send_packed_command", counting)
    return sent


def build():
    return "<p>part</p>"


def test_a_transactions_changes_are_written_after_the_commit_in_one_round_trip(
    round_trips, committing
):
    fragments.kept("list", (1,), [topic("startup", 1)], build)
    old_token = viewer_cache.load(7, viewer_cache.UNREAD)[0]
    with committing(), transaction.atomic():
        assert cache.get(TOKEN) is not None
        round_trips.clear()
        fragments.changed(topic("startup", 1))
        viewer_cache.invalidate([7], part=viewer_cache.UNREAD)
        fragments.changed(topic("inbox", 7))
        assert round_trips == []  # nothing written yet: other requests see the committed rows
    assert len(round_trips) == 1
    assert cache.get(TOKEN) is None
    assert viewer_cache.load(7, viewer_cache.UNREAD)[0] != old_token


def test_the_writers_own_reader_sees_the_change_before_the_commit(committing):
    calls = []

    def counted():
        calls.append(1)
        return f"<p>{len(calls)}</p>"

    fragments.kept("list", (1,), [topic("startup", 1)], counted)
    with committing(), transaction.atomic():
        fragments.changed(topic("startup", 1))
        assert fragments.kept("list", (1,), [topic("startup", 1)], counted) == "<p>2</p>"
    # built from rows that were not committed yet, so built again after the commit
    assert fragments.kept("list", (1,), [topic("startup", 1)], counted) == "<p>3</p>"


def test_a_change_in_a_savepoint_that_rolls_back_is_still_written_at_the_commit(committing):
    """One rebuild too many, never a stale value: the savepoint took its own commit callback
    with it, and a later write's callback writes everything."""
    fragments.kept("list", (1,), [topic("startup", 1)], build)
    fragments.kept("list", (2,), [topic("startup", 2)], build)
    with committing(), transaction.atomic():
        try:
            with transaction.atomic():
                fragments.changed(topic("startup", 1))
                raise RuntimeError("refused")
        except RuntimeError:
            pass
        fragments.changed(topic("startup", 2))
    assert cache.get_many([TOKEN, "kept:topic:startup:2"]) == {}


def test_a_change_in_a_transaction_that_rolls_back_is_written_at_the_next_read(db):
    fragments.kept("list", (1,), [topic("startup", 1)], build)
    with pytest.raises(RuntimeError), transaction.atomic():
        fragments.changed(topic("startup", 1))
        raise RuntimeError("refused")
    assert cache.get(TOKEN) is not None
    stale.before_reading()
    assert cache.get(TOKEN) is None


def test_a_token_renewed_before_and_after_the_commit_takes_two_values(committing):
    """A value another request built under the first new token never matches after the commit."""
    with committing(), transaction.atomic():
        viewer_cache.invalidate([7])
        during, _value = viewer_cache.load(7)
    after, _value = viewer_cache.load(7)
    assert during != after


def test_outside_a_transaction_a_change_is_written_at_once():
    fragments.kept("list", (1,), [topic("startup", 1)], build)
    fragments.changed(topic("startup", 1))
    assert cache.get(TOKEN) is None


@pytest.mark.django_db(transaction=True)
def test_what_a_failed_commit_callback_left_waiting_is_written_when_the_request_ends():
    """A callback registered before the change raised after the commit, so Django ran none of
    the later ones: the end of the request writes what they would have."""
    fragments.kept("list", (1,), [topic("startup", 1)], build)

    def storage_write_fails():
        raise OSError("disk full")

    with pytest.raises(OSError), transaction.atomic():
        transaction.on_commit(storage_write_fails)
        fragments.changed(topic("startup", 1))
    assert cache.get(TOKEN) is not None
    request_finished.send(sender=None)
    assert cache.get(TOKEN) is None
