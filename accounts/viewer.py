"""The signed-in person of a request, with their unread notification count, from one cache read.

`get_user` does what django.contrib.auth.get_user does (the session names a user and the backend
that signed them in; an inactive user is nobody; a session whose password hash no longer matches
is flushed), except that the user row comes from the viewer cache (core.viewer_cache) instead of
a query. The cached row is replaced whenever the user is saved (accounts.signals), so a
deactivated account or a changed password ends the session on the next request, as before.
"""

import copy
from dataclasses import dataclass, field, replace

from django.conf import settings
from django.contrib.auth import (
    BACKEND_SESSION_KEY,
    HASH_SESSION_KEY,
    SESSION_KEY,
    get_user_model,
    load_backend,
)
from django.contrib.auth import get_user as get_user_from_database
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import AnonymousUser
from django.utils.crypto import constant_time_compare

from accounts.selectors import startup_ids_of
from core import viewer_cache
from notifications.selectors import unread_count


@dataclass(frozen=True)
class Viewer:
    """What every page shows about the signed-in person. `facts`: what the top layer worked
    out about them and asked to keep (`remember`), e.g. the roles behind the menu."""

    user: object
    facts: dict = field(default_factory=dict)


def viewer(user_id) -> tuple[str, Viewer | None, int | None]:
    """The cache token of the person, the person with this id, and their unread count, in one
    cache read; each part missing is read (a query) and kept. The count is a part of its own
    (core.viewer_cache.UNREAD), so a new notification keeps the person and their roles. None,
    None when there is no such user."""
    loaded = viewer_cache.load_parts(user_id, (viewer_cache.PERSON, viewer_cache.UNREAD))
    token, found = loaded[viewer_cache.PERSON]
    if found is None:
        user = get_user_model()._default_manager.filter(pk=user_id).first()
        if user is None:
            return token, None, None
        found = Viewer(user=user)
        viewer_cache.store(user_id, token, found)
    count_token, count = loaded[viewer_cache.UNREAD]
    if count is None:
        count = unread_count(found.user)
        viewer_cache.store(user_id, count_token, count, part=viewer_cache.UNREAD)
    return token, found, count


def _reads_the_user_row(backend) -> bool:
    """Backends whose get_user is ModelBackend's: the user by primary key, if active."""
    return isinstance(backend, ModelBackend) and type(backend).get_user is ModelBackend.get_user


def get_user(request):
    """request.user (accounts.middleware.CachedAuthenticationMiddleware). Also sets
    request.viewer_unread_count for the navigation's badge when it read the viewer cache."""
    session = request.session
    try:
        user_id = get_user_model()._meta.pk.to_python(session[SESSION_KEY])
        backend_path = session[BACKEND_SESSION_KEY]
    except KeyError:
        return AnonymousUser()
    if backend_path not in settings.AUTHENTICATION_BACKENDS:
        return AnonymousUser()
    backend = load_backend(backend_path)
    if not _reads_the_user_row(backend):
        return get_user_from_database(request)
    token, found, unread = viewer(user_id)
    if found is None or not backend.user_can_authenticate(found.user):
        return AnonymousUser()
    if not _session_hash_verified(request, found.user):
        return AnonymousUser()
    request.viewer_unread_count = unread
    request._viewer = (token, found)
    # The request's own copy: what it caches on the user (permissions) stays out of the cache.
    return copy.copy(found.user)


def remembered(request, name: str):
    """A fact kept with the signed-in person (`remember`), or None when there is none yet or
    this request has changed something it may be built from."""
    entry = getattr(request, "_viewer", None)
    if entry is None or viewer_cache.changed_here(entry[1].user.pk):
        return None
    return entry[1].facts.get(name)


def person_token(request) -> str | None:
    """The token the signed-in person was read from the cache under. A value kept under it
    (core.fragments, as part of its variant) is current exactly as long as the person's row,
    groups, permissions and memberships are: every change to them replaces the token
    (accounts.signals). None when the person was not read from the cache, or this request has
    changed them."""
    entry = getattr(request, "_viewer", None)
    if entry is None or viewer_cache.changed_here(entry[1].user.pk):
        return None
    return entry[0]


def remember(request, name: str, value) -> None:
    """Keep `value` with the signed-in person until anything it was built from changes: the
    caller invalidates (core.viewer_cache.invalidate) on every change of those rows. Stored
    under the token read when the request began, so a change since then discards it."""
    entry = getattr(request, "_viewer", None)
    if entry is None:
        return
    token, found = entry
    updated = replace(found, facts={**found.facts, name: value})
    request._viewer = (token, updated)
    if not viewer_cache.changed_here(found.user.pk):  # else built from rows not committed yet
        viewer_cache.store(found.user.pk, token, updated)


def kept_fact(request, name: str, work_out):
    """The fact `name` kept with the signed-in person, or `work_out()` kept as it (`remember`).
    The caller names rows whose changes already invalidate the person (accounts.signals)."""
    value = remembered(request, name)
    if value is None:
        value = work_out()
        remember(request, name, value)
    return value


def startup_ids(request) -> list[int]:
    """The ids of the startups the signed-in person belongs to, kept with them: every change
    of a membership replaces the person (accounts.signals), so this is current without a
    query on every page that asks."""
    user = request.user
    return kept_fact(request, "startup_ids", lambda: startup_ids_of(user))


def member_of(request, startup_id: int) -> bool:
    """Whether the signed-in person may act for the startup as one of its members (the rules'
    "member of the startup"), from `startup_ids`; an active superuser may, as Django gives
    them every permission."""
    user = request.user
    if user.is_active and user.is_superuser:
        return True
    return startup_id in startup_ids(request)


def _session_hash_verified(request, user) -> bool:
    """django.contrib.auth.get_user's check: the session was made with the current password
    (or a fallback secret, when the session is moved to the current one). Flushes it if not."""
    session = request.session
    session_hash = session.get(HASH_SESSION_KEY)
    current = user.get_session_auth_hash()
    if session_hash and constant_time_compare(session_hash, current):
        return True
    if session_hash and any(
        constant_time_compare(session_hash, fallback)
        for fallback in user.get_session_auth_fallback_hash()
    ):
        session.cycle_key()
        session[HASH_SESSION_KEY] = current
        return True
    session.flush()
    return False
