"""axe-core on every public page, the sign-up and sign-in pages and each step of the
application form, in Korean and in English: no serious or critical violation.

axe-core 4.14.1 is vendored in tests/e2e/vendor/ (MPL-2.0, see its LICENSE). It is run with
`page.evaluate`, which the DevTools protocol executes outside the page's Content Security
Policy, so the strict policy the pages send (scripts from 'self' with a nonce) stays on and is
part of what is tested. Pages are checked after load, at a desktop width and, for the calendar,
at a phone width too (the widget and the server-rendered month are different markup).
"""

from pathlib import Path

import pytest
from django.test import Client
from playwright.sync_api import Page

from tests.e2e.test_application_flow import PHONE
from tests.factories import (
    ChallengeFactory,
    CompleteApplicationFactory,
    EventFactory,
    PartnerFactory,
    PartnerMemberFactory,
    StartupMembershipFactory,
)
from tests.partners.factories import RoomFactory

AXE = (Path(__file__).parent / "vendor/axe-core-4.14.1/axe.min.js").read_text()
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
BLOCKING = {"serious", "critical"}
LANGUAGES = ["ko", "en"]

# Public pages by path; {challenge}, {event}, {partner} are filled from the `site` fixture.
PUBLIC = [
    "/",
    "/challenges/",
    "/challenges/{challenge}/",
    "/events/",
    "/events/past/",
    "/events/{event}/",
    "/events/calendar/",
    "/partners/",
    "/partners/{partner}/",
    "/partners/office/?view=week",
    "/accounts/login/",
    "/accounts/signup/",
    "/accounts/password/reset/",
]
STEPS = ["team", "technology", "fit", "support", "documents", "consents", "review"]


@pytest.fixture
def site():
    challenge = ChallengeFactory()
    event = EventFactory()
    partner = PartnerFactory()
    PartnerMemberFactory(partner=partner)
    RoomFactory()
    return {"challenge": challenge.slug, "event": event.slug, "partner": partner.slug}


def violations(page: Page) -> list[str]:
    page.evaluate(AXE)
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", TAGS
    )
    found = []
    for violation in result["violations"]:
        if violation["impact"] in BLOCKING:
            targets = [", ".join(node["target"]) for node in violation["nodes"][:5]]
            found.append(
                f"{violation['id']} ({violation['impact']}): {violation['help']} {targets}"
            )
    return found


def report(problems: dict) -> str:
    return "\n".join(f"{where}: {line}" for where, lines in problems.items() for line in lines)


def in_language(page: Page, base_url: str, language: str) -> None:
    page.context.add_cookies([{"name": "biohub_language", "value": language, "url": base_url}])


@pytest.mark.parametrize("language", LANGUAGES)
def test_public_pages_have_no_serious_violations(page: Page, base_url, site, language):
    in_language(page, base_url, language)
    problems = {}
    for path in PUBLIC:
        page.goto(path.format(**site))
        assert page.locator("html").get_attribute("lang") == language
        found = violations(page)
        if found:
            problems[path] = found
    page.set_viewport_size(PHONE)
    page.goto("/events/calendar/")
    if found := violations(page):
        problems["/events/calendar/ (phone)"] = found
    assert problems == {}, report(problems)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_step_of_the_application_form(page: Page, base_url, language):
    membership = StartupMembershipFactory(user__language=language)
    application = CompleteApplicationFactory(startup=membership.startup)
    client = Client()
    client.force_login(membership.user)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": base_url}]
    )
    problems = {}
    for step in STEPS:
        page.goto(f"/applications/{application.pk}/steps/{step}/")
        assert page.locator("html").get_attribute("lang") == language
        if found := violations(page):
            problems[step] = found
    page.goto(f"/applications/{application.pk}/")
    if found := violations(page):
        problems["detail"] = found
    assert problems == {}, report(problems)
