"""Responses several apps send the same way: private files and iCalendar files."""

from collections.abc import Callable
from datetime import datetime

from django.http import FileResponse, HttpResponse
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import http_date, quote_etag

ICS_CONTENT_TYPE = "text/calendar; charset=utf-8"
# Calendars poll feeds often: a shared cache may keep a public copy five minutes, and after
# that a conditional GET costs one small query and an empty 304 while nothing changed.
ICS_MAX_AGE = 300


def private_file_response(
    file, *, filename: str, as_attachment: bool = True, content_type: str | None = None
) -> FileResponse:
    """A stored private file (a FieldFile) served after the view checked permission.

    Opened here and streamed; browsers must not guess its type (nosniff) and no cache may
    keep it (private, no-store). `filename` is the name the person sees; `content_type`
    defaults to a guess from that name.
    """
    response = FileResponse(
        file.open("rb"), as_attachment=as_attachment, filename=filename, content_type=content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def ics_response(
    ics_text: str | bytes | Callable[[], str],
    *,
    filename: str | None = None,
    request=None,
    etag: str | None = None,
    last_modified: datetime | None = None,
    public: bool = False,
    disposition: str = "attachment",
) -> HttpResponse:
    """An iCalendar file (text/calendar; charset=utf-8).

    `filename` adds Content-Disposition (`disposition`: "attachment", or "inline" for a feed
    a calendar subscribes to). With `etag` or `last_modified` (and the `request`) the
    response answers conditional GETs: 304 when the client's copy is current (a matching
    If-None-Match, or without one an If-Modified-Since not older than `last_modified`); both
    carry the strong ETag, Last-Modified, Vary on the language and the caching headers:
    `public` lets shared caches keep it ICS_MAX_AGE seconds, otherwise private, no-cache.
    `ics_text` may be a function, called only when a body is sent (not for a 304), or bytes
    already encoded as UTF-8 (or compressed: the caller sets Content-Encoding).
    Without etag and last_modified: a plain response with no caching headers.
    """
    conditional = etag is not None or last_modified is not None
    if conditional and request is None:
        raise ValueError("ics_response needs the request to answer a conditional GET")
    quoted = quote_etag(etag) if etag is not None else None
    timestamp = int(last_modified.timestamp()) if last_modified else None
    response = None
    if conditional:
        response = get_conditional_response(request, etag=quoted, last_modified=timestamp)
    if response is None:
        body = ics_text() if callable(ics_text) else ics_text
        response = HttpResponse(body, content_type=ICS_CONTENT_TYPE)
        if filename:
            response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    if not conditional:
        return response
    if quoted is not None:
        response["ETag"] = quoted
    if timestamp is not None:
        response["Last-Modified"] = http_date(timestamp)
    if public:
        patch_cache_control(response, public=True, max_age=ICS_MAX_AGE)
    else:
        patch_cache_control(response, private=True, no_cache=True)
    # The language (cookie, profile or Accept-Language) chooses the titles.
    patch_vary_headers(response, ("Accept-Language", "Cookie"))
    return response
