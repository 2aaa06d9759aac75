"""Every account email: the programme's name in the subject, a greeting by name (never the
host), the link alone on its line and built from SITE_URL whatever Host the request carried,
and an HTML part with a button to the same link. In Korean and in English."""

import re

import pytest
from django.conf import settings
from django.core import mail

from accounts.models import User
from notifications.delivery import REDACTED
from notifications.models import Notification, NotificationStatus
from tests import factories

pytestmark = pytest.mark.django_db

# An allowed host (ALLOWED_HOSTS ignores the port) that is not the site: links must not follow it.
HOSTILE = {"HTTP_HOST": "127.0.0.1:6666"}
PROGRAMME = {"ko": "서울바이오허브 오픈 이노베이션", "en": "Seoul BioHub Open Innovation"}
SUBJECTS = {
    "signup": {"ko": "이메일 주소 확인", "en": "Confirm your email address"},
    "reset": {"ko": "비밀번호 재설정", "en": "Reset your password"},
    "unknown": {
        "ko": "이 이메일 주소로 된 계정이 없습니다",
        "en": "No account with this email address",
    },
    "exists": {"ko": "이미 계정이 있습니다", "en": "You already have an account"},
    "email_changed": {"ko": "이메일 주소가 변경되었습니다", "en": "Your email address was changed"},
    "password_changed": {"ko": "비밀번호가 변경되었습니다", "en": "Your password was changed"},
}
GREETING = {"ko": "{}님, 안녕하세요.", "en": "Hello {},"}
ANONYMOUS_GREETING = {"ko": "안녕하세요.", "en": "Hello,"}
BUTTONS = {
    "signup": {"ko": "이메일 주소 확인하기", "en": "Confirm my email address"},
    "reset": {"ko": "새 비밀번호 정하기", "en": "Choose a new password"},
    "unknown": {"ko": "회원가입", "en": "Sign up"},
}
LANGUAGES = ["ko", "en"]


def html_of(message) -> str:
    (html,) = [content for content, mimetype in message.alternatives if mimetype == "text/html"]
    return html


def sent(django_capture_on_commit_callbacks, call):
    """The emails a request sends (the outbox hands them to the worker after commit)."""
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = call()
    return response, list(mail.outbox)


def link_lines(message, path_prefix: str) -> list[str]:
    return [
        line
        for line in message.body.splitlines()
        if line.startswith(settings.SITE_URL + path_prefix)
    ]


def assert_account_email(message, *, language, subject, greeting, link, button=None):
    assert message.subject == f"[{PROGRAMME[language]}] {subject}"
    lines = message.body.splitlines()
    assert lines[0] == greeting
    assert link in lines  # alone on its own line, nothing glued to it
    assert lines[-2:] == [PROGRAMME[language], settings.SITE_URL]
    html = html_of(message)
    assert f'<html lang="{language}">' in html
    assert re.search(rf'<a href="{re.escape(link)}" style="display:inline-block[^"]*">', html)
    if button:
        assert f">{button}</a>" in html
    for text in (message.subject, message.body, html):
        assert "6666" not in text
        assert "testserver" not in text


@pytest.mark.parametrize("language", LANGUAGES)
def test_signup_verification_email(client, django_capture_on_commit_callbacks, language):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response, (message,) = sent(
        django_capture_on_commit_callbacks,
        lambda: client.post(
            "/accounts/signup/",
            {
                "email": "newcomer@example.kr",
                "name": "김민지",
                "password1": "a-long-and-unusual-passphrase",
                "password2": "a-long-and-unusual-passphrase",
                "consent_collection": "on",
            },
            **HOSTILE,
        ),
    )
    assert response.status_code == 302
    (link,) = link_lines(message, "/accounts/confirm-email/")
    assert re.fullmatch(re.escape(settings.SITE_URL) + r"/accounts/confirm-email/[\w:-]+/", link)
    assert_account_email(
        message,
        language=language,
        subject=SUBJECTS["signup"][language],
        greeting=GREETING[language].format("김민지"),
        link=link,
        button=BUTTONS["signup"][language],
    )
    assert "newcomer@example.kr" in message.body
    # The link works.
    response = client.post(link.removeprefix(settings.SITE_URL))
    assert response.status_code == 302
    assert User.objects.get(email="newcomer@example.kr").emailaddress_set.get().verified


@pytest.mark.parametrize("language", LANGUAGES)
def test_password_reset_email(client, django_capture_on_commit_callbacks, language):
    person = factories.UserFactory(name="Jane Park", language=language)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    _response, (message,) = sent(
        django_capture_on_commit_callbacks,
        lambda: client.post("/accounts/password/reset/", {"email": person.email}, **HOSTILE),
    )
    (link,) = link_lines(message, "/accounts/password/reset/key/")
    assert_account_email(
        message,
        language=language,
        subject=SUBJECTS["reset"][language],
        greeting=GREETING[language].format("Jane Park"),
        link=link,
        button=BUTTONS["reset"][language],
    )
    response = client.get(link.removeprefix(settings.SITE_URL), follow=True)
    assert response.context["form"].__class__.__name__ == "ResetPasswordKeyForm"


@pytest.mark.parametrize("language", LANGUAGES)
def test_unknown_account_email(client, django_capture_on_commit_callbacks, language):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    _response, (message,) = sent(
        django_capture_on_commit_callbacks,
        lambda: client.post("/accounts/password/reset/", {"email": "who@example.kr"}, **HOSTILE),
    )
    assert_account_email(
        message,
        language=language,
        subject=SUBJECTS["unknown"][language],
        greeting=ANONYMOUS_GREETING[language],
        link=settings.SITE_URL + "/accounts/signup/",
        button=BUTTONS["unknown"][language],
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_account_already_exists_email(client, django_capture_on_commit_callbacks, language):
    person = factories.UserFactory(name="Jane Park")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    _response, (message,) = sent(
        django_capture_on_commit_callbacks,
        lambda: client.post(
            "/accounts/signup/",
            {
                "email": person.email,
                "name": "Someone",
                "password1": "a-long-and-unusual-passphrase",
                "password2": "a-long-and-unusual-passphrase",
                "consent_collection": "on",
            },
            **HOSTILE,
        ),
    )
    assert_account_email(
        message,
        language=language,
        subject=SUBJECTS["exists"][language],
        greeting=GREETING[language].format("Jane Park"),
        link=settings.SITE_URL + "/accounts/password/reset/",
        button=BUTTONS["reset"][language],
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_email_changed_notice_goes_to_the_old_address(
    client, django_capture_on_commit_callbacks, language
):
    person = factories.UserFactory(name="Jane Park", email="old@example.kr", language=language)
    client.force_login(person)
    _response, (confirmation,) = sent(
        django_capture_on_commit_callbacks,
        lambda: client.post(
            "/accounts/email/", {"email": "new@example.kr", "action_add": ""}, **HOSTILE
        ),
    )
    assert confirmation.to == ["new@example.kr"]
    (link,) = link_lines(confirmation, "/accounts/confirm-email/")
    assert_account_email(
        confirmation,
        language=language,
        subject=SUBJECTS["signup"][language],
        greeting=GREETING[language].format("Jane Park"),
        link=link,
        button=BUTTONS["signup"][language],
    )
    _response, (notice,) = sent(
        django_capture_on_commit_callbacks,
        lambda: client.post(link.removeprefix(settings.SITE_URL), **HOSTILE),
    )
    assert notice.to == ["old@example.kr"]
    assert_account_email(
        notice,
        language=language,
        subject=SUBJECTS["email_changed"][language],
        greeting=GREETING[language].format("Jane Park"),
        link=settings.SITE_URL + "/accounts/password/reset/",
        button=BUTTONS["reset"][language],
    )
    assert "old@example.kr" in notice.body
    assert "new@example.kr" in notice.body


@pytest.mark.parametrize("language", LANGUAGES)
def test_password_changed_notice(client, django_capture_on_commit_callbacks, language):
    person = factories.UserFactory(name="Jane Park", language=language)
    client.force_login(person)
    _response, (notice,) = sent(
        django_capture_on_commit_callbacks,
        lambda: client.post(
            "/accounts/password/change/",
            {
                "oldpassword": factories.PASSWORD,
                "password1": "another-long-passphrase-42",
                "password2": "another-long-passphrase-42",
            },
            **HOSTILE,
        ),
    )
    assert notice.to == [person.email]
    assert_account_email(
        notice,
        language=language,
        subject=SUBJECTS["password_changed"][language],
        greeting=GREETING[language].format("Jane Park"),
        link=settings.SITE_URL + "/accounts/password/reset/",
        button=BUTTONS["reset"][language],
    )


def test_password_reset_email_is_redacted_once_sent(client, django_capture_on_commit_callbacks):
    """The one-time link leaves with the email and is not kept in the outbox row."""
    person = factories.UserFactory()
    _response, (message,) = sent(
        django_capture_on_commit_callbacks,
        lambda: client.post("/accounts/password/reset/", {"email": person.email}),
    )
    (link,) = link_lines(message, "/accounts/password/reset/key/")
    notification = Notification.objects.get(email=person.email)
    assert (
        notification.status,
        notification.carries_secret,
        notification.body_text,
        notification.body_html,
    ) == (NotificationStatus.SENT, True, REDACTED, "")
    assert link not in notification.subject
