"""The admin is signed into through allauth: its rate limit and MFA apply to staff."""

import time
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value
from django.test import override_settings

from tests import factories

pytestmark = pytest.mark.django_db
SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def totp_now(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def test_admin_login_page_sends_to_allauth(client):
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")


def test_sixth_bad_password_within_the_window_is_refused_even_if_correct(client):
    staff = factories.StaffFactory(email="staff@example.kr")
    for _ in range(5):
        response = client.post("/accounts/login/", {"login": staff.email, "password": "wrong"})
        assert response.status_code == 200
        assert response.context["form"].errors
    response = client.post(
        "/accounts/login/", {"login": staff.email, "password": factories.PASSWORD}
    )
    # Refused: the rate limit answers instead of checking the (correct) password.
    assert response.status_code == 200
    assert (
        response.context["form"].errors.get_json_data()["__all__"][0]["code"]
        == "too_many_login_attempts"
    )
    assert "_auth_user_id" not in client.session
    assert client.get("/admin/").status_code == 302


# Stopped in the middle of a 30-second window: a code computed in its last instant would be
# checked in the next window and refused.
@time_machine.travel(datetime(2026, 3, 10, 9, 0, 10, tzinfo=ZoneInfo("Asia/Seoul")), tick=False)
def test_staff_must_pass_totp_to_reach_the_admin(client):
    staff = factories.StaffFactory(mfa=False)
    TOTP.activate(staff, SECRET)
    response = client.post(
        "/accounts/login/", {"login": staff.email, "password": factories.PASSWORD}
    )
    assert response.status_code == 302
    assert response.url == "/accounts/2fa/authenticate/"
    assert client.get("/admin/").status_code == 302  # not signed in yet
    response = client.post("/accounts/2fa/authenticate/", {"code": totp_now(SECRET)})
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


def test_staff_without_mfa_is_sent_to_set_it_up(client):
    staff = factories.StaffFactory(mfa=False)
    client.force_login(staff)
    response = client.get("/admin/", follow=True)
    visited = [url for url, _status in response.redirect_chain]
    assert "/accounts/2fa/totp/activate/" in visited
    assert not any(
        url.startswith("/admin/") and url != "/admin/login/?next=/admin/" for url in visited
    )


@override_settings(STAFF_REQUIRE_MFA=False)
def test_local_demo_setting_lets_staff_in_without_mfa(client):
    client.force_login(factories.StaffFactory(mfa=False))
    assert client.get("/admin/").status_code == 200


def test_non_staff_are_refused_by_the_admin(client):
    client.force_login(factories.UserFactory())
    assert client.get("/admin/login/").status_code == 403
