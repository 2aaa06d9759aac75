"""Whole public pages for visitors, kept in the cache and served before the session is read.

A visitor (no session cookie, no pending messages) who asks for a public page (a view marked
`cached_for_visitors`) with GET or HEAD gets the copy kept for the same language, host and
full path, query included, without the session, the user, the context processors or the
template engine running. Visitors always see Seoul time (accounts.middleware), so the zone
is part of the key only as that constant.

A copy is kept only when it is the same for every visitor: a 200 that sets no cookie (a page
that used the CSRF token sets or renews the CSRF cookie, so it is never kept), carries no
CSP nonce and says nothing against shared keeping (private, no-store, no-cache).

Freshness: each copy remembers the version of the public content it was built from. Every
change to what public pages show bumps that version (`content_changed`: the services, and
signals for admin saves, see `invalidate_on_change`), so the request after an edit builds
the page again. The bump happens at once and again when the transaction commits: a page
built in between, from the data before the commit, is dropped by the second bump.
VISITOR_PAGE_CACHE_SECONDS bounds what no write bumps: the clock (a call closing, "closes in
3 days", the list of upcoming events).
"""

import hashlib
import secrets

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.core.exceptions import DisallowedHost
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.urls import Resolver404, resolve
from django.utils.cache import get_max_age
from django.utils.translation import get_language_from_request

PAGES = "pages"
MARK = "cached_for_visitors"
NOT_SHARED = ("private", "no-store", "no-cache")


# --- versions ----------------------------------------------------------------------------


def _version_key(topic: str) -> str:
    return f"public:version:{topic}"


def _fresh_version() -> int:
    """A starting number no copy was built from: random, so a counter that was evicted (or a
    cache that was cleared) never comes back to a number an old copy carries."""
    return secrets.randbits(62)


def current_version(topic: str = PAGES) -> int:
    """The version of the public content named `topic` (PAGES: every public page)."""
    key = _version_key(topic)
    value = cache.get(key)
    if value is None:
        cache.add(key, _fresh_version(), timeout=None)
        value = cache.get(key)
    return value if value is not None else _fresh_version()


def _bump(topics: tuple[str, ...]) -> None:
    for topic in topics:
        try:
            cache.incr(_version_key(topic))
        except ValueError:  # never read yet, or evicted: any fresh number will do
            cache.set(_version_key(topic), _fresh_version(), timeout=None)


def content_changed(*topics: str) -> None:
    """Public content changed: every public page (and each of `topics`, such as a feed that
    keeps its own copy) is built again on its next request. Call it from the write, inside
    its transaction: it bumps now and once more after commit."""
    names = (PAGES, *topics)
    _bump(names)
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(lambda: _bump(names))


def invalidate_on_change(*models, topic: str | None = None) -> None:
    """Bump the public pages (and `topic`) whenever a row of `models` is saved or deleted,
    whoever writes it: a service, the admin, a shell. For a many-to-many field pass its
    `through` model: adding and removing links counts too. Writes that bypass signals
    (QuerySet.update) call `content_changed` themselves."""
    topics = (topic,) if topic else ()

    def changed(sender, **kwargs):
        content_changed(*topics)

    def links_changed(sender, action, **kwargs):
        if action in ("post_add", "post_remove", "post_clear"):
            content_changed(*topics)

    for model in models:
        uid = f"page_cache:{model._meta.label}:{topic}"
        if model._meta.auto_created:
            m2m_changed.connect(links_changed, sender=model, weak=False, dispatch_uid=uid)
        else:
            post_save.connect(changed, sender=model, weak=False, dispatch_uid=uid)
            post_delete.connect(changed, sender=model, weak=False, dispatch_uid=uid)


# --- the pages ---------------------------------------------------------------------------


def cached_for_visitors(view):
    """Mark a public page: visitors may be served a kept copy (the outermost decorator)."""
    setattr(view, MARK, True)
    return view


def _may_serve(request) -> bool:
    if request.method not in ("GET", "HEAD"):
        return False
    cookies = request.COOKIES
    if settings.SESSION_COOKIE_NAME in cookies or CookieStorage.cookie_name in cookies:
        return False
    if "HX-Request" in request.headers:
        return False
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return False
    return getattr(match.func, MARK, False)


def _page_key(request) -> str:
    where = "\n".join(
        (
            get_language_from_request(request),
            settings.TIME_ZONE,  # what visitors see (accounts.middleware)
            request.get_host(),
            request.get_full_path(),
        )
    )
    return "public:page:" + hashlib.sha256(where.encode()).hexdigest()[:40]


def _may_keep(request, response) -> bool:
    if request.method != "GET" or response.status_code != 200 or response.streaming:
        return False
    if response.cookies or request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return False
    if "'nonce-" in response.get("Content-Security-Policy", ""):
        return False
    cache_control = response.get("Cache-Control", "")
    if any(word in cache_control for word in NOT_SHARED) or get_max_age(response) == 0:
        return False
    user = getattr(request, "user", None)
    return user is None or not user.is_authenticated


class VisitorPageCacheMiddleware:
    """Serve and keep visitors' public pages (see the module's docstring).

    High in MIDDLEWARE: after the HTTPS redirect and the request checks, before the session,
    the language, CSRF and CSP middleware, whose work (and headers) the kept copy already
    holds. Off when VISITOR_PAGE_CACHE_SECONDS is 0.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        seconds = settings.VISITOR_PAGE_CACHE_SECONDS
        if not seconds or not _may_serve(request):
            return self.get_response(request)
        try:
            key = _page_key(request)
        except DisallowedHost:
            return self.get_response(request)  # Django answers it with 400
        version_key = _version_key(PAGES)
        found = cache.get_many([version_key, key])
        version = found.get(version_key)
        if version is None:
            version = current_version(PAGES)
        kept = found.get(key)
        if kept is not None and kept[0] == version:
            return HttpResponse(kept[2], headers=kept[1])
        response = self.get_response(request)
        if _may_keep(request, response):
            cache.set(key, (version, dict(response.items()), response.content), seconds)
        return response
