"""The admin in the browser at a laptop's width: the call's edit page (with its rubric, milestones
and FAQ inlines) fits 1280 px without a horizontal scroll bar, in Korean and in English."""

import os

import pytest
from playwright.sync_api import Page

from challenges.models import ChallengeMilestone
from challenges.services import add_default_rubric
from tests.e2e.test_accessibility import in_language, sign_in_as
from tests.factories import ChallengeFactory, StaffFactory

LAPTOP = {"width": 1280, "height": 800}
SCREENSHOT_DIR = os.environ.get("E2E_SCREENSHOT_DIR", "")


@pytest.mark.parametrize("language", ["ko", "en"])
def test_call_change_page_fits_1280_px(page: Page, base_url, language):
    challenge = ChallengeFactory()
    staff = StaffFactory(is_superuser=True, language=language)
    add_default_rubric(challenge, actor=staff)  # six criteria, with their guidance texts
    ChallengeMilestone.objects.create(
        challenge=challenge,
        kind=ChallengeMilestone._meta.get_field("kind").choices[0][0],
        starts_at=challenge.closes_at,
    )
    in_language(page, base_url, language)
    sign_in_as(page, base_url, staff)
    page.set_viewport_size(LAPTOP)
    page.goto(f"/admin/challenges/challenge/{challenge.pk}/change/")
    assert page.locator("html").get_attribute("lang") == language
    assert page.locator("#criteria-group").count() == 1
    if SCREENSHOT_DIR:
        page.screenshot(path=f"{SCREENSHOT_DIR}/call-change-{language}.png", full_page=True)
    widest = page.evaluate(
        """() => [...document.querySelectorAll('body *')]
            .filter(e => e.getBoundingClientRect().right > 1280)
            .slice(0, 5).map(e => e.tagName + '#' + e.id + '.' + e.className)"""
    )
    width = page.evaluate("document.scrollingElement.scrollWidth")
    assert (width, widest) == (1280, [])
