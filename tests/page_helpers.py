"""Reading a page the way the kept-part tests (core.fragments) count it."""

from django.db import connection
from django.test.utils import CaptureQueriesContext


def page_and_queries(client, url: str) -> tuple[int, str]:
    """A page's queries besides the session's (a table read when the tests run without
    Redis) and its HTML; the page must answer 200."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    own = [q for q in queries.captured_queries if '"django_session"' not in q["sql"]]
    return len(own), response.content.decode()
