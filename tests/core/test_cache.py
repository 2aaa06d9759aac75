"""core.cache.ResilientRedisCache: with Redis gone the cache answers from process memory
instead of raising, warns now and then, and goes back to Redis when it answers again."""

import logging
import socket
from datetime import UTC, datetime, timedelta

import pytest
import redis
import time_machine

from core.cache import ResilientRedisCache
from tests.quality.fault_helpers import PrivateRedis

NOON = datetime(2026, 3, 10, 3, 0, tzinfo=UTC)


def closed_port_url() -> str:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"redis://127.0.0.1:{port}/1"


def make_cache(location: str) -> ResilientRedisCache:
    return ResilientRedisCache(
        location,
        {
            "KEY_PREFIX": "test",
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        },
    )


def cache_warnings(caplog) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == "core.cache"]


def test_unreachable_redis_reads_miss_and_nothing_raises(caplog):
    cache = make_cache(closed_port_url())

    with time_machine.travel(NOON, tick=False), caplog.at_level(logging.WARNING):
        assert cache.get("feed") is None
        assert cache.get("feed", "default") == "default"
        assert cache.get_many(["a", "b"]) == {}
        assert cache.has_key("feed") is False
        assert cache.delete("feed") is False
        assert cache.ping() is False

    (warning,) = cache_warnings(caplog)  # one warning, not one per call
    assert warning.startswith("cache: Redis at 127.0.0.1:")
    assert "unreachable" in warning


def test_unreachable_redis_keeps_what_this_process_wrote():
    """allauth's rate limits take a lock with add() and keep a history with get()/set(): both
    must keep working, so a limit still counts while Redis is down."""
    cache = make_cache(closed_port_url())

    with time_machine.travel(NOON, tick=False):
        assert cache.add("lock", True, timeout=10) is True
        assert cache.add("lock", True, timeout=10) is False  # held
        cache.set("history", [1.0, 2.0], 60)
        assert cache.get("history") == [1.0, 2.0]
        cache.set("attempts", 0, 60)
        assert cache.incr("attempts") == 1


def test_warning_repeats_at_most_once_a_minute(caplog):
    cache = make_cache(closed_port_url())

    with caplog.at_level(logging.WARNING), time_machine.travel(NOON, tick=False) as clock:
        cache.get("a")
        clock.shift(timedelta(seconds=30))
        cache.get("a")  # Redis tried again (RETRY_AFTER passed), still down: no warning
        clock.shift(timedelta(seconds=31))
        cache.get("a")

    assert len(cache_warnings(caplog)) == 2


@pytest.fixture
def private_redis(tmp_path):
    server = PrivateRedis(tmp_path)
    server.start()
    yield server
    server.stop()


@pytest.mark.redis
def test_redis_stopped_then_started_the_cache_follows(private_redis, caplog):
    cache = make_cache(private_redis.url)
    direct = redis.Redis.from_url(private_redis.url)

    with time_machine.travel(NOON, tick=False) as clock, caplog.at_level(logging.WARNING):
        cache.set("feed", "from redis", 60)
        assert direct.exists("test:1:feed") == 1
        assert cache.get("feed") == "from redis"

        private_redis.stop()
        assert cache.get("feed") is None  # a miss, not an error
        cache.set("feed", "local", 60)
        assert cache.get("feed") == "local"
        assert cache.ping() is False

        private_redis.start()  # empty: nothing was kept
        assert cache.get("feed") == "local"  # Redis is left alone for RETRY_AFTER seconds
        clock.shift(timedelta(seconds=ResilientRedisCache.RETRY_AFTER + 1))
        assert cache.get("feed") is None  # from Redis again; the local copy is dropped
        cache.set("feed", "from redis again", 60)
        assert direct.get("test:1:feed") is not None
        assert cache.ping() is True
    direct.close()

    address = f"127.0.0.1:{private_redis.port}/0"
    down, back = cache_warnings(caplog)
    assert down.startswith(f"cache: Redis at {address} unreachable (")
    assert back == f"cache: Redis at {address} answers again"


@pytest.mark.redis
def test_every_call_goes_through_one_redis_client(private_redis):
    """Django's client builds a redis.Redis per call, which cost more than the GET itself;
    here one client per connection pool serves them all, and still answers after Redis
    restarted under it."""
    cache = make_cache(private_redis.url)
    cache.set("feed", "one", 60)
    client = cache._cache.get_client(write=True)

    assert cache.get("feed") == "one"
    assert cache.get_many(["feed", "other"]) == {"feed": "one"}
    assert cache._cache.get_client() is client

    private_redis.stop()
    private_redis.start()
    with time_machine.travel(NOON, tick=False) as clock:
        cache.get("feed")  # the pool's old connection fails at most once
        clock.shift(timedelta(seconds=ResilientRedisCache.RETRY_AFTER + 1))
        cache.set("feed", "two", 60)
    direct = redis.Redis.from_url(private_redis.url)
    assert direct.exists("test:1:feed") == 1  # written to Redis, not to process memory
    direct.close()
    assert cache._cache.get_client() is client


@pytest.mark.redis
def test_many_keys_are_dropped_and_set_in_one_write(private_redis):
    cache = make_cache(private_redis.url)
    cache.set_many({"old": 1, "kept": 2}, 60)
    cache.write_many({"old": (None, 60), "new": ("token", 30)})
    assert cache.get_many(["old", "kept", "new"]) == {"kept": 2, "new": "token"}
    assert 0 < redis.Redis.from_url(private_redis.url).ttl("test:1:new") <= 30


def test_unreachable_redis_takes_many_keys_into_this_process():
    cache = make_cache(closed_port_url())
    with time_machine.travel(NOON, tick=False):
        cache.set("old", 1, 60)
        cache.write_many({"old": (None, 60), "new": ("token", 30)})
        assert cache.get_many(["old", "new"]) == {"new": "token"}
