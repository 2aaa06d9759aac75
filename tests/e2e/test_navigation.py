"""The site header for a signed-in founder, at every width from a small phone to a wide desktop,
in Korean and in English: no menu item breaks inside a word ("Ho/me", "한/국/어"), nothing
scrolls sideways, and the link of the section being viewed says so with aria-current.
"""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.test_accounts import sign_in
from tests.factories import NotificationFactory, StartupMembershipFactory

WIDTHS = [320, 360, 768, 991, 992, 1024, 1100, 1200, 1280, 1366, 1440, 1600, 1920]
HEIGHT = 900

# For each word of each visible menu item, the line boxes it occupies: a word whose pieces sit
# on more than one line has been broken inside it.
WORDS_BROKEN_ACROSS_LINES = """
() => {
  const items = document.querySelectorAll(
    ".site-header .navbar-brand, .site-header .nav-link, .site-header form button"
  );
  const broken = [];
  for (const item of items) {
    if (item.getClientRects().length === 0) continue;  // folded away
    const walker = document.createTreeWalker(item, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (const match of node.data.matchAll(/\\S+/g)) {
        const range = document.createRange();
        range.setStart(node, match.index);
        range.setEnd(node, match.index + match[0].length);
        const lines = new Set(
          [...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.bottom))
        );
        if (lines.size > 1) broken.push(`"${item.textContent.trim()}": ${match[0]}`);
      }
    }
  }
  return broken;
}
"""
SIDEWAYS_SCROLL = "() => document.documentElement.scrollWidth - window.innerWidth"


def founder(language: str = "ko"):
    membership = StartupMembershipFactory(user__name="김서연 Seoyeon Kim", user__language=language)
    NotificationFactory(recipient=membership.user)  # the unread badge widens the header
    return membership.user


def open_menu_if_folded(page: Page) -> None:
    toggler = page.locator(".navbar-toggler")
    if toggler.is_visible() and toggler.get_attribute("aria-expanded") != "true":
        toggler.click()
        expect(page.locator("#site-nav")).to_have_class(re.compile(r"(^|\s)show(\s|$)"))


@pytest.mark.parametrize("language", ["ko", "en"])
def test_menu_items_never_break_inside_a_word(page: Page, language):
    page.set_viewport_size({"width": 1280, "height": HEIGHT})
    sign_in(page, founder(language).email)
    problems = {}
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": HEIGHT})
        page.goto("/challenges/")
        open_menu_if_folded(page)
        broken = page.evaluate(WORDS_BROKEN_ACROSS_LINES)
        overflow = page.evaluate(SIDEWAYS_SCROLL)
        if broken or overflow > 0:
            problems[width] = {"broken words": broken, "scrolls sideways by": overflow}
    assert problems == {}, "\n".join(f"{width} px: {found}" for width, found in problems.items())


# page -> the menu link that must carry aria-current="page" (None: no menu section)
SECTIONS = {
    "/home/": "/home/",
    "/": None,  # the visitors' page: signed-in people's menu starts at their tasks
    "/challenges/": "/challenges/",
    "/events/calendar/": "/events/",
    "/partners/": "/partners/",
    "/partners/office/": "/partners/office/",
    "/applications/": "/applications/",
    "/mentoring/": "/mentoring/",
    "/startups/": "/startups/",
    "/notifications/": "/notifications/",
    "/profile/": None,
}


def test_the_current_section_is_marked_with_aria_current(page: Page):
    page.set_viewport_size({"width": 1280, "height": HEIGHT})
    sign_in(page, founder().email)
    marked = {}
    for path in SECTIONS:
        page.goto(path)
        links = page.locator('.site-header a[aria-current="page"]')
        marked[path] = (
            links.first.get_attribute("href") if links.count() == 1 else links.count() or None
        )
    assert marked == SECTIONS
