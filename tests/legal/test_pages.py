"""The legal pages, their versions, the contact page and the footer."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import html5lib
import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from django.utils.translation import gettext

from core.timefmt import format_date
from legal import services
from legal.models import DocumentKind, LegalDocument, SiteIdentity
from tests.factories import StaffFactory, UserFactory

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 12, 10, 9, 30, tzinfo=ZoneInfo("Asia/Seoul"))
FOOTER_LINKS = ["/privacy/", "/terms/", "/accessibility/", "/contact/"]


def new_privacy_version(*, body_ko: str, body_en: str, effective_on: date, publish=True):
    staff = StaffFactory()
    draft = services.start_new_version(
        LegalDocument.objects.get(kind=DocumentKind.PRIVACY), actor=staff
    )
    services.save_draft(
        draft, actor=staff, body_ko=body_ko, body_en=body_en, effective_on=effective_on
    )
    return services.publish_version(draft, actor=staff) if publish else draft


def footer(html: str):
    document = html5lib.parse(html, namespaceHTMLElements=False)
    return document.find(".//footer")


@time_machine.travel(NOW, tick=False)
def test_the_privacy_page_shows_the_version_in_force_and_links_every_version(client):
    new_privacy_version(
        body_ko="## 둘째 판 방침", body_en="## Second policy", effective_on=date(2026, 12, 8)
    )
    page = client.get("/privacy/").content.decode()
    assert "둘째 판 방침" in page
    assert format_date(date(2026, 12, 8), "ko") in page  # the effective date
    assert 'href="/privacy/v/1/"' in page
    assert 'href="/privacy/v/2/" aria-current="page"' in page

    earlier = client.get("/privacy/v/1/").content.decode()
    assert "둘째 판 방침" not in earlier
    assert "개인정보의 처리 목적" in earlier
    assert 'href="/privacy/v/1/" aria-current="page"' in earlier


@time_machine.travel(NOW, tick=False)
def test_the_pages_are_in_the_readers_language(client):
    client.cookies["biohub_language"] = "en"
    page = client.get("/privacy/").content.decode()
    assert "Why we process personal information" in page
    assert "개인정보의 처리 목적" not in page


@time_machine.travel(NOW, tick=False)
def test_a_draft_version_is_not_shown(client):
    new_privacy_version(body_ko="초안", body_en="Draft", effective_on=NOW.date(), publish=False)
    assert client.get("/privacy/v/2/").status_code == 404
    assert "초안" not in client.get("/privacy/").content.decode()


@time_machine.travel(NOW, tick=False)
def test_a_version_announced_ahead_is_linked_from_the_page_in_force(client):
    new_privacy_version(
        body_ko="## 다음 방침", body_en="## Next policy", effective_on=date(2026, 12, 20)
    )
    page = client.get("/privacy/").content.decode()
    assert "다음 방침" not in page
    assert 'href="/privacy/v/2/"' in page
    assert "다음 방침" in client.get("/privacy/v/2/").content.decode()


def test_the_contact_page_and_the_footer_show_the_operator_record(client):
    SiteIdentity.objects.filter(pk=1).update(phone="02-123-4567", email="desk@example.kr")
    contact = client.get("/contact/").content.decode()
    assert 'href="tel:021234567"' in contact
    assert 'href="mailto:desk@example.kr"' in contact
    assert "서울특별시 동대문구 회기로 117-3" in contact
    home_footer = footer(client.get("/").content.decode())
    assert "02-123-4567" in "".join(home_footer.itertext())


def test_the_footer_keeps_the_operator_in_the_cache_until_it_is_edited(client):
    client.force_login(UserFactory(language="ko"))
    client.get("/notifications/")  # reads the record once

    with CaptureQueriesContext(connection) as queries:
        first = footer(client.get("/notifications/").content.decode())
    assert [q for q in queries.captured_queries if "legal_siteidentity" in q["sql"]] == []
    assert "02-123-4567" not in "".join(first.itertext())

    identity = SiteIdentity.objects.get(pk=1)
    identity.phone = "02-123-4567"
    identity.save()
    edited = footer(client.get("/notifications/").content.decode())
    assert "02-123-4567" in "".join(edited.itertext())


@pytest.mark.parametrize("language", ["ko", "en"])
def test_the_footer_links_the_policies_with_the_privacy_policy_in_bold(client, language):
    client.cookies["biohub_language"] = language
    links = footer(client.get("/").content.decode()).findall(".//nav//a")
    assert [link.get("href") for link in links] == FOOTER_LINKS
    privacy = links[0]
    assert privacy.find("strong") is not None
    with translation.override(language):
        assert privacy.find("strong").text == gettext("Privacy policy")
    for href in FOOTER_LINKS:
        assert client.get(href).status_code == 200
