"""An appeals committee member goes from their home to the appeal, reads it and records a
finding with the keyboard; an empty finding is refused with the error linked to its field."""

import re
from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import Page, expect

from challenges.models import AppealCommitteeMember
from challenges.services import appeals
from tests import factories
from tests.factories import PASSWORD


def seated_member():
    now = timezone.now()
    challenge = factories.ChallengeFactory(
        title_en="Seoul Bio Challenge 2026",
        opens_at=now - timedelta(days=60),
        closes_at=now - timedelta(days=30),
        results_published_at=now - timedelta(days=1),
        appeal_window_days=7,
    )
    application = factories.ApplicationFactory(challenge=challenge, status="not_selected")
    founder = factories.StartupMembershipFactory(startup=application.startup).user
    appeal = appeals.open_appeal(
        application,
        actor=founder,
        contested="scores",
        grounds=["The reviewers did not read our in vivo data."],
    )
    member = factories.ReviewerFactory(language="en")
    appeals.assign_appeal_committee(appeal, actor=factories.StaffFactory(), members=[member])
    return appeal, member


def test_a_member_records_a_finding_from_the_home(page: Page):
    page.set_default_timeout(10_000)
    page.set_viewport_size({"width": 360, "height": 800})
    appeal, member = seated_member()
    page.goto("/accounts/login/")
    page.locator("input[name=login]").fill(member.email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("input[name=password]").press("Enter")
    expect(page).to_have_url(re.compile(r"/home/$"))
    task = page.locator('section[data-role="appeal_committee"] .task-action').first
    expect(task).to_contain_text("Read the appeal")
    task.click()
    expect(page).to_have_url(re.compile(rf"/review/appeals/{appeal.pk}/$"))
    expect(page.get_by_text("The reviewers did not read our in vivo data.")).to_be_visible()
    page.get_by_role("button", name="Record your finding").click()
    summary = page.locator(".error-summary")
    expect(summary).to_contain_text("Write your finding.")
    summary.get_by_role("link").first.click()
    expect(page.locator("#id_finding")).to_be_focused()
    page.keyboard.type("The scores follow the rubric; the data was read.")
    page.locator("#id_rescore").fill("2.5")
    page.get_by_role("button", name="Record your finding").click()
    expect(page).to_have_url(re.compile(r"/review/appeals/(#.*)?$"))
    expect(page.get_by_role("status").or_(page.locator(".alert-success")).first).to_contain_text(
        "Your finding has been recorded"
    )
    seat = AppealCommitteeMember.objects.get(appeal=appeal, member=member)
    assert (seat.finding, seat.rescore) == ("The scores follow the rubric; the data was read.", 2.5)
