"""axe-core on every public page, the sign-up and sign-in pages, each step of the application
form, the signed-in pages that show links on tinted boxes and the admin's call form, in Korean
and in English: no serious or critical violation. Plus what axe does not check: the edge of a
check box or radio the page draws itself has 3:1 contrast with what is around it.

axe-core 4.14.1 is vendored in tests/e2e/vendor/ (MPL-2.0, see its LICENSE). It is run with
`page.evaluate`, which the DevTools protocol executes outside the page's Content Security
Policy, so the strict policy the pages send (scripts from 'self' only) stays on and is
part of what is tested. Pages are checked after load, at a desktop width and, for the calendar,
at a phone width too (the widget and the server-rendered month are different markup).
"""

from datetime import timedelta
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from playwright.sync_api import Page

from challenges import services
from challenges.models import ChallengeAttachment, ChallengeFAQ, ChallengeMilestone
from tests.e2e.test_application_flow import PHONE
from tests.factories import (
    MINIMAL_PDF,
    ChallengeFactory,
    CoachFactory,
    CompleteApplicationFactory,
    EventFactory,
    NotificationFactory,
    PartnerFactory,
    PartnerMemberFactory,
    StaffFactory,
    StartupMembershipFactory,
    UserFactory,
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
    "/partners/?q=no-such-partner",  # the "no match" box, with a link to clear the filters
    "/partners/office/?view=week",
    "/accounts/login/",
    "/accounts/signup/",
    "/accounts/password/reset/",
    "/privacy/",
    "/privacy/v/1/",
    "/terms/",
    "/accessibility/",
    "/contact/",
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


# WCAG 1.4.11, which axe does not test: a check box or radio drawn by the page (appearance: none,
# as Bootstrap's .form-check-input) needs 3:1 between its edge and the background around it.
FAINT_CONTROL_EDGES = """
() => {
  const rgba = (text) => (text.match(/[\\d.]+/g) || []).map(Number);
  const luminance = ([r, g, b]) => {
    const linear = (c) => (c /= 255) <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b);
  };
  const backgroundOf = (element) => {
    for (let node = element.parentElement; node; node = node.parentElement) {
      const colour = rgba(getComputedStyle(node).backgroundColor);
      if (colour.length === 3 || colour[3] === 1) return colour;
    }
    return [255, 255, 255];
  };
  const faint = [];
  for (const control of document.querySelectorAll("input[type=checkbox], input[type=radio]")) {
    const style = getComputedStyle(control);
    if (style.appearance !== "none" || control.getClientRects().length === 0) continue;
    const [a, b] = [luminance(rgba(style.borderTopColor)), luminance(backgroundOf(control))];
    const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
    if (ratio < 3) faint.push(`#${control.id || control.name}: ${ratio.toFixed(2)}:1`);
  }
  return faint;
}
"""


def sign_in_as(page: Page, base_url: str, user) -> None:
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": base_url}]
    )


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
    found += [f"faint edge (1.4.11): {edge}" for edge in page.evaluate(FAINT_CONTROL_EDGES)]
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
    sign_in_as(page, base_url, membership.user)
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


@pytest.mark.parametrize("language", LANGUAGES)
def test_links_on_tinted_boxes_of_signed_in_pages(page: Page, base_url, site, language):
    """Alerts and light panels that hold a link, each as the person who sees it."""
    coach = CoachFactory(user__language=language).user  # no weekly hours yet: a warning box
    without_startup = UserFactory(language=language)  # told to create a startup: an info box
    founder = StartupMembershipFactory(user__language=language).user
    notification = NotificationFactory(recipient=founder)  # its body links the invitation
    pages = [
        (coach, "/mentoring/"),
        (without_startup, f"/partners/{site['partner']}/"),
        (founder, f"/notifications/{notification.pk}/"),
        # the homes: a coach's task, a newcomer's and a founder's empty states
        (coach, "/home/"),
        (without_startup, "/home/"),
        (founder, "/home/"),
    ]
    problems = {}
    for user, path in pages:
        page.context.clear_cookies()
        sign_in_as(page, base_url, user)
        page.goto(path)
        assert page.locator("html").get_attribute("lang") == language
        if found := violations(page):
            problems[path] = found
    assert problems == {}, report(problems)


@pytest.mark.parametrize("language", LANGUAGES)
def test_call_page_start_page_and_receipt_pages(page: Page, base_url, language):
    """The call's page with attachments, contact and FAQ; the start page; a submitted
    application's page (answers, status tracker) and its confirmation."""
    challenge = ChallengeFactory(
        contact_name="김지원", contact_email="call@example.kr", contact_phone="02-1234-5678"
    )
    ChallengeFAQ.objects.create(
        challenge=challenge,
        question_ko="질문",
        question_en="Question",
        answer_ko="답",
        answer_en="A",
    )
    ChallengeMilestone.objects.create(
        challenge=challenge, kind="screening", starts_at=challenge.closes_at + timedelta(days=7)
    )
    ChallengeAttachment.objects.create(
        challenge=challenge,
        title_ko="공고문",
        title_en="Announcement",
        file=ContentFile(MINIMAL_PDF, name="call.pdf"),
        original_name="call.pdf",
        content_type="application/pdf",
        size=len(MINIMAL_PDF),
        sha256="0" * 64,
    )
    membership = StartupMembershipFactory(user__language=language)
    application = services.submit_application(
        CompleteApplicationFactory(startup=membership.startup, challenge=challenge),
        actor=membership.user,
    )
    newcomer = StartupMembershipFactory(user__language=language).user
    pages = [
        (None, f"/challenges/{challenge.slug}/"),
        (newcomer, f"/challenges/{challenge.slug}/apply/"),
        (membership.user, f"/applications/{application.pk}/"),
        (membership.user, f"/applications/{application.pk}/confirmation/"),
    ]
    problems = {}
    for user, path in pages:
        page.context.clear_cookies()
        in_language(page, base_url, language)
        if user is not None:
            sign_in_as(page, base_url, user)
        page.goto(path)
        assert page.locator("html").get_attribute("lang") == language
        if found := violations(page):
            problems[path] = found
    assert problems == {}, report(problems)


def test_admin_call_form(page: Page, base_url):
    """The admin's challenge (call) form, with a timeline row: the breadcrumbs, the date and
    time boxes and the tabular inline's inputs."""
    challenge = ChallengeFactory()
    ChallengeMilestone.objects.create(
        challenge=challenge, kind="deadline", starts_at=challenge.closes_at
    )
    sign_in_as(page, base_url, StaffFactory())
    problems = {}
    for path in ["/admin/", f"/admin/challenges/challenge/{challenge.pk}/change/"]:
        page.goto(path)
        if found := violations(page):
            problems[path] = found
    assert problems == {}, report(problems)
