"""The frame's fixed parts (base.html: head links, main menu, account menu, footer, scripts) are
rendered once per process and kept ({% cache %}, the "template_fragments" cache). Each is keyed
on everything it shows, so a page never shows another language's, person's or section's frame."""

from datetime import datetime
from zoneinfo import ZoneInfo

import html5lib
import pytest
import time_machine
from django.core.cache import caches

from legal.models import SiteIdentity
from tests.factories import StartupMembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def parse(response):
    assert response.status_code == 200
    return html5lib.parse(response.content.decode(), namespaceHTMLElements=False)


def current_menu_link(page) -> str | None:
    current = page.findall(".//header//a[@aria-current='page']")
    return current[0].get("href") if current else None


def footer_text(page) -> str:
    return " ".join("".join(page.find(".//footer").itertext()).split())


def founder(client, **fields):
    membership = StartupMembershipFactory(user__language="en", **fields)
    client.force_login(membership.user)
    return membership.user


def kept() -> set[str]:
    return set(caches["template_fragments"]._cache)  # the memory store's keys


def test_the_fragments_are_kept_and_reused(client):
    founder(client)
    client.get("/home/")
    first = kept()
    # head links, main menu, account menu, footer, scripts
    assert len(first) == 5
    client.get("/home/")
    assert kept() == first
    client.get("/applications/")  # another section: its own main menu, the rest reused
    assert len(kept() - first) == 1


def test_the_current_section_is_marked_on_each_page(client):
    founder(client)
    assert current_menu_link(parse(client.get("/applications/"))) == "/applications/"
    assert current_menu_link(parse(client.get("/startups/"))) == "/startups/"
    assert current_menu_link(parse(client.get("/home/"))) == "/home/"
    assert current_menu_link(parse(client.get("/applications/"))) == "/applications/"


def main_menu_links(page) -> list[str]:
    return [a.get("href") for a in page.findall(".//header//ul[@class='navbar-nav me-auto']//a")]


def test_two_people_with_different_roles_see_their_own_menus(client):
    founder(client)
    founders_menu = main_menu_links(parse(client.get("/home/")))
    client.force_login(UserFactory(language="en"))
    newcomers_menu = main_menu_links(parse(client.get("/home/")))
    assert ("/mentoring/" in founders_menu, "/mentoring/" in newcomers_menu) == (True, False)


def test_the_frame_follows_the_language(client):
    user = founder(client)
    english = parse(client.get("/home/"))
    user.language = "ko"
    user.save()
    korean = parse(client.get("/home/"))
    assert "Privacy policy" in footer_text(english)
    assert "개인정보처리방침" in footer_text(korean)
    assert "Privacy policy" not in footer_text(korean)
    english_menu = english.find(".//a[@href='/applications/']").text
    korean_menu = korean.find(".//a[@href='/applications/']").text
    assert (english_menu, korean_menu) == ("My applications", "내 지원서")


def test_the_footer_names_the_persons_own_zone(client):
    user = founder(client, user__time_zone="Asia/Seoul")
    assert "Korea Standard Time" in footer_text(parse(client.get("/home/")))
    user.time_zone = "America/New_York"
    user.save()
    assert "Eastern Time" in footer_text(parse(client.get("/home/")))


def test_visitors_and_signed_in_people_each_see_their_footer(client):
    invitation = "Sign in to see them in your own time zone."
    client.cookies["biohub_language"] = "en"
    assert invitation in footer_text(parse(client.get("/contact/")))
    founder(client)
    assert invitation not in footer_text(parse(client.get("/contact/")))


def test_an_edited_operator_record_shows_in_the_kept_footer_at_once(client):
    founder(client)
    assert "Hongneung Life Sciences" not in footer_text(parse(client.get("/home/")))
    identity = SiteIdentity.objects.get()
    identity.office_name_en = "Hongneung Life Sciences Office"
    identity.save()
    assert "Hongneung Life Sciences Office" in footer_text(parse(client.get("/home/")))


def test_the_copyright_year_turns_with_the_new_year_in_seoul(client):
    seoul = ZoneInfo("Asia/Seoul")
    with time_machine.travel(datetime(2026, 12, 31, 23, 59, tzinfo=seoul), tick=False):
        founder(client)
        before = footer_text(parse(client.get("/home/")))
    with time_machine.travel(datetime(2027, 1, 1, 0, 1, tzinfo=seoul), tick=False):
        after = footer_text(parse(client.get("/home/")))
    assert ("© 2026" in before, "© 2027" in after) == (True, True)


def test_a_swapped_setting_drops_the_kept_fragments(client, settings):
    founder(client)
    client.get("/home/")
    settings.STATIC_URL = "/assets/"
    assert 'href="/assets/css/site.css"' in client.get("/home/").content.decode()
