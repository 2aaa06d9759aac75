"""The documents step in a real browser: a file chosen and then "계속" (Continue) pressed,
without pressing "업로드" (Upload), is uploaded, not silently dropped."""

import re

from playwright.sync_api import Page, expect

from challenges.models import ApplicationDocument
from tests.e2e.test_accounts import sign_in
from tests.factories import MINIMAL_PDF, ApplicationFactory, StartupMembershipFactory


def test_a_chosen_file_goes_up_when_the_founder_presses_continue(page: Page, tmp_path):
    application = ApplicationFactory()
    founder = StartupMembershipFactory(startup=application.startup, user__language="ko").user
    page.set_default_timeout(10_000)
    sign_in(page, founder.email)
    step_url = f"/applications/{application.pk}/steps/"
    page.goto(step_url + "documents/")
    # The formats are named before a file is picked.
    expect(page.get_by_text(re.compile(r"PDF, PPTX, DOCX"))).to_be_visible()

    deck = tmp_path / "회사소개서.pdf"
    deck.write_bytes(MINIMAL_PDF)
    page.get_by_label("파일").set_input_files(deck)
    page.get_by_role("button", name="계속", exact=True).click()

    expect(page).to_have_url(re.compile(re.escape(step_url + "consents/") + "$"))
    assert list(
        ApplicationDocument.objects.filter(application=application).values_list(
            "kind", "original_name"
        )
    ) == [("pitch_deck", "회사소개서.pdf")]
