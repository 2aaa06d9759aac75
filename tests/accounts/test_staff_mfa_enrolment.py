"""Staff sent to turn on two-factor authentication right after signing in are not asked for
their password again; the sign-in, password and two-factor pages say 비밀번호 throughout."""

import time

import pytest
import time_machine
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from allauth.mfa.utils import is_mfa_enabled

from tests import factories

pytestmark = pytest.mark.django_db
START = "2026-03-10 10:00:00 +09:00"
REAUTHENTICATE = "/accounts/reauthenticate/?next=%2Faccounts%2F2fa%2Ftotp%2Factivate%2F"


def sign_in(client, person) -> None:
    response = client.post(
        "/accounts/login/", {"login": person.email, "password": factories.PASSWORD}
    )
    assert response.status_code == 302
    assert "_auth_user_id" in client.session


def test_staff_reach_the_totp_form_right_after_signing_in(client):
    staff = factories.StaffFactory(mfa=False)
    with time_machine.travel(START, tick=False) as clock:
        sign_in(client, staff)
        response = client.get("/admin/", follow=True)
        assert response.redirect_chain[-1][0] == "/accounts/2fa/totp/activate/"
        assert response.status_code == 200
        form = response.context["form"]
        assert form.__class__.__name__ == "ActivateTOTPForm"

        clock.shift(60)  # a minute to scan the code into an app
        code = format_hotp_value(hotp_value(form.secret, int(time.time()) // 30))
        response = client.post("/accounts/2fa/totp/activate/", {"code": code})
        assert response.status_code == 302
        assert not response.url.startswith("/accounts/reauthenticate/")
        assert is_mfa_enabled(staff)


def test_an_old_sign_in_still_asks_for_the_password(client):
    staff = factories.StaffFactory(mfa=False)
    with time_machine.travel(START, tick=False) as clock:
        sign_in(client, staff)
        clock.shift(6 * 60)  # past ACCOUNT_REAUTHENTICATION_TIMEOUT (5 minutes)
        response = client.get("/accounts/2fa/totp/activate/")
        assert response.status_code == 302
        assert (
            response.url == "/accounts/reauthenticate/?next=%2Faccounts%2F2fa%2Ftotp%2Factivate%2F"
        )


def test_a_session_without_a_recorded_sign_in_asks_for_the_password(client):
    client.force_login(factories.StaffFactory(mfa=False))  # no authentication recorded
    response = client.get("/accounts/2fa/totp/activate/")
    assert response.status_code == 302
    assert response.url.startswith("/accounts/reauthenticate/")


def korean_pages(client) -> dict[str, str]:
    pages = {}
    for path in ["/accounts/login/", "/accounts/password/reset/", "/accounts/signup/"]:
        pages[path] = client.get(path).content.decode()
    staff = factories.StaffFactory(mfa=False, language="ko")
    with time_machine.travel(START, tick=False) as clock:
        sign_in(client, staff)
        for path in ["/accounts/2fa/totp/activate/", "/accounts/password/change/"]:
            pages[path] = client.get(path).content.decode()
        clock.shift(6 * 60)
        response = client.get("/accounts/2fa/totp/activate/", follow=True)
        pages[response.redirect_chain[-1][0]] = response.content.decode()
    return pages


def test_korean_account_pages_say_bimilbeonho_not_paeseuwodeu(client):
    client.cookies["biohub_language"] = "ko"
    pages = korean_pages(client)
    assert sorted(pages) == [
        "/accounts/2fa/totp/activate/",
        "/accounts/login/",
        "/accounts/password/change/",
        "/accounts/password/reset/",
        REAUTHENTICATE,
        "/accounts/signup/",
    ]
    assert {path: "비밀번호" in page for path, page in pages.items()} == dict.fromkeys(pages, True)
    assert {path: "패스워드" in page for path, page in pages.items()} == dict.fromkeys(pages, False)
