"""A Redis cache that keeps the site up when Redis is not.

Everything in the cache can be lost: feeds are rebuilt, rate-limit histories start again.
So when Redis cannot be reached, `ResilientRedisCache` answers from a small cache in the
process's own memory instead of raising: reads of what Redis held become misses, writes
land in that local cache. Sign-in keeps working, and allauth's rate limits (a lock and a
history per address in the cache) keep counting, per process: with N web processes an
address may try N times the limit while Redis is down, never without a limit.

After a failure the process leaves Redis alone for RETRY_AFTER seconds (so a dead Redis
costs one short connection attempt per process every few seconds, not one per cache call),
then tries again; the first success empties the local cache, whose entries may be stale
by then. A warning is logged at most once every WARN_EVERY seconds per process.
"""

import logging
import threading
import time
from urllib.parse import urlsplit

from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

UNREACHABLE = (RedisConnectionError, RedisTimeoutError, OSError)


class _Outage:
    """Whether Redis at one address is resting after a failure; shared by the threads of a
    process (Django makes one cache object per thread)."""

    def __init__(self):
        self.lock = threading.Lock()
        self.down_until = 0.0
        self.down = False
        self.last_warning = None


_outages: dict[str, _Outage] = {}
_outages_lock = threading.Lock()


class ReusedClientRedisCacheClient(RedisCacheClient):
    """Django's client builds a new `redis.Redis` for every cache call, and building one
    fills its table of response callbacks (~0.13 ms, more than a GET on loopback). One
    `redis.Redis` per connection pool serves every call: it holds no connection of its own,
    and its pool is thread-safe."""

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        clients = self.__dict__.setdefault("_clients_by_pool", {})
        client = clients.get(id(pool))
        if client is None:
            client = clients[id(pool)] = self._client(connection_pool=pool)
        return client


def write_plainly(backend, entries: dict) -> None:
    """`write_many` for a cache without it: the deletions in one call, then the values
    grouped by expiry."""
    backend.delete_many([key for key, (value, _seconds) in entries.items() if value is None])
    by_expiry: dict[int, dict] = {}
    for key, (value, seconds) in entries.items():
        if value is not None:
            by_expiry.setdefault(seconds, {})[key] = value
    for seconds, values in by_expiry.items():
        backend.set_many(values, seconds)


class _LocalCache(LocMemCache):
    def write_many(self, entries: dict) -> None:
        write_plainly(self, entries)


class PipelinedRedisCache(RedisCache):
    def write_many(self, entries: dict) -> None:
        """Delete or set many keys in one round trip: {key: (value, seconds)}, a value of
        None deleting the key (no value stored here is None)."""
        client = self._cache.get_client(None, write=True)
        pipeline = client.pipeline(transaction=False)
        dumps = self._cache._serializer.dumps
        dropped = [
            self.make_and_validate_key(k) for k, (value, _s) in entries.items() if value is None
        ]
        if dropped:
            pipeline.delete(*dropped)  # one command, as delete_many sends
        for key, (value, seconds) in entries.items():
            if value is not None:
                pipeline.set(self.make_and_validate_key(key), dumps(value), ex=seconds)
        pipeline.execute()


class ResilientRedisCache(PipelinedRedisCache):
    RETRY_AFTER = 5.0
    WARN_EVERY = 60.0
    LOCAL_MAX_ENTRIES = 1000

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusedClientRedisCacheClient
        self._address = server if isinstance(server, str) else ",".join(server)
        # host:port/db for the log, never the password
        self._shown = ",".join(
            urlsplit(url).netloc.rsplit("@", 1)[-1] + urlsplit(url).path for url in self._servers
        )
        with _outages_lock:
            self._outage = _outages.setdefault(self._address, _Outage())
        local_params = {
            key: params[key]
            for key in ("TIMEOUT", "KEY_PREFIX", "VERSION", "KEY_FUNCTION")
            if key in params
        }
        local_params["OPTIONS"] = {"MAX_ENTRIES": self.LOCAL_MAX_ENTRIES}
        # LocMemCache shares its storage by name, so every thread of the process sees it.
        self._local = _LocalCache(f"redis-fallback:{self._address}", local_params)

    # --- the switch -----------------------------------------------------------------------

    def _call(self, name, *args, **kwargs):
        outage = self._outage
        if outage.down and time.time() < outage.down_until:
            return getattr(self._local, name)(*args, **kwargs)
        try:
            result = getattr(super(), name)(*args, **kwargs)
        except UNREACHABLE as error:
            self._went_down(error)
            return getattr(self._local, name)(*args, **kwargs)
        if outage.down:
            self._came_back()
        return result

    def _went_down(self, error: Exception) -> None:
        outage = self._outage
        now = time.time()
        with outage.lock:
            outage.down = True
            outage.down_until = now + self.RETRY_AFTER
            warn = outage.last_warning is None or now - outage.last_warning >= self.WARN_EVERY
            if warn:
                outage.last_warning = now
        if warn:
            logger.warning(
                "cache: Redis at %s unreachable (%s); using this process's memory until it "
                "answers again",
                self._shown,
                error,
            )

    def _came_back(self) -> None:
        outage = self._outage
        with outage.lock:
            if not outage.down:
                return
            outage.down = False
            outage.last_warning = None
        self._local.clear()
        logger.warning("cache: Redis at %s answers again", self._shown)

    def ping(self) -> bool:
        """Whether Redis itself answers now (for /health/; the local cache does not count)."""
        try:
            return bool(self._cache.get_client(write=True).ping())
        except UNREACHABLE:
            return False

    # --- the cache API ----------------------------------------------------------------------

    def add(self, *args, **kwargs):
        return self._call("add", *args, **kwargs)

    def get(self, *args, **kwargs):
        return self._call("get", *args, **kwargs)

    def set(self, *args, **kwargs):
        return self._call("set", *args, **kwargs)

    def touch(self, *args, **kwargs):
        return self._call("touch", *args, **kwargs)

    def delete(self, *args, **kwargs):
        return self._call("delete", *args, **kwargs)

    def get_many(self, *args, **kwargs):
        return self._call("get_many", *args, **kwargs)

    def has_key(self, *args, **kwargs):
        return self._call("has_key", *args, **kwargs)

    def incr(self, *args, **kwargs):
        return self._call("incr", *args, **kwargs)

    def set_many(self, *args, **kwargs):
        return self._call("set_many", *args, **kwargs)

    def delete_many(self, *args, **kwargs):
        return self._call("delete_many", *args, **kwargs)

    def write_many(self, entries: dict) -> None:
        return self._call("write_many", entries)

    def clear(self):
        return self._call("clear")
