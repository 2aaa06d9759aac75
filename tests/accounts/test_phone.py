"""A mobile number for KakaoTalk/SMS: consent, a one-time code by SMS, limits, expiry, mask."""

import re
from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from accounts import phone
from accounts.models import PhoneVerification
from core.models import AuditEntry
from notifications.models import Notification, NotificationStatus
from tests.factories import UserFactory
from tests.support import solapi_server

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 3, 10, 5, 0, tzinfo=UTC)  # 14:00 in Seoul


@pytest.fixture
def solapi(settings):
    server, httpd = solapi_server.start()
    settings.KAKAO_API_KEY, settings.KAKAO_API_SECRET = "NCSTESTKEY", "test-secret"
    settings.KAKAO_SENDER_NUMBER, settings.KAKAO_CHANNEL_ID = "0212345678", "KA01PF_BIOHUB"
    settings.KAKAO_API_URL = server.url
    yield server
    httpd.shutdown()
    httpd.server_close()


def ask(user, number="010-1234-5678", *, at=NOW, capture=None):
    with time_machine.travel(at, tick=False):
        if capture is None:
            return phone.request_phone_code(user, phone=number, consent=True, kakao_opt_in=True)
        with capture(execute=True):
            return phone.request_phone_code(user, phone=number, consent=True, kakao_opt_in=True)


def sent_code(server) -> str:
    """The six-digit code of the last SMS, whatever language it was written in."""
    return re.search(r"(?<!\d)(\d{6})(?!\d)", server.messages[-1]["text"]).group(1)


@pytest.mark.parametrize(
    "raw", ["010-1234-5678", "01012345678", "+82 10 1234 5678", "+821012345678", "821012345678"]
)
def test_korean_mobile_numbers_are_stored_in_e164(raw):
    assert phone.normalize_korean_mobile(raw) == "+821012345678"


@pytest.mark.parametrize("raw", ["02-123-4567", "010-123", "+1 212 555 0100", ""])
def test_numbers_that_are_not_korean_mobiles_are_refused(raw):
    with pytest.raises(phone.PhoneError):
        phone.normalize_korean_mobile(raw)


def test_code_is_sent_by_sms_and_verifies_the_number(solapi, django_capture_on_commit_callbacks):
    user = UserFactory()

    ask(user, capture=django_capture_on_commit_callbacks)
    user.refresh_from_db()
    assert (user.phone, user.phone_verified_at, user.messaging_phone) == ("+821012345678", None, "")
    assert len(solapi.messages) == 1
    assert solapi.messages[0]["to"] == "01012345678"
    row = Notification.objects.get(kind="accounts.phone_code")
    assert (row.channel, row.status, row.show_in_inbox) == ("sms", NotificationStatus.SENT, False)
    assert sent_code(solapi) not in row.body_text  # the code is not kept once sent

    with time_machine.travel(NOW + timedelta(minutes=4), tick=False):
        phone.confirm_phone_code(user, code=sent_code(solapi))

    user.refresh_from_db()
    assert user.phone_verified_at == NOW + timedelta(minutes=4)
    assert user.messaging_phone == "+821012345678"
    assert user.masked_phone == "+82 10-****-5678"
    assert list(
        AuditEntry.objects.filter(action__startswith="accounts.user.phone")
        .values_list("action", flat=True)
        .order_by("pk")
    ) == ["accounts.user.phone_code_sent", "accounts.user.phone_verified"]


def test_code_expires_after_five_minutes(solapi, django_capture_on_commit_callbacks):
    user = UserFactory()
    ask(user, capture=django_capture_on_commit_callbacks)

    with (
        time_machine.travel(NOW + timedelta(minutes=5), tick=False),
        pytest.raises(phone.PhoneError) as error,
    ):
        phone.confirm_phone_code(user, code=sent_code(solapi))

    assert error.value.code == "code_expired"
    user.refresh_from_db()
    assert user.phone_verified_at is None


def test_wrong_codes_are_counted_and_end_the_code(solapi, django_capture_on_commit_callbacks):
    user = UserFactory()
    ask(user, capture=django_capture_on_commit_callbacks)
    right = sent_code(solapi)
    wrong = "000000" if right != "000000" else "111111"

    codes = []
    with time_machine.travel(NOW + timedelta(minutes=1), tick=False):
        for _ in range(phone.CODE_ATTEMPTS):
            with pytest.raises(phone.PhoneError) as error:
                phone.confirm_phone_code(user, code=wrong)
            codes.append(error.value.code)
        with pytest.raises(phone.PhoneError) as error:
            phone.confirm_phone_code(user, code=right)

    assert codes == ["code_wrong"] * phone.CODE_ATTEMPTS
    assert error.value.code == "code_attempts"
    assert PhoneVerification.objects.get().attempts == phone.CODE_ATTEMPTS


def test_codes_to_one_number_are_limited_per_hour(solapi):
    for n in range(3):
        ask(UserFactory(), at=NOW + timedelta(minutes=n))

    with pytest.raises(phone.PhoneError) as error:
        ask(UserFactory(), at=NOW + timedelta(minutes=10))
    assert error.value.code == "phone_rate_number"

    ask(UserFactory(), at=NOW + timedelta(minutes=61))  # the hour has passed


def test_codes_asked_by_one_account_are_limited_per_day(solapi):
    user = UserFactory()
    for n in range(5):
        ask(user, f"010-1234-56{n:02d}", at=NOW + timedelta(minutes=n))

    with pytest.raises(phone.PhoneError) as error:
        ask(user, "010-9999-0000", at=NOW + timedelta(hours=2))
    assert error.value.code == "phone_rate_account"
    assert PhoneVerification.objects.filter(user=user).count() == 5


def test_no_code_without_consent(solapi):
    with pytest.raises(phone.PhoneError) as error:
        phone.request_phone_code(
            UserFactory(), phone="010-1234-5678", consent=False, kakao_opt_in=True
        )
    assert error.value.code == "phone_consent"
    assert PhoneVerification.objects.count() == 0


def test_no_code_when_sms_is_not_configured(settings):
    settings.KAKAO_API_KEY = ""
    with pytest.raises(phone.PhoneError) as error:
        ask(UserFactory())
    assert error.value.code == "sms_off"


def test_phone_page_sends_a_code_and_shows_the_number_masked(
    client, solapi, django_capture_on_commit_callbacks
):
    user = UserFactory()
    client.force_login(user)

    with time_machine.travel(NOW, tick=False), django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/profile/phone/",
            {"phone": "010-1234-5678", "consent": "on", "kakao_opt_in": "on"},
            follow=True,
        )

    assert response.status_code == 200
    content = response.content.decode()
    assert "+82 10-****-5678" in content
    assert "01012345678" not in content
    assert "+821012345678" not in content


def test_phone_page_without_consent_keeps_the_form_with_an_error(client, solapi):
    client.force_login(UserFactory())

    response = client.post("/profile/phone/", {"phone": "010-1234-5678"})

    assert response.status_code == 200
    assert response.context["form"].errors["consent"]
    assert PhoneVerification.objects.count() == 0


def test_phone_remove_forgets_number_and_consent(client):
    user = UserFactory()
    user.phone, user.phone_verified_at, user.phone_consent_at = "+821012345678", NOW, NOW
    user.kakao_opt_in = True
    user.save()
    client.force_login(user)

    response = client.post("/profile/phone/remove/")

    assert response.status_code == 302
    user.refresh_from_db()
    assert (user.phone, user.phone_consent_at, user.kakao_opt_in) == ("", None, False)


def test_phone_pages_need_sign_in(client):
    assert client.get("/profile/phone/").status_code == 302
    assert client.post("/profile/phone/verify/", {"code": "123456"}).status_code == 302
