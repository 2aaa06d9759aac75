"""What every page needs to know about the signed-in person, kept in the cache per person.

A cached value is stored beside a token: a random string under its own key. A change to
anything the value was built from replaces the token (`invalidate`), after the change commits
(core.stale); a value whose token no longer matches is never used again. The reader fetches the
token and the value in one round trip (`load`) and, on a miss, builds the value from the
database *after* reading the token and stores it under that token (`store`): a change committed
while the value was being built has replaced the token already, so the stale value can never
match. (The token is replaced before the writer's own thread reads it too, for readers in the
writer's transaction.) Tokens are random rather than counters, so a token evicted from the cache
cannot come back equal to the one
an old value was stored under.

Everything expires after SECONDS: the backstop for a change written by something that does not
call `invalidate` (a raw UPDATE), and for an invalidation lost while Redis was down.

A change made by a request is also remembered for the rest of that request (`changed_here`), so
the page the request renders (e.g. the notification it has just marked read) shows the change.

What is kept per person comes in parts, each with its own token: PERSON (the user row and the
facts worked out about them, such as the roles) and UNREAD (the unread notification count). A new
notification replaces only UNREAD's token, so the next page reads the count again but not the
person. `load_parts` reads several parts in one round trip.
"""

import contextvars
import uuid

from django.core.cache import cache

from core import stale

SECONDS = 300
PERSON = "person"
UNREAD = "unread"

# The people this request has invalidated; None outside requests (a worker notifying
# thousands of people keeps no list).
_changed: contextvars.ContextVar[set | None] = contextvars.ContextVar(
    "viewer_cache_changed", default=None
)


def _token_key(user_id, part: str) -> str:
    return f"viewer:{user_id}:{part}:token"


def _value_key(user_id, part: str) -> str:
    return f"viewer:{user_id}:{part}:value"


def load(user_id, part: str = PERSON) -> tuple[str, object | None]:
    """(token, value) of one part for `user_id`: the value when it is still current, else
    None. One cache read; a person with no token yet gets a new one (a second, rare write)."""
    return load_parts(user_id, (part,))[part]


def load_parts(user_id, parts: tuple[str, ...]) -> dict[str, tuple[str, object | None]]:
    """`load` for several parts in one cache read: {part: (token, value or None)}."""
    keys = [key for part in parts for key in (_token_key(user_id, part), _value_key(user_id, part))]
    stale.before_reading()
    found = cache.get_many(keys)
    loaded = {}
    for part in parts:
        token = found.get(_token_key(user_id, part))
        stored = found.get(_value_key(user_id, part))
        if token is not None and stored is not None and stored[0] == token:
            loaded[part] = (token, stored[1])
            continue
        if token is None:
            token = uuid.uuid4().hex
            if not cache.add(_token_key(user_id, part), token, SECONDS):
                token = cache.get(_token_key(user_id, part)) or token
        loaded[part] = (token, None)
    return loaded


def store(user_id, token: str, value, part: str = PERSON) -> None:
    """Keep `value`, built after `load` returned `token`, for the next requests."""
    cache.set(_value_key(user_id, part), (token, value), SECONDS)


def invalidate(user_ids, part: str = PERSON) -> None:
    """Forget what is cached of `part` for these people: before this thread reads it, and
    again once the current transaction commits (in between, another request may rebuild the
    value from the rows not committed yet; the second time forgets that). core.stale writes
    both, one round trip for all of a transaction's changes."""
    user_ids = {user_id for user_id in user_ids if user_id is not None}
    if not user_ids:
        return
    changed = _changed.get()
    if changed is not None:
        changed.update((user_id, part) for user_id in user_ids)
    stale.forget([_token_key(user_id, part) for user_id in user_ids], stale.RENEW, SECONDS)


def start_request() -> None:
    """A new request has changed nothing yet (middleware, before the view)."""
    _changed.set(set())


def changed_here(user_id, part: str = PERSON) -> bool:
    """Whether this request has invalidated `part` of `user_id`."""
    changed = _changed.get()
    return changed is not None and (user_id, part) in changed
