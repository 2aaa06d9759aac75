"""core.responses: private files and iCalendar files, served the same way by every app."""

from datetime import UTC, datetime

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import InMemoryStorage
from django.test import RequestFactory
from django.utils.http import http_date

from core.responses import ics_response, private_file_response

ICS = "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n"
CHANGED = datetime(2026, 3, 1, 9, 30, tzinfo=UTC)


class StoredFile:
    """A FieldFile's interface: open() on a stored name."""

    def __init__(self, content: bytes):
        self.storage = InMemoryStorage()
        self.name = self.storage.save("private/abc.pdf", ContentFile(content))

    def open(self, mode="rb"):
        return self.storage.open(self.name, mode)


def test_private_file_is_an_attachment_nobody_caches_or_sniffs():
    response = private_file_response(StoredFile(b"%PDF-1.7"), filename="사업계획서.pdf")
    assert (
        b"".join(response.streaming_content),
        response["Content-Type"],
        response["Content-Disposition"],
        response["Cache-Control"],
        response["X-Content-Type-Options"],
    ) == (
        b"%PDF-1.7",
        "application/pdf",
        "attachment; filename*=utf-8''%EC%82%AC%EC%97%85%EA%B3%84%ED%9A%8D%EC%84%9C.pdf",
        "private, no-store",
        "nosniff",
    )


def test_private_file_keeps_the_stored_content_type():
    response = private_file_response(
        StoredFile(b"x"), filename="a.pdf", content_type="application/octet-stream"
    )
    assert response["Content-Type"] == "application/octet-stream"


def test_ics_response_without_validators_is_a_plain_attachment():
    response = ics_response(ICS, filename="session-1.ics")
    assert (
        response.content.decode(),
        response["Content-Type"],
        response["Content-Disposition"],
        response.has_header("Cache-Control"),
        response.has_header("ETag"),
    ) == (ICS, "text/calendar; charset=utf-8", 'attachment; filename="session-1.ics"', False, False)


def test_ics_response_with_validators_carries_them_and_the_caching_headers():
    request = RequestFactory().get("/events/calendar.ics")
    response = ics_response(
        ICS,
        filename="feed.ics",
        request=request,
        etag="abc-ko",
        last_modified=CHANGED,
        public=True,
        disposition="inline",
    )
    assert (
        response.status_code,
        response["ETag"],
        response["Last-Modified"],
        response["Cache-Control"],
        response["Vary"],
        response["Content-Disposition"],
    ) == (
        200,
        '"abc-ko"',
        http_date(CHANGED.timestamp()),
        "public, max-age=300",
        "Accept-Language, Cookie",
        'inline; filename="feed.ics"',
    )


def test_ics_response_for_staff_only_is_private():
    request = RequestFactory().get("/events/draft/event.ics")
    response = ics_response(ICS, request=request, etag="abc")
    assert response["Cache-Control"] == "private, no-cache"


def test_a_current_copy_gets_304_without_building_the_body():
    built = []

    def build():
        built.append(True)
        return ICS

    request = RequestFactory().get("/events/calendar.ics", HTTP_IF_NONE_MATCH='"abc-ko"')
    response = ics_response(build, request=request, etag="abc-ko", last_modified=CHANGED)
    assert (response.status_code, response["ETag"], built) == (304, '"abc-ko"', [])


def test_an_old_copy_gets_the_body():
    request = RequestFactory().get("/events/calendar.ics", HTTP_IF_NONE_MATCH='"old"')
    response = ics_response(lambda: ICS, request=request, etag="abc-ko")
    assert (response.status_code, response.content.decode()) == (200, ICS)


def test_a_conditional_response_needs_the_request():
    with pytest.raises(ValueError):
        ics_response(ICS, etag="abc")
