"""Sign-in limits count per visitor behind the documented HTTPS proxy, and the header that
names the visitor is believed only when the deployment says a proxy of its own writes it."""

import functools
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client

from tests import factories

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parent.parent.parent
PROXY = "10.0.0.5"  # REMOTE_ADDR of every request that comes through the proxy


def sign_in(email: str, password: str, forwarded_for: str) -> Client:
    client = Client()
    response = client.post(
        "/accounts/login/",
        {"login": email, "password": password},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=forwarded_for,
    )
    client.refused = (
        response.status_code == 200
        and response.context["form"].errors.get_json_data().get("__all__", [{}])[0].get("code")
        == "too_many_login_attempts"
    ) or response.status_code == 429
    return client


def signed_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def test_wrong_passwords_of_one_visitor_do_not_lock_out_another(settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    for n in range(12):  # more than the 10 failures a minute one address may make
        victim = factories.UserFactory()
        sign_in(victim.email, "wrong", forwarded_for=f"203.0.113.{n}, 198.51.100.7")
    third_person = factories.UserFactory()
    client = sign_in(third_person.email, factories.PASSWORD, forwarded_for="192.0.2.44")
    assert signed_in(client)


def test_the_same_visitor_is_still_limited_whatever_it_writes_before_the_proxy(settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    for n in range(10):
        sign_in(
            factories.UserFactory().email, "wrong", forwarded_for=f"203.0.113.{n}, 198.51.100.7"
        )
    person = factories.UserFactory()
    client = sign_in(person.email, factories.PASSWORD, forwarded_for="203.0.113.99, 198.51.100.7")
    assert client.refused
    assert not signed_in(client)


def test_thirty_one_people_sign_in_through_the_proxy(settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    clients = [
        sign_in(factories.UserFactory().email, factories.PASSWORD, forwarded_for=f"192.0.2.{n}")
        for n in range(31)
    ]
    assert [signed_in(c) for c in clients] == [True] * 31


def test_client_ip_header_set_by_the_proxy(settings):
    settings.ALLAUTH_TRUSTED_CLIENT_IP_HEADER = "X-Real-IP"
    for n in range(12):
        Client().post(
            "/accounts/login/",
            {"login": factories.UserFactory().email, "password": "wrong"},
            REMOTE_ADDR=PROXY,
            HTTP_X_REAL_IP=f"203.0.113.{n}",
        )
    client = Client()
    person = factories.UserFactory()
    client.post(
        "/accounts/login/",
        {"login": person.email, "password": factories.PASSWORD},
        REMOTE_ADDR=PROXY,
        HTTP_X_REAL_IP="192.0.2.44",
    )
    assert signed_in(client)


def test_without_the_setting_x_forwarded_for_cannot_be_spoofed(settings):
    assert settings.ALLAUTH_TRUSTED_PROXY_COUNT == 0
    assert settings.ALLAUTH_TRUSTED_CLIENT_IP_HEADER is None
    for n in range(10):  # an attacker invents a new address for every try
        sign_in(factories.UserFactory().email, "wrong", forwarded_for=f"203.0.113.{n}")
    person = factories.UserFactory()
    client = sign_in(person.email, factories.PASSWORD, forwarded_for="192.0.2.44")
    assert client.refused  # counted by the connection's address, whatever the header said
    assert not signed_in(client)


def test_the_deployment_names_its_proxy_by_environment_variable():
    code = (
        "from django.conf import settings; "
        "print(settings.ALLAUTH_TRUSTED_PROXY_COUNT, settings.ALLAUTH_TRUSTED_CLIENT_IP_HEADER)"
    )
    # The embedded defaults (no DATABASE_URL): this checks the two variables, nothing else.
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_", "TRUSTED_"))
    }
    env["DJANGO_SETTINGS_MODULE"] = "config.settings"
    run = functools.partial(
        subprocess.run,
        [sys.executable, "-c", "import django; django.setup(); " + code],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert run(env=env).stdout.split() == ["0", "None"]
    proxied = {**env, "TRUSTED_PROXY_COUNT": "1", "TRUSTED_CLIENT_IP_HEADER": "X-Real-IP"}
    assert run(env=proxied).stdout.split() == ["1", "X-Real-IP"]
