"""/accounts/my-data/: what is held about me, and its download (PIPA Art. 35, 35-2)."""

import json

import pytest

from tests import factories
from tests.factories import PASSWORD


def _signed_in_for_real(client, user):
    """Through the sign-in form, as a person does: allauth records when they authenticated."""
    response = client.post("/accounts/login/", {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302


@pytest.fixture
def people(db):
    me = factories.UserFactory(email="me@example.kr", name="나본인")
    cofounder = factories.UserFactory(email="cofounder@example.kr", name="공동창업")
    stranger = factories.UserFactory(email="stranger@example.kr", name="남남")
    startup = factories.StartupFactory(address="서울특별시 동대문구 회기로 1 MY-ADDRESS")
    factories.StartupMembershipFactory(startup=startup, user=me)
    factories.StartupMembershipFactory(startup=startup, user=cofounder)
    factories.CompleteApplicationFactory(
        startup=startup, created_by=cofounder, team_summary="MY-TEAM summary"
    )
    factories.RegistrationFactory(user=me, affiliation="MY-LAB")
    factories.NotificationFactory(recipient=me, body_text="MY-MESSAGE")
    other_startup = factories.StartupFactory(address="OTHER-ADDRESS")
    factories.StartupMembershipFactory(startup=other_startup, user=stranger)
    factories.CompleteApplicationFactory(startup=other_startup, team_summary="OTHER-TEAM")
    factories.RegistrationFactory(user=stranger, affiliation="OTHER-LAB")
    factories.NotificationFactory(recipient=stranger, body_text="OTHER-MESSAGE")
    return me, cofounder, stranger


def test_export_holds_my_personal_values_and_nothing_about_anyone_else(client, people):
    me, cofounder, stranger = people
    _signed_in_for_real(client, me)
    response = client.get("/accounts/my-data/export.json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    text = response.content.decode()
    payload = json.loads(text)
    by_model = {block["model"]: block["rows"] for block in payload["data"]}
    user_fields = by_model["accounts.User"][0]["fields"]
    assert (user_fields["email"]["value"], user_fields["name"]["value"]) == (
        "me@example.kr",
        "나본인",
    )
    assert "password" not in user_fields
    for mine in ("MY-ADDRESS", "MY-TEAM summary", "MY-LAB", "MY-MESSAGE"):
        assert mine in text, mine
    for theirs in (
        "OTHER-ADDRESS",
        "OTHER-TEAM",
        "OTHER-LAB",
        "OTHER-MESSAGE",
        stranger.email,
        stranger.name,
        cofounder.email,
        cofounder.name,
    ):
        assert theirs not in text, theirs
    application = by_model["challenges.Application"][0]["fields"]
    assert "created_by" not in application  # the co-founder's account is theirs


def test_export_asks_to_sign_in_again_first(client, people):
    me, _cofounder, _stranger = people
    client.force_login(me)  # a session that did not just authenticate
    response = client.get("/accounts/my-data/export.json")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/reauthenticate/")


def test_export_is_for_signed_in_people_only(client, db):
    response = client.get("/accounts/my-data/export.json")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_my_data_page_lists_categories_purposes_and_retention(client, people):
    me, _cofounder, _stranger = people
    me.language = "en"  # a signed-in person's saved language decides the page's
    me.save(update_fields=["language"])
    client.force_login(me)
    response = client.get("/accounts/my-data/")
    assert response.status_code == 200
    labels = [category["category"] for category in response.context["categories"]]
    assert labels == [
        "identity",
        "contact",
        "business",
        "application",
        "documents",
        "attendance",
        "log",
    ]
    attendance = response.context["categories"][5]
    assert attendance["retention"] == ["Seminar registrations: 365 days after the event."]
    assert "MY-LAB" in response.content.decode()
    assert "OTHER-LAB" not in response.content.decode()


def test_my_data_page_needs_sign_in(client, db):
    response = client.get("/accounts/my-data/")
    assert response.status_code == 302
