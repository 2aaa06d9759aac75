"""A founder's whole way to a submitted application, in a real browser, in both languages.

Sign up, confirm the email, create the startup profile, fill every step, upload a PDF,
submit, then the confirmation page and the confirmation email.

The Korean run is the site's default visitor on a 360 px phone; the Korean catalogue may lag
behind new strings, so it finds things by URL, input name and form structure, never by
translated text, and it checks that no page scrolls sideways. The English run (the header's
language switch, on a desktop-wide window) finds buttons and links by their accessible names.

Set E2E_SCREENSHOT_DIR=/some/dir to keep a full-page screenshot of every page of the flow.
"""

import os
import re
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.core import mail
from django.utils import timezone, translation
from django.utils.translation import gettext
from playwright.sync_api import Page, expect

from accounts.models import User
from challenges import consents
from challenges.models import Application, ApplicationStatus
from notifications.models import Notification, NotificationStatus
from tests.e2e.test_accounts import CONFIRMATION_LINK
from tests.factories import ChallengeFactory, TherapeuticAreaFactory

PHONE = {"width": 360, "height": 800}
SCREENSHOT_DIR = os.environ.get("E2E_SCREENSHOT_DIR", "")
# The smallest file core.uploads accepts as a PDF: the magic bytes and an end-of-file marker.
TINY_PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PASSWORD = "grow-biotech-in-hongneung"

FOUNDERS = {
    "ko": {"name": "김민지", "email": "minji@example.kr", "pdf": "홍릉테라퓨틱스-피치덱.pdf"},
    "en": {"name": "Kim Min-ji", "email": "minji.kim@example.kr", "pdf": "pitch-deck.pdf"},
}


@pytest.fixture
def open_call():
    # Seeded by a data migration, but a transactional test empties every table when it ends.
    oncology = TherapeuticAreaFactory(slug="oncology", name_ko="종양", name_en="Oncology")
    return ChallengeFactory(
        slug="bms-oncology-2026",
        title_ko="BMS 항암 오픈이노베이션 챌린지 2026",
        title_en="BMS Oncology Open Innovation Challenge 2026",
        summary_ko="서울의 항암 신약 스타트업을 찾습니다.",
        summary_en="For Seoul startups developing cancer medicines.",
        opens_at=timezone.now() - timedelta(days=1),
        closes_at=timezone.now() + timedelta(days=10),
        max_grant_amount=50_000_000,
        number_of_awards=3,
        total_budget=150_000_000,
        is_published=True,
        areas=[oncology],
    )


class Flow:
    """The page plus the run's language: English by accessible name, Korean by structure."""

    def __init__(self, page: Page, language: str, tmp_path: Path):
        self.page = page
        self.language = language
        self.phone = language == "ko"
        self.screenshots = Path(SCREENSHOT_DIR) if SCREENSHOT_DIR else None
        self.tmp_path = tmp_path

    def control(self, role: str, english: str, css: str):
        """A button or link in <main>: by role and name in English, by `css` in Korean."""
        main = self.page.get_by_role("main")
        if self.language == "en":
            return main.get_by_role(role, name=english, exact=True)
        return main.locator(css)

    def heading(self, english: str):
        if self.language == "en":
            expect(self.page.get_by_role("heading", level=1)).to_have_text(english)
        else:
            expect(self.page.get_by_role("heading", level=1)).to_be_visible()

    def checkpoint(self, name: str) -> None:
        """Every page of the flow: in the run's language, labelled controls, and on a phone
        nothing wider than the screen."""
        expect(self.page.locator("html")).to_have_attribute("lang", self.language)
        controls = self.page.locator(
            "main input:not([type=hidden]):visible, main select:visible, main textarea:visible"
        )
        for index in range(controls.count()):
            expect(controls.nth(index)).to_have_accessible_name(re.compile(r"\S"))
        if self.screenshots is not None:
            self.screenshots.mkdir(parents=True, exist_ok=True)
            self.page.screenshot(
                path=self.screenshots / f"{self.language}-{name}.png", full_page=True
            )
        if self.phone:
            width = self.page.evaluate("document.documentElement.scrollWidth")
            assert width <= PHONE["width"], (
                f"{name} ({self.page.url}) is {width}px wide; too wide: {self.too_wide()}"
            )

    def too_wide(self) -> list[str]:
        return self.page.evaluate(
            """() => [...document.querySelectorAll("body *")]
                .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)
                .slice(0, 5)
                .map(e => e.tagName.toLowerCase() + (e.id ? "#" + e.id : "")
                     + (typeof e.className === "string" && e.className.trim()
                        ? "." + e.className.trim().split(/\\s+/).join(".") : ""))"""
        )

    def save_and_continue(self, css: str = "button[name=go][value=next]") -> None:
        self.control("button", "Save and continue", css).click()


def sign_up_from_the_call(flow: Flow, challenge, founder: dict, live_server) -> None:
    """Apply while signed out → sign in page → sign up → confirm the email → signed in."""
    page = flow.page
    page.goto("/challenges/")
    flow.checkpoint("01-challenge-list")
    page.get_by_role("main").locator(f"a[href='{challenge.get_absolute_url()}']").first.click()
    expect(page).to_have_url(re.compile(re.escape(challenge.get_absolute_url()) + "$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        challenge.title_en if flow.language == "en" else challenge.title_ko
    )
    flow.checkpoint("02-challenge")
    apply_url = f"/challenges/{challenge.slug}/apply/"
    flow.control("link", "Apply", f"a[href='{apply_url}']").click()

    expect(page).to_have_url(re.compile(r"/accounts/login/\?next="))
    flow.checkpoint("03-sign-in")
    flow.control("link", "sign up", "a[href^='/accounts/signup/']").click()

    expect(page).to_have_url(re.compile(r"/accounts/signup/"))
    flow.heading("Sign Up")
    flow.checkpoint("04-sign-up")
    page.locator("input[name=name]").fill(founder["name"])
    page.locator("input[name=email]").fill(founder["email"])
    page.locator("input[name=password1]").fill(PASSWORD)
    page.locator("input[name=password2]").fill(PASSWORD)
    page.locator("input[name=consent_collection]").check()
    flow.control("button", "Sign Up", "form button[type=submit]").click()

    flow.heading("Verify Your Email Address")
    flow.checkpoint("05-verify-email")
    # The live server runs in this process, so the email it sent is in the locmem outbox.
    assert [m.to for m in mail.outbox] == [[founder["email"]]]
    link = urlsplit(CONFIRMATION_LINK.search(mail.outbox[0].body).group(0))
    assert link.netloc == urlsplit(settings.SITE_URL).netloc  # never the request's Host
    page.goto(link.path)
    flow.heading("Confirm Email Address")
    flow.checkpoint("06-confirm-email")
    flow.control("button", "Confirm", "form button[type=submit]").click()


def create_startup(flow: Flow, oncology_pk: int) -> None:
    page = flow.page
    flow.heading("Create a startup profile")
    flow.checkpoint("07-startup-form")
    page.locator("input[name=kind][value=company]").check()
    page.locator("input[name=name]").fill("홍릉테라퓨틱스")
    page.locator("input[name=name_en]").fill("Hongneung Therapeutics")
    page.locator("input[name=business_number]").fill("220-81-62517")
    founded = timezone.localdate() - timedelta(days=2 * 365)
    page.locator("input[name=founded_on]").fill(founded.isoformat())
    page.locator("select[name=district]").select_option("동대문구")
    page.locator("input[name=address]").fill("서울특별시 동대문구 회기로 117")
    page.locator("input[name=website]").fill("https://hongneung-tx.example.kr")
    page.locator(f"input[name=therapeutic_areas][value='{oncology_pk}']").check()
    flow.control("button", "Save", "form button[type=submit]").click()


def fill_every_step(flow: Flow, application_pk: int, oncology_pk: int, founder: dict) -> None:
    page = flow.page
    step_url = f"/applications/{application_pk}/steps/"

    expect(page).to_have_url(re.compile(re.escape(step_url + "team/") + "$"))
    flow.heading("Startup and team")
    flow.checkpoint("09-team")
    page.locator("textarea[name=team_summary]").fill(
        "서울대 약학대학 출신 공동창업자 2명, 항체 공학 10년 경력.\nCSO는 전 제약사 임상 개발 담당."
    )
    page.locator("input[name=team_size]").fill("4")
    flow.save_and_continue()

    expect(page).to_have_url(re.compile(re.escape(step_url + "technology/") + "$"))
    flow.heading("Technology")
    page.locator("select[name=therapeutic_area]").select_option(str(oncology_pk))
    page.locator("select[name=modality]").select_option("antibody")
    page.locator("select[name=development_stage]").select_option("preclinical")
    page.locator("input[name=target_indication]").fill("CD47 / 급성 골수성 백혈병 (AML)")
    page.locator("textarea[name=technology_summary]").fill(
        "CD47과 CD33을 동시에 겨냥하는 이중항체로 적혈구 독성을 줄였습니다."
    )
    page.locator("textarea[name=unmet_need]").fill(
        "재발성 AML 환자에게는 치료 선택지가 거의 없습니다."
    )
    # The eligibility panel follows the chosen area (htmx) and shows every rule passing.
    expect(page.locator("#eligibility-live .badge.text-bg-success")).to_be_visible()
    if flow.language == "en":
        expect(page.locator("#eligibility-live .badge")).to_have_text("Eligible")
    flow.checkpoint("10-technology")
    flow.save_and_continue()

    expect(page).to_have_url(re.compile(re.escape(step_url + "fit/") + "$"))
    flow.heading("Fit with BMS")
    flow.checkpoint("11-fit")
    page.locator("textarea[name=bms_fit]").fill(
        "BMS의 혈액암 파이프라인과 보완적이며, 항체 개발 전문가의 코칭을 기대합니다."
    )
    flow.save_and_continue()

    expect(page).to_have_url(re.compile(re.escape(step_url + "support/") + "$"))
    flow.heading("Support and grant")
    expect(page.locator("input[name=wants_grant]")).to_be_checked()
    expect(page.locator("input[name=wants_coaching]")).to_be_checked()
    page.locator("input[name=wants_networking]").check()
    page.locator("input[name=requested_grant_amount]").fill("30000000")
    page.locator("textarea[name=grant_use_plan]").fill("동물 모델 효능 시험과 CMC 공정 개발.")
    flow.checkpoint("12-support")
    flow.save_and_continue()

    expect(page).to_have_url(re.compile(re.escape(step_url + "documents/") + "$"))
    flow.heading("Documents")
    flow.checkpoint("13-documents")
    pdf = flow.tmp_path / founder["pdf"]
    pdf.write_bytes(TINY_PDF)
    page.locator("select[name=kind]").select_option("pitch_deck")
    page.locator("input[name=file]").set_input_files(pdf)
    flow.control("button", "Upload", "button[name=go][value=upload]").click()

    expect(page).to_have_url(re.compile(re.escape(step_url + "documents/") + "$"))
    uploaded = page.get_by_role("main").get_by_role("table").get_by_role("row")
    # The header row and the pitch deck, linked by its original (NFC) name.
    expect(uploaded).to_have_count(2)
    expect(uploaded.nth(1).get_by_role("link")).to_have_text(founder["pdf"])
    if flow.language == "en":
        expect(page.get_by_role("status")).to_have_text("The document has been uploaded.")
    flow.checkpoint("14-documents-uploaded")
    # The step list links to every step too; this is the page's primary action, a button of
    # the upload form (a file chosen but not uploaded would go up with it).
    flow.control("button", "Continue", "button[name=go][value=next]").click()

    expect(page).to_have_url(re.compile(re.escape(step_url + "consents/") + "$"))
    flow.heading("Consents")
    page.locator("input[name=collection]").check()
    page.locator("input[name=third_party]").check()
    flow.checkpoint("15-consents")
    # The consents form has the one button: there is no saving for later.
    flow.save_and_continue("form button[type=submit]")


def submit_from_review(flow: Flow, application_pk: int) -> None:
    page = flow.page
    expect(page).to_have_url(
        re.compile(re.escape(f"/applications/{application_pk}/steps/review/") + "$")
    )
    flow.heading("Check and submit")
    # Nothing is missing and every eligibility rule passes.
    expect(page.locator("#missing-title")).to_have_count(0)
    expect(page.locator("#eligibility-title .badge.text-bg-success")).to_be_visible()
    if flow.language == "en":
        expect(page.locator("#eligibility-title .badge")).to_have_text("Eligible")
    flow.checkpoint("16-review")
    flow.control(
        "button", "Submit the application", f"form[action$='/{application_pk}/submit/'] button"
    ).click()


@pytest.mark.parametrize("language", ["ko", "en"])
def test_founder_applies_from_sign_up_to_confirmation_email(
    page: Page, live_server, settings, tmp_path, open_call, language
):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    page.set_default_timeout(10_000)
    flow = Flow(page, language, tmp_path)
    founder = FOUNDERS[language]
    oncology = open_call.therapeutic_areas.get()
    if flow.phone:
        page.set_viewport_size(PHONE)
    else:
        page.goto("/")
        page.get_by_role("link", name="English", exact=True).click()
        expect(page.locator("html")).to_have_attribute("lang", "en")

    sign_up_from_the_call(flow, open_call, founder, live_server)

    # Signed in by the confirmation, back on the way to apply: first the startup profile.
    expect(page).to_have_url(
        re.compile(re.escape(f"/startups/new/?next=/challenges/{open_call.slug}/apply/") + "$")
    )
    user = User.objects.get(email=founder["email"])
    assert (user.name, user.language, user.emailaddress_set.get().verified) == (
        founder["name"],
        language,
        True,
    )
    create_startup(flow, oncology.pk)

    expect(page).to_have_url(re.compile(re.escape(f"/challenges/{open_call.slug}/apply/") + "$"))
    flow.heading("Apply to this challenge")
    flow.checkpoint("08-apply-start")
    flow.control("button", "Start the application", "form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/applications/\d+/steps/team/$"))
    application = Application.objects.get()
    assert (application.challenge, application.startup.name, application.created_by) == (
        open_call,
        "홍릉테라퓨틱스",
        user,
    )

    fill_every_step(flow, application.pk, oncology.pk, founder)
    submit_from_review(flow, application.pk)

    expect(page).to_have_url(
        re.compile(re.escape(f"/applications/{application.pk}/confirmation/") + "$")
    )
    confirmation = page.get_by_role("main").get_by_role("status")
    if language == "en":
        expect(confirmation.get_by_role("heading", level=1)).to_have_text("Application submitted")
        expect(confirmation).to_contain_text(
            f"Hongneung Therapeutics applied to {open_call.title_en} on "
        )
    else:
        expect(confirmation.get_by_role("heading", level=1)).to_be_visible()
        expect(confirmation).to_contain_text(open_call.title_ko)
    flow.checkpoint("17-confirmation")

    application.refresh_from_db()
    assert (application.status, application.eligibility_passed) == (
        ApplicationStatus.SUBMITTED,
        True,
    )
    snapshot = application.eligibility_snapshot
    assert (snapshot["passed"], [(r["code"], r["passed"]) for r in snapshot["rules"]]) == (
        True,
        [
            ("seoul_based", True),
            ("company_age", True),
            ("business_number", True),
            ("therapeutic_area", True),
        ],
    )
    assert (
        application.consent_collection_version,
        application.consent_third_party_version,
        application.consent_collection_at is not None,
        application.consent_third_party_at is not None,
    ) == (consents.VERSION, consents.VERSION, True, True)
    assert (
        application.therapeutic_area,
        application.modality,
        application.development_stage,
        application.team_size,
        application.wants_networking,
        application.requested_grant_amount,
    ) == (oncology, "antibody", "preclinical", 4, True, 30_000_000)
    assert list(application.documents.values_list("kind", "original_name", "size")) == [
        ("pitch_deck", founder["pdf"], len(TINY_PDF))
    ]

    notifications = Notification.objects.filter(
        recipient=user, kind="challenges.application_submitted"
    )
    assert [(n.status, n.language, n.email) for n in notifications] == [
        (NotificationStatus.SENT, language, founder["email"])
    ]
    number = application.reference_number
    assert number.startswith("SBH-")
    if language == "en":
        expected_subject = f"Application received ({number}): {open_call.title_en}"
    else:
        # Whatever the Korean catalogue says (or not yet), with the Korean title.
        with translation.override("ko"):
            expected_subject = gettext("Application received (%(number)s): %(title)s") % {
                "number": number,
                "title": open_call.title_ko,
            }
    kinds = [m.extra_headers["X-BioHub-Notification"].split(":")[0] for m in mail.outbox]
    assert kinds == ["account.email_confirmation_signup", "challenges.application_submitted"]
    submitted_email = mail.outbox[1]
    assert (submitted_email.to, submitted_email.subject) == ([founder["email"]], expected_subject)
    # The email ends with the link back to the application.
    assert submitted_email.body.splitlines()[-1].endswith(
        f"{settings.SITE_URL}/applications/{application.pk}/"
    )
