"""Project-wide HTTP rules that belong to no app: what may be cached, how large a request
may be, and one more try for a read that met a dropped database connection."""

import logging
import sys

from django.conf import settings
from django.core.signals import got_request_exception
from django.db import InterfaceError, OperationalError, close_old_connections, connection
from django.shortcuts import render
from django.utils.cache import patch_cache_control

logger = logging.getLogger(__name__)


class PrivateCacheControlMiddleware:
    """Pages for a signed-in person, or for a visitor with a session, are `private, no-store`.

    Browsers and proxies must not keep them: they hold names, applications and inboxes, and
    a shared computer's back button or a proxy must not show them to the next person. A view
    that chose its own Cache-Control (the admin's never_cache, a public feed) keeps it.

    "Varies on Cookie" alone cannot be the test here: UserPreferencesMiddleware reads the
    session on every request, so every response varies on Cookie. What counts is whether the
    request came with a signed-in user or a non-empty session, or the response sets the
    session cookie. (Public pages set the CSRF cookie on a first visit; that alone does not
    make them personal.)
    Placed above SessionMiddleware, so it sees the response after the session was saved.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if "Cache-Control" not in response and self._is_personal(request, response):
            patch_cache_control(response, private=True, no_store=True)
        return response

    @staticmethod
    def _is_personal(request, response) -> bool:
        if settings.SESSION_COOKIE_NAME in response.cookies:
            return True
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            return True
        session = getattr(request, "session", None)
        return session is not None and not session.is_empty()


class RequestBodyLimitMiddleware:
    """Refuse a request whose declared body is larger than REQUEST_MAX_BYTES, before reading it.

    Without this, Django receives and spools a 60 MB upload to disk only for the form to
    refuse the 20 MB document afterwards. Bodies sent without a Content-Length (chunked) are
    left to the proxy's limit (README, Production) and to Django's own checks.
    Placed after the language and the CSP nonce are set, so the page is in the person's
    language and renders like any other; nothing above it reads the body.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            declared = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            declared = 0
        if declared > settings.REQUEST_MAX_BYTES:
            logger.info("request refused: body of %d bytes declared", declared)
            return render(
                request,
                "413.html",
                {
                    "request_limit": settings.REQUEST_MAX_BYTES,
                    "document_limit": settings.UPLOAD_MAX_BYTES,
                },
                status=413,
            )
        return self.get_response(request)


DROPPED_CONNECTION = (OperationalError, InterfaceError)
_RETRY_MARK = "_biohub_database_connection_lost"


def _mark_dropped_connection(sender, request=None, **kwargs):
    """Remember on the request that it failed on a dead database connection (the exception
    itself is turned into a 500 response before any middleware sees it)."""
    error = sys.exc_info()[1]
    if request is not None and isinstance(error, DROPPED_CONNECTION):
        setattr(request, _RETRY_MARK, True)


got_request_exception.connect(_mark_dropped_connection, dispatch_uid="core.retry_safe_reads")


class RetrySafeReadsMiddleware:
    """A GET or HEAD that failed because PostgreSQL dropped its connection is served once more
    on a fresh connection; the person sees the page instead of a 500.

    Only reads are retried: they change nothing, so running one twice is safe. The failed
    try is still logged as an error. Outermost, so the retry runs the whole request again.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            request.method in ("GET", "HEAD")
            and response.status_code == 500
            and getattr(request, _RETRY_MARK, False)
            and not connection.in_atomic_block
        ):
            delattr(request, _RETRY_MARK)
            close_old_connections()  # closes the connection that errored and is unusable
            logger.warning(
                "retrying %s %s on a new database connection", request.method, request.path
            )
            response = self.get_response(request)
        return response
