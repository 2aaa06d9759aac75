"""English pages, emails and invites name a startup and its district in English; Korean ones
in Korean. The English name is shown only where one is stored."""

import pytest
from django.utils import translation

from accounts import services
from accounts.validators import district_in_language
from notifications.delivery import render_notification
from notifications.models import Notification
from tests import factories

pytestmark = pytest.mark.django_db


def founder_of(startup, language):
    user = factories.UserFactory(language=language)
    factories.StartupMembershipFactory(startup=startup, user=user, role="owner")
    return user


@pytest.mark.parametrize(
    ("district", "language", "shown"),
    [("동대문구", "en", "Dongdaemun-gu"), ("동대문구", "ko", "동대문구"), ("", "en", "")],
)
def test_district_in_language(district, language, shown):
    with translation.override(language):
        assert district_in_language(district) == shown


def test_english_startup_pages_show_the_english_name_and_district(client):
    startup = factories.StartupFactory(
        name="홍릉바이오", name_en="Hongneung Bio", district="마포구"
    )
    client.force_login(founder_of(startup, "en"))
    listing = client.get("/startups/").content.decode()
    detail = client.get(f"/startups/{startup.pk}/").content.decode()
    assert "Hongneung Bio</a>" in listing
    assert " · Mapo-gu</span>" in listing
    assert "마포구" not in listing
    assert '<h1>Hongneung Bio <small class="text-secondary">홍릉바이오</small></h1>' in detail
    assert '<dd class="col-sm-8">Mapo-gu</dd>' in detail


def test_korean_startup_pages_show_the_registered_name_and_district(client):
    startup = factories.StartupFactory(
        name="홍릉바이오", name_en="Hongneung Bio", district="마포구"
    )
    client.force_login(founder_of(startup, "ko"))
    listing = client.get("/startups/").content.decode()
    detail = client.get(f"/startups/{startup.pk}/").content.decode()
    assert "홍릉바이오</a>" in listing
    assert " · 마포구</span>" in listing
    assert '<h1>홍릉바이오 <small class="text-secondary">Hongneung Bio</small></h1>' in detail
    assert '<dd class="col-sm-8">마포구</dd>' in detail


def test_a_startup_without_an_english_name_keeps_its_name_on_english_pages():
    startup = factories.StartupFactory(name="홍릉바이오", name_en="")
    with translation.override("en"):
        assert startup.name_display == "홍릉바이오"
        assert str(startup) == "홍릉바이오"
    assert startup.name_in("en") == "홍릉바이오"


def test_the_invitation_email_names_the_startup_in_the_invitees_language(
    django_capture_on_commit_callbacks,
):
    startup = factories.StartupFactory(name="홍릉바이오", name_en="Hongneung Bio")
    founder = founder_of(startup, "ko")
    factories.UserFactory(email="cofounder@example.com", language="en")
    with django_capture_on_commit_callbacks(execute=True):
        services.invite_member(startup, actor=founder, email="cofounder@example.com")
    subject, body_text, _html = render_notification(
        Notification.objects.get(kind="accounts.startup_invitation")
    )
    assert "Hongneung Bio" in subject
    assert "join the team of Hongneung Bio on Seoul BioHub" in body_text
    assert "홍릉바이오" not in body_text
