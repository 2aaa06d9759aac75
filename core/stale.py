"""What a write has made stale in the cache, forgotten in one round trip per transaction.

core.viewer_cache and core.fragments keep values under tokens, and a write that changes what a
value was built from drops or replaces its tokens. It has to do so twice: before a reader in the
writer's own thread looks (that reader would build from the writer's rows), and once the
transaction commits (a reader elsewhere may meanwhile have built the value from the rows
committed before, under the tokens of the first time). Written as each write happens, that is
two round trips to Redis per write: a deadline-day submission made six.

Here what a write makes stale waits in its thread (`forget`) and is written
- when the thread next reads a token (`before_reading`, which the readers call first), and
- when the transaction commits: everything that waits, in one round trip
  (core.cache.PipelinedRedisCache.write_many).
Outside a transaction it is written at once.

Between the commit and that round trip (a callback registered before the transaction's first
change runs first) a reader elsewhere still gets the value as it was before the transaction,
just as one rebuilt from the old rows while the transaction ran was served until the second
write before.

A write whose savepoint or transaction rolls back leaves its keys waiting; they are written at
the next read outside a transaction, the next commit, or when the request or task ends
(`write_leftovers`, on request_finished and Celery's task_postrun), whichever comes first. That
costs one rebuild too many, and a value built from the rolled-back rows is dropped with it.
"""

import threading
import uuid

from django.core.cache import cache
from django.db import transaction

from core.cache import write_plainly

DROP, RENEW = "drop", "renew"


class _Waiting(threading.local):
    def __init__(self):
        # {key: (DROP or RENEW, seconds)}
        self.before_reading: dict = {}  # not yet written for the writer's own readers
        self.at_commit: dict = {}  # written again once the transaction commits


_waiting = _Waiting()


def forget(keys, how: str, seconds: int) -> None:
    """The tokens under `keys` are stale from this write on: dropped (DROP; the next reader
    makes a new one) or replaced by a new random token (RENEW), expiring after `seconds`;
    before this thread next reads, and again once the transaction commits. A token renewed
    twice gets two different values: a value built under the first never matches the second.
    """
    entries = dict.fromkeys(keys, (how, seconds))
    if not entries:
        return
    _waiting.before_reading.update(entries)
    _waiting.at_commit.update(entries)
    if not transaction.get_connection().in_atomic_block:
        write_waiting()
        return
    # One callback per write: a savepoint that rolls back takes its own callbacks with it, and
    # the first callback left writes everything; the rest find nothing waiting. Robust: Redis
    # refusing the write must not cancel the callbacks after it (a notification's enqueue).
    transaction.on_commit(write_waiting, robust=True)


def before_reading() -> None:
    """Write what this thread has made stale before it reads a token (the readers call this)."""
    if not _waiting.before_reading and not _waiting.at_commit:
        return
    if not transaction.get_connection().in_atomic_block:
        write_waiting()  # a transaction ended without its commit callback (it rolled back)
    elif _waiting.before_reading:
        entries, _waiting.before_reading = _waiting.before_reading, {}
        _write(entries)


def write_leftovers(**_signal) -> None:
    """At the end of a request or a task: write what a transaction that rolled back, or whose
    commit callbacks stopped early, left waiting. Inside a transaction (a test's) it waits on."""
    if not transaction.get_connection().in_atomic_block:
        write_waiting()


def write_waiting() -> None:
    """Everything that waits, in one round trip (run after the commit)."""
    if not _waiting.at_commit and not _waiting.before_reading:
        return
    entries = {**_waiting.at_commit, **_waiting.before_reading}
    _waiting.at_commit, _waiting.before_reading = {}, {}
    _write(entries)


def _write(entries: dict) -> None:
    entries = {
        key: (uuid.uuid4().hex if how == RENEW else None, seconds)
        for key, (how, seconds) in entries.items()
    }
    write_many = getattr(cache, "write_many", None)  # core.cache's Redis: one pipeline
    if write_many is None:
        write_plainly(cache, entries)  # a cache in process memory (no Redis configured)
    else:
        write_many(entries)
