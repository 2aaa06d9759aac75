"""Sign-up asks the PIPA consents (required and optional, each with purpose, items, retention
and the right to refuse) and records them with the privacy policy version and the time."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import translation
from django.utils.translation import gettext

from accounts.models import User
from legal import selectors
from legal.consents import NOTICE_VERSION, SIGNUP_NOTICES
from legal.models import ConsentItem, ConsentRecord

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 12, 10, 9, 30, tzinfo=ZoneInfo("Asia/Seoul"))
SIGNUP = {
    "email": "minji@example.kr",
    "name": "김민지",
    "password1": "a-long-and-unusual-passphrase",
    "password2": "a-long-and-unusual-passphrase",
}


@time_machine.travel(NOW, tick=False)
def test_signup_records_the_consents_given_with_policy_version_and_time(client):
    response = client.post("/accounts/signup/", SIGNUP | {"consent_collection": "on"})
    assert response.status_code == 302
    person = User.objects.get(email="minji@example.kr")
    policy = selectors.current_privacy_version()
    assert list(
        ConsentRecord.objects.filter(user=person).values_list(
            "item", "notice_version", "policy_version__number", "given_at"
        )
    ) == [(ConsentItem.SIGNUP_COLLECTION, NOTICE_VERSION, policy.number, NOW)]


@time_machine.travel(NOW, tick=False)
def test_signup_records_the_optional_consent_when_ticked(client):
    client.post("/accounts/signup/", SIGNUP | {"consent_collection": "on", "consent_news": "on"})
    assert sorted(
        ConsentRecord.objects.filter(user__email="minji@example.kr").values_list("item", flat=True)
    ) == [ConsentItem.SIGNUP_COLLECTION, ConsentItem.SIGNUP_NEWS]


def test_signup_without_the_required_consent_is_refused_with_a_clear_message(client):
    response = client.post("/accounts/signup/", SIGNUP | {"consent_news": "on"})
    assert response.status_code == 200
    assert User.objects.filter(email="minji@example.kr").exists() is False
    assert ConsentRecord.objects.count() == 0
    page = response.content.decode()
    with translation.override("ko"):
        message = gettext(
            "To create an account, agree to the collection and use of personal information."
        )
    assert page.count(message) == 2  # in the summary at the top and beside the check box
    assert 'href="#id_consent_collection"' in page
    assert 'value="minji@example.kr"' in page  # what was typed is kept


@pytest.mark.parametrize("language", ["ko", "en"])
def test_the_signup_page_states_purpose_items_retention_and_right_to_refuse(client, language):
    client.cookies["biohub_language"] = language
    page = client.get("/accounts/signup/").content.decode()
    with translation.override(language):
        for notice in SIGNUP_NOTICES.values():
            assert str(notice["title"]) in page
            for heading, text in notice["rows"]:
                assert f'<th scope="row" class="w-25">{heading}</th><td>{text}</td>' in page
    assert 'name="consent_collection"' in page
    assert 'href="/privacy/"' in page
    # the required box is asked once, under its notice, not in the form's field list too
    assert page.count('name="consent_collection"') == 1
