"""The programme dashboard in the browser: ECharts draws SVG charts under the strict CSP, and
axe-core finds no serious or critical violation, in Korean and in English, for staff (the
admin's index) and for a funding partner (/funders/)."""

import pytest
from playwright.sync_api import Page

from tests.e2e.test_accessibility import in_language, report, sign_in_as, violations
from tests.factories import (
    ChallengeFactory,
    CompleteApplicationFactory,
    EventFactory,
    PartnerFactory,
    PartnerMemberFactory,
    RegistrationFactory,
    StaffFactory,
)


@pytest.fixture
def data():
    challenge = ChallengeFactory()
    for status in ["submitted", "selected", "not_selected"]:
        application = CompleteApplicationFactory(challenge=challenge, status=status)
        application.submitted_at = application.created_at
        application.save(update_fields=["submitted_at"])
    RegistrationFactory(event=EventFactory())
    return challenge


@pytest.mark.parametrize("language", ["ko", "en"])
def test_dashboard_charts_render_and_pass_axe(page: Page, base_url, data, language):
    staff = StaffFactory(language=language)
    funder = PartnerMemberFactory(
        partner=PartnerFactory(is_programme_founder=True), user__language=language
    ).user
    errors = []
    page.on(
        "console", lambda message: errors.append(message.text) if message.type == "error" else None
    )
    problems = {}
    for user, path in [
        (staff, "/admin/"),
        (staff, f"/admin/?call={data.pk}"),
        (funder, "/funders/"),
    ]:
        page.context.clear_cookies()
        in_language(page, base_url, language)
        sign_in_as(page, base_url, user)
        page.goto(path)
        assert page.locator("html").get_attribute("lang") == language
        page.wait_for_selector('[data-chart="funnel"] svg')
        assert page.locator('[data-chart="funnel"]').get_attribute("role") == "img"
        if found := violations(page):
            problems[path] = found
    assert problems == {}, report(problems)
    assert [e for e in errors if "Content Security Policy" in e] == []
