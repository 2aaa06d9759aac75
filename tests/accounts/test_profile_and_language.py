import pytest
from django.db import IntegrityError, transaction

from accounts.models import User
from tests import factories

pytestmark = pytest.mark.django_db


def test_home_is_korean_by_default(client):
    response = client.get("/")
    assert response.status_code == 200
    assert '<html lang="ko">' in response.content.decode()


def test_accept_language_english_shows_english(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en")
    assert '<html lang="en">' in response.content.decode()


def test_language_switch_is_remembered_in_a_cookie(client):
    response = client.post("/language/", {"language": "en", "next": "/profile/"})
    assert response.status_code == 302
    assert response.url == "/profile/"
    assert response.cookies["biohub_language"].value == "en"
    assert '<html lang="en">' in client.get("/").content.decode()


def test_language_switch_refuses_foreign_redirects(client):
    response = client.post("/language/", {"language": "en", "next": "https://evil.example/"})
    assert response.url == "/"


def test_language_switch_saves_the_signed_in_users_choice(client):
    user = factories.UserFactory(language="ko")
    client.force_login(user)
    client.post("/language/", {"language": "en", "next": "/"})
    user.refresh_from_db()
    assert user.language == "en"


def test_visitors_switch_language_with_a_link_remembered_in_a_cookie(client):
    response = client.get("/language/en/?next=/events/%3Fkind%3Dseminar")

    assert (response.status_code, response.url) == (302, "/events/?kind=seminar")
    assert response.cookies["biohub_language"].value == "en"
    assert "no-store" in response["Cache-Control"]
    assert '<html lang="en">' in client.get("/").content.decode()
    client.get("/language/ko/?next=/")
    assert '<html lang="ko">' in client.get("/").content.decode()


def test_the_language_link_refuses_foreign_redirects_and_unknown_languages(client):
    assert client.get("/language/en/?next=https://evil.example/").url == "/"
    assert client.get("/language/fr/").status_code == 404


def test_the_language_link_leaves_a_signed_in_persons_saved_language(client):
    """A GET changes nothing saved; signed-in people switch with the form (POST)."""
    user = factories.UserFactory(language="ko")
    client.force_login(user)

    client.get("/language/en/?next=/")

    user.refresh_from_db()
    assert user.language == "ko"
    assert '<html lang="ko">' in client.get("/").content.decode()


def test_signed_in_people_see_the_form_and_visitors_the_links(client):
    visitor_page = client.get("/").content.decode()
    client.force_login(factories.UserFactory())
    member_page = client.get("/").content.decode()

    assert (
        'action="/language/"' in visitor_page,
        'href="/language/en/?next=/"' in visitor_page,
    ) == (
        False,
        True,
    )
    assert ('action="/language/"' in member_page, 'href="/language/en/' in member_page) == (
        True,
        False,
    )


def test_profile_language_wins_over_the_browser(client):
    client.force_login(factories.UserFactory(language="en"))
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="ko")
    assert '<html lang="en">' in response.content.decode()


def test_profile_saves_time_zone_and_language(client):
    user = factories.UserFactory()
    client.force_login(user)
    response = client.post(
        "/profile/", {"name": "Jane", "language": "en", "time_zone": "America/New_York"}
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert (user.name, user.language, user.time_zone) == ("Jane", "en", "America/New_York")
    page = client.get("/").content.decode()
    assert "Times are shown in Eastern Time (EST/EDT)." in page


def test_profile_refuses_an_unknown_time_zone(client):
    user = factories.UserFactory()
    client.force_login(user)
    response = client.post("/profile/", {"name": "J", "language": "ko", "time_zone": "Mars/Base"})
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["time_zone"]
    assert User.objects.get(pk=user.pk).time_zone == "Asia/Seoul"


def test_email_is_unique_whatever_the_case():
    factories.UserFactory(email="founder@example.kr")

    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create(email="Founder@Example.kr")
