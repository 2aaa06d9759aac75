"""Review and selection in a real browser, from a reviewer's score to the founder's result.

Three people, each in their own browser context: a reviewer scores the application on a
360 px phone, programme staff (password and TOTP) shortlist, select and publish in the admin,
and the founder reads "Selected" on their application page, and only once results are out.

Everyone's profile says English, so signing in switches the site and the admin to English and
the test finds things by their accessible names. Set E2E_SCREENSHOT_DIR=/some/dir to keep a
full-page screenshot of every reviewer page.
"""

import os
import re
import time
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import pytest
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value
from django.core import mail
from django.utils import timezone
from playwright.sync_api import Page, expect

from accounts.models import User
from challenges import services
from challenges.models import (
    Application,
    ApplicationStatus,
    Challenge,
    Review,
    ReviewAssignment,
    ReviewerAgreement,
)
from notifications.models import Notification, NotificationStatus
from tests.e2e.test_accounts import sign_in
from tests.e2e.test_application_flow import PHONE
from tests.factories import (
    PASSWORD,
    ChallengeFactory,
    CompleteApplicationFactory,
    ReviewerFactory,
    StaffFactory,
    StartupMembershipFactory,
    UserFactory,
)

SCREENSHOT_DIR = os.environ.get("E2E_SCREENSHOT_DIR", "")
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
STARTUP = "홍릉테라퓨틱스"
# The default rubric's criteria (English names) and what the reviewer gives each.
SCORES = {
    "Scientific merit": "5",
    "Innovation": "4",
    "Unmet medical need": "5",
    "Team": "4",
    "Commercial potential": "n/a",
    "Fit with BMS's areas": "5",
}


def criterion_group(name: str) -> re.Pattern:
    """A criterion's group of points: its legend also gives the weight ("Team weight 2")."""
    return re.compile(rf"^{re.escape(name)} weight \d+$")


def point(score: str) -> re.Pattern:
    """A point of the scale by its number (its label also carries the word: "5 Excellent")."""
    if not score.isdigit():
        return re.compile(r"^n\/a$")  # Playwright's selector needs the slash escaped
    return re.compile(rf"^{score}(\s|$)")


NOT_APPLICABLE_COMMENT = "No patent filed yet: cannot be judged from the application."


@dataclass
class Cast:
    challenge: Challenge
    application: Application
    assignment: ReviewAssignment
    founder: User
    reviewer: User
    staff: User


@pytest.fixture
def cast() -> Cast:
    """A call with the default rubric and one application under review, with a reviewer."""
    challenge = ChallengeFactory(
        slug="bms-oncology-2026",
        title_ko="BMS 항암 오픈이노베이션 챌린지 2026",
        title_en="BMS Oncology Open Innovation Challenge 2026",
        opens_at=timezone.now() - timedelta(days=40),
        closes_at=timezone.now() - timedelta(days=10),
    )
    staff = StaffFactory(name="Park Un-yeong", language="en", mfa=False)
    TOTP.activate(staff, TOTP_SECRET)
    services.add_default_rubric(challenge, actor=staff)
    founder = UserFactory(name="Kim Min-ji", language="en")
    membership = StartupMembershipFactory(user=founder, startup__name=STARTUP)
    application = CompleteApplicationFactory(
        challenge=challenge,
        startup=membership.startup,
        created_by=founder,
        status=ApplicationStatus.UNDER_REVIEW,
        submitted_at=timezone.now() - timedelta(days=12),
        eligibility_passed=True,
    )
    reviewer = ReviewerFactory(name="Lee Sim-sa", language="en")
    assignment = services.assign_reviewer(
        application, reviewer=reviewer, actor=staff, due_at=timezone.now() + timedelta(days=7)
    )
    return Cast(challenge, application, assignment, founder, reviewer, staff)


def sign_in_in_english(page: Page, user: User) -> None:
    """The shared sign-in helper, then the profile's language takes over from ko-KR."""
    page.set_default_timeout(10_000)
    sign_in(page, user.email)
    expect(page.locator("html")).to_have_attribute("lang", "en")


def totp_now() -> str:
    # A code typed in the last second of its window could reach the server in the next one.
    if 30 - time.time() % 30 < 2:
        time.sleep(2)
    return format_hotp_value(hotp_value(TOTP_SECRET, int(time.time()) // 30))


def sign_in_to_the_admin(page: Page, staff: User) -> None:
    page.set_default_timeout(10_000)
    page.goto("/admin/")
    # The admin has no login form of its own: allauth's, then its second step.
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next="))
    page.locator("input[name=login]").fill(staff.email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("input[name=password]").press("Enter")
    # Still the browser's Korean: the profile's language applies once both steps pass.
    expect(page).to_have_url(re.compile(r"/accounts/2fa/authenticate/$"))
    page.locator("input[name=code]").fill(totp_now())
    page.locator("input[name=code]").press("Enter")
    expect(page).to_have_url(re.compile(r"/admin/$"))
    expect(page.locator("html")).to_have_attribute("lang", "en")


def reviewer_checkpoint(page: Page, name: str) -> None:
    """Every reviewer page: English, every control labelled, nothing wider than the phone."""
    expect(page.locator("html")).to_have_attribute("lang", "en")
    controls = page.locator(
        "main input:not([type=hidden]):visible, main select:visible, main textarea:visible"
    )
    for index in range(controls.count()):
        expect(controls.nth(index)).to_have_accessible_name(re.compile(r"\S"))
    if SCREENSHOT_DIR:
        Path(SCREENSHOT_DIR).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=Path(SCREENSHOT_DIR) / f"review-{name}.png", full_page=True)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{name} ({page.url}) is {width}px wide"


def queue_row(page: Page):
    return page.get_by_role("main").get_by_role("row").filter(has_text=STARTUP)


def review_on_a_phone(page: Page, cast: Cast) -> None:
    """Queue → confidentiality terms → no conflict → scores, a draft, then the submission."""
    review_url = f"/review/{cast.assignment.pk}/"
    page.set_viewport_size(PHONE)
    page.goto("/review/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Your reviews")
    expect(queue_row(page).get_by_role("cell").last).to_have_text("Not started")
    reviewer_checkpoint(page, "1-queue")
    queue_row(page).get_by_role("link", name=STARTUP, exact=True).click()

    expect(page).to_have_url(re.compile(re.escape(review_url) + "$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Confidentiality terms")
    reviewer_checkpoint(page, "2-terms")
    page.get_by_role("button", name="I accept the confidentiality terms").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Conflict of interest")
    reviewer_checkpoint(page, "3-conflict")
    page.get_by_role("button", name="I have no conflict of interest — open the application").click()

    expect(page).to_have_url(re.compile(re.escape(review_url) + "$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(STARTUP)
    reviewer_checkpoint(page, "4-scoring")
    for criterion, score in SCORES.items():
        page.get_by_role("group", name=criterion_group(criterion)).get_by_role(
            "radio", name=point(score)
        ).check()
    page.get_by_label("Comment on Commercial potential").fill(NOT_APPLICABLE_COMMENT)
    page.get_by_role("button", name="Save draft").click()

    # The draft comes back as it was left.
    expect(page.get_by_role("status")).to_have_text("Your draft has been saved.")
    for criterion, score in SCORES.items():
        expect(
            page.get_by_role("group", name=criterion_group(criterion)).get_by_role(
                "radio", name=point(score)
            )
        ).to_be_checked()
    expect(page.get_by_label("Comment on Commercial potential")).to_have_value(
        NOT_APPLICABLE_COMMENT
    )
    page.get_by_label("Overall recommendation").select_option(label="Strongly recommend")
    page.get_by_label("Overall comment").fill("Strong preclinical data; a clear BMS fit.")
    reviewer_checkpoint(page, "5-scored")
    page.get_by_role("button", name="Check and submit").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Check your review before you submit it"
    )
    page.get_by_role("button", name="Submit and lock the review").click()

    expect(page).to_have_url(re.compile(r"/review/$"))
    expect(page.get_by_role("status")).to_have_text("Your review has been submitted. Thank you.")
    expect(queue_row(page).get_by_role("cell").last).to_have_text("Submitted")
    reviewer_checkpoint(page, "6-queue-submitted")


def run_admin_action(page: Page, changelist: str, pk: int, action: str) -> None:
    """Tick one row of an admin changelist, choose the action, press Go."""
    page.goto(changelist)
    page.locator(f"input[name=_selected_action][value='{pk}']").check()
    page.get_by_label("Action:").select_option(label=action)
    page.get_by_role("button", name="Go", exact=True).click()


def admin_message(page: Page):
    return page.locator("ul.messagelist li")


def founder_status(page: Page, application: Application):
    page.goto(f"/applications/{application.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(application.challenge.title_en)
    return page.locator("main p.lead strong")


def test_reviewer_scores_staff_select_and_publish_founder_sees_selected(
    new_context, settings, cast: Cast
):
    founder_page = new_context().new_page()
    sign_in_in_english(founder_page, cast.founder)
    expect(founder_status(founder_page, cast.application)).to_have_text("Under review")

    # 1. The reviewer, on a phone.
    reviewer_page = new_context().new_page()
    sign_in_in_english(reviewer_page, cast.reviewer)
    review_on_a_phone(reviewer_page, cast)

    review = Review.objects.get(assignment=cast.assignment)
    assert (
        review.submitted_at is not None,
        review.recommendation,
        review.weighted_score,
    ) == (True, "strong_yes", (5 * 3 + 4 * 2 + 5 * 2 + 4 * 2 + 5 * 1) / (3 + 2 + 2 + 2 + 1))
    scores = {s.criterion.name_en: (s.value, s.comment) for s in review.scores.all()}
    assert scores == {
        "Scientific merit": (5, ""),
        "Innovation": (4, ""),
        "Unmet medical need": (5, ""),
        "Team": (4, ""),
        # n/a is no value, not a zero.
        "Commercial potential": (None, NOT_APPLICABLE_COMMENT),
        "Fit with BMS's areas": (5, ""),
    }
    assert ReviewerAgreement.objects.filter(reviewer=cast.reviewer).count() == 1
    cast.assignment.refresh_from_db()
    assert cast.assignment.no_conflict_confirmed_at is not None

    # 2. Staff decide in the admin, look at the ranking, then publish.
    staff_page = new_context().new_page()
    sign_in_to_the_admin(staff_page, cast.staff)
    applications = "/admin/challenges/application/"
    run_admin_action(staff_page, applications, cast.application.pk, "Shortlist")
    expect(admin_message(staff_page)).to_have_text("1 application shortlisted.")
    run_admin_action(
        staff_page, applications, cast.application.pk, "Select (told when results are published)"
    )
    expect(admin_message(staff_page)).to_have_text("1 application selected.")
    cast.application.refresh_from_db()
    assert cast.application.status == ApplicationStatus.SELECTED
    # Selected, but nobody is told before the results are published.
    expect(founder_status(founder_page, cast.application)).to_have_text("Under review")
    assert Notification.objects.filter(kind="challenges.result_selected").count() == 0

    staff_page.goto(f"/admin/challenges/challenge/{cast.challenge.pk}/ranking/")
    ranking = staff_page.get_by_role("table", name="Applications, best normalised score first")
    ranked = ranking.get_by_role("row").filter(has_text=STARTUP)
    expect(ranked).to_have_count(1)
    expect(ranked.get_by_role("cell")).to_have_text(
        ["1", "1", STARTUP, "Oncology", "Selected", "1", "4.60", "0.00", "0.000"]
    )

    run_admin_action(
        staff_page,
        "/admin/challenges/challenge/",
        cast.challenge.pk,
        "Publish the results (tells every applicant)",
    )
    expect(admin_message(staff_page)).to_have_text(
        f"{cast.challenge.title_en}: results published; every decided applicant is being "
        "told their outcome. See the progress"
    )
    cast.challenge.refresh_from_db()
    assert cast.challenge.results_published_at is not None

    # 3. The founder reads the result, and has had one email about it.
    expect(founder_status(founder_page, cast.application)).to_have_text("Selected")
    notifications = Notification.objects.filter(
        recipient=cast.founder, kind="challenges.result_selected"
    )
    assert [(n.status, n.language, n.email) for n in notifications] == [
        (NotificationStatus.SENT, "en", cast.founder.email)
    ]
    assert [(m.extra_headers["X-BioHub-Notification"], m.to) for m in mail.outbox] == [
        (f"challenges.review_assigned:{cast.assignment.pk}", [cast.reviewer.email]),
        (f"challenges.result:{cast.application.pk}:{cast.founder.pk}", [cast.founder.email]),
    ]
    result_email = mail.outbox[1]
    assert result_email.subject == f"Result of your application to {cast.challenge.title_en}"
    assert result_email.body.splitlines()[-1].endswith(
        f"{settings.SITE_URL}/applications/{cast.application.pk}/"
    )
