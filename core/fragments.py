"""Rendered parts of signed-in pages, kept in the cache until what they show changes.

A page that shows a person the same rows request after request (a reviewer's queue, a
founder's applications) renders that part once and keeps the HTML (`kept`), under a key naming
the part and everything the HTML varies with (the person, the language, the zone, the query
string). What the part is built from is named by topics, such as `topic("reviewer", 7)` (the
assignments and reviews of reviewer 7) or `topic("challenges")` (any call): every write to those
rows calls `changed(topic)`, mostly through `change_on_save` (signals, so the admin and the
shell count too), and the next request builds the part again.

Each topic has a token, a random string under its own key, made by the first reader that finds
none. `changed` drops it before this thread reads it and again once the current transaction
commits (core.stale), so the next reader
makes a new one (and a write to a topic no page reads adds nothing to the cache); a kept part
remembers the tokens it was built under and is used only while they all still match. The reader
fetches the part and its topics' tokens in one round trip and, on a miss, builds the part *after*
reading the tokens: a change committed while it was being built has dropped a token already, so
the stale part can never match (the same reasoning as core.viewer_cache, whose tokens these are
not: a topic may span many people).

Everything expires after SECONDS: the backstop for a write that changes what a part shows
without a signal or a `changed` call (a raw UPDATE, the personal-data destruction's updates),
and for a change lost while Redis was down.

Only what is the same for every request with the same key may be kept: never a form's CSRF
token or a message. A part that depends on the clock says until when it holds (`Expiring`).
"""

import hashlib
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.utils import timezone, translation

from core import stale

SECONDS = 300


@dataclass(frozen=True)
class Expiring:
    """What a builder returns for a part that the clock alone changes: `value` holds until
    `until` (a slot passing the booking notice), then the part is built again."""

    value: object
    until: datetime | None


def topic(name: str, *ids) -> str:
    """The name of what a part is built from: `topic("challenges")`, `topic("reviewer", 7)`."""
    return ":".join([name, *(str(pk) for pk in ids)])


def for_viewer(request) -> tuple:
    """What a part of a signed-in page usually varies with besides its rows: the person, the
    language, the zone and the path with its query (the page number, filters)."""
    return (
        request.user.pk,
        translation.get_language(),
        timezone.get_current_timezone_name(),
        request.get_full_path(),
    )


def _token_key(name: str) -> str:
    return f"kept:topic:{name}"


def _part_key(part: str, variant: Iterable) -> str:
    where = "\n".join(str(item) for item in variant)
    return f"kept:part:{part}:" + hashlib.sha256(where.encode()).hexdigest()[:40]


def kept(part: str, variant: Iterable, topics: Iterable[str], build: Callable[[], object]):
    """The HTML (or another small value) of `part` for `variant` (what it varies with besides
    its topics), as kept, or built by `build()` and kept when any of `topics` has changed since
    or the time it held until (`Expiring`) has come."""
    topics = list(topics)
    key = _part_key(part, variant)
    token_keys = [_token_key(name) for name in topics]
    stale.before_reading()
    found = cache.get_many([key, *token_keys])
    tokens = []
    for token_key in token_keys:
        token = found.get(token_key)
        if token is None:
            token = uuid.uuid4().hex
            if not cache.add(token_key, token, SECONDS):
                token = cache.get(token_key) or token
        tokens.append(token)
    stored = found.get(key)
    if stored is not None and stored[0] == tokens:
        until = stored[2]
        if until is None or timezone.now() < until:
            return stored[1]
    value, until = build(), None
    if isinstance(value, Expiring):
        value, until = value.value, value.until
    cache.set(key, (tokens, value, until), SECONDS)
    return value


def changed(*topics: str) -> None:
    """What `topics` name has changed: parts built from it are built again. Call it inside the
    writing transaction: it drops the tokens before this thread reads them and again after
    commit (in between, another request may build a part from the rows not committed yet; the
    second time drops that). core.stale writes both, one round trip per transaction."""
    stale.forget({_token_key(name) for name in topics if name}, stale.DROP, SECONDS)


def change_on_save(model, topics_of: Callable[[object], Iterable[str]]) -> None:
    """Call `changed(*topics_of(row))` whenever a row of `model` is saved or deleted, whoever
    writes it. One call per model and function: a second lambda for the same model in the same
    function would be ignored. Writes that bypass signals (QuerySet.update, bulk_create) call
    `changed` themselves when they touch what a kept part shows."""

    def on_change(sender, instance, **kwargs):
        changed(*topics_of(instance))

    # One connection per model and function, however often the app registry is set up.
    uid = f"fragments:{model._meta.label}:{topics_of.__module__}.{topics_of.__qualname__}"
    post_save.connect(on_change, sender=model, weak=False, dispatch_uid=uid)
    post_delete.connect(on_change, sender=model, weak=False, dispatch_uid=uid)
