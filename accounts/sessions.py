"""Sessions read from the cache, written through to the database (SESSION_ENGINE with Redis).

Django's cached_db keeps a session in the cache for the session's whole age (12 hours here).
A sign-out or an expiry deletes the cache entry too, but a delete that could not reach Redis
(an outage, core.cache) would leave a signed-out session readable for hours once Redis is back.
Here no cache entry lives longer than SESSION_CACHE_SECONDS: the database, which every write
reaches first, is the record, and the cache is only ever that many seconds behind it.
"""

from django.conf import settings
from django.contrib.sessions.backends.cached_db import SessionStore as CachedDBStore


class _ShortLived:
    """A cache whose entries expire after at most `seconds`."""

    def __init__(self, cache, seconds: int):
        self._cache = cache
        self._seconds = seconds

    def _timeout(self, timeout):
        return self._seconds if timeout is None else min(timeout, self._seconds)

    def set(self, key, value, timeout=None, **kwargs):
        return self._cache.set(key, value, self._timeout(timeout), **kwargs)

    async def aset(self, key, value, timeout=None, **kwargs):
        return await self._cache.aset(key, value, self._timeout(timeout), **kwargs)

    def __contains__(self, key):
        return key in self._cache

    def __getattr__(self, name):
        return getattr(self._cache, name)


class SessionStore(CachedDBStore):
    def __init__(self, session_key=None):
        super().__init__(session_key)
        self._cache = _ShortLived(self._cache, settings.SESSION_CACHE_SECONDS)
