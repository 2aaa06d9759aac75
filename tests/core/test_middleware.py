"""core.middleware: private pages are not stored by browsers or proxies, and a request body
that is too large is refused before a byte of it is read."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.utils import timezone

from challenges import services as challenge_services
from tests import factories

pytestmark = pytest.mark.django_db


def cache_control(response) -> set[str]:
    return {part.strip() for part in response.get("Cache-Control", "").split(",") if part}


@pytest.fixture
def pages():
    """A founder with an application, and a reviewer with an assignment."""
    founder = factories.UserFactory()
    startup = factories.StartupMembershipFactory(user=founder).startup
    application = factories.CompleteApplicationFactory(startup=startup)
    factories.NotificationFactory(recipient=founder)
    reviewer = factories.ReviewerFactory()
    reviewed = factories.CompleteApplicationFactory(status="under_review")
    assignment = challenge_services.assign_reviewer(
        reviewed, reviewer=reviewer, actor=None, due_at=timezone.now() + timedelta(days=7)
    )
    return {
        "founder": (
            founder,
            [
                "/mentoring/",
                "/notifications/",
                "/applications/",
                f"/applications/{application.pk}/",
                "/profile/",
                "/",
            ],
        ),
        "reviewer": (reviewer, ["/review/", f"/review/{assignment.pk}/"]),
    }


@pytest.mark.parametrize("who", ["founder", "reviewer"])
def test_signed_in_pages_are_private_and_not_stored(client, pages, who):
    user, paths = pages[who]
    client.force_login(user)

    answers = {path: client.get(path) for path in paths}

    assert {path: r.status_code for path, r in answers.items()} == dict.fromkeys(paths, 200)
    assert {path: cache_control(r) for path, r in answers.items()} == {
        path: {"private", "no-store"} for path in paths
    }


def test_public_pages_for_visitors_keep_their_caching(client):
    factories.EventFactory()

    for path in ["/", "/events/", "/events/calendar.ics", "/challenges/"]:
        response = client.get(path)
        assert response.status_code == 200, path
        assert "private" not in cache_control(response), path
        assert "no-store" not in cache_control(response), path


def test_a_view_that_sets_its_own_cache_control_keeps_it(client):
    client.force_login(factories.UserFactory())

    response = client.get("/health/")  # never_cache

    assert cache_control(response) == {
        "max-age=0",
        "no-cache",
        "no-store",
        "must-revalidate",
        "private",
    }


def test_a_visitor_with_a_session_gets_private_pages(client):
    """A visitor part-way through signing up has a session (their address) but no user."""
    session = client.session
    session["account_verified_email"] = "newcomer@example.kr"
    session.save()

    response = client.get("/events/")

    assert cache_control(response) == {"private", "no-store"}


class UnreadableBody:
    """A WSGI input that fails the test if anything reads it."""

    def __init__(self):
        self.reads = 0

    def read(self, *args, **kwargs):
        self.reads += 1
        raise AssertionError("the request body was read")

    readline = read


SIXTY_MB = 60 * 1024 * 1024


def post_declaring(client, path: str, length: int, **extra):
    body = UnreadableBody()
    response = client.generic(
        "POST",
        path,
        content_type="multipart/form-data; boundary=x",
        CONTENT_LENGTH=str(length),
        **{"wsgi.input": body},
        **extra,
    )
    return response, body


def test_too_large_body_is_refused_before_it_is_read_in_the_persons_language(client):
    founder = factories.UserFactory(language="en")
    application = factories.CompleteApplicationFactory(
        startup=factories.StartupMembershipFactory(user=founder).startup
    )
    client.force_login(founder)

    response, body = post_declaring(
        client, f"/applications/{application.pk}/steps/documents/", SIXTY_MB
    )

    assert (response.status_code, body.reads) == (413, 0)
    assert response["Content-Language"] == "en"
    text = response.content.decode()
    assert "<h1>The upload is too large</h1>" in text
    assert "larger than 25.0\xa0MB" in text  # REQUEST_MAX_BYTES
    assert "A document may be at most 20.0\xa0MB" in text  # UPLOAD_MAX_BYTES


def test_too_large_body_page_follows_the_visitors_language(client):
    response, body = post_declaring(
        client, "/accounts/signup/", SIXTY_MB, HTTP_ACCEPT_LANGUAGE="ko"
    )

    assert (response.status_code, body.reads) == (413, 0)
    assert response["Content-Language"] == "ko"
    assert '<html lang="ko"' in response.content.decode()


def test_a_body_at_the_limit_is_let_through(client):
    """The limit is the declared size: at REQUEST_MAX_BYTES the request reaches the view (a
    list page, which reads no body)."""
    body = UnreadableBody()
    response = client.generic(
        "GET", "/events/", CONTENT_LENGTH=str(settings.REQUEST_MAX_BYTES), **{"wsgi.input": body}
    )

    assert (response.status_code, body.reads) == (200, 0)
