"""Each role signs in, lands on its home (/home/) and reaches its main task in one click."""

import re
from datetime import timedelta

import pytest
from allauth.mfa.totp.internal.auth import TOTP
from django.utils import timezone
from playwright.sync_api import Page, expect

from challenges.models import ApplicationStatus
from tests import factories
from tests.e2e.test_review_and_selection import TOTP_SECRET, totp_now
from tests.factories import PASSWORD
from tests.partners.factories import ConsultationRequestFactory


def founder():
    user = factories.UserFactory(language="en")
    startup = factories.StartupMembershipFactory(user=user).startup
    application = factories.ApplicationFactory(startup=startup)
    return user, "Continue the application", rf"/applications/{application.pk}/$"


def reviewer():
    user = factories.ReviewerFactory(language="en")
    application = factories.CompleteApplicationFactory(status=ApplicationStatus.UNDER_REVIEW)
    assignment = factories.ReviewAssignmentFactory(
        application=application, reviewer=user, due_at=timezone.now() + timedelta(days=3)
    )
    return user, "Read the terms", rf"/review/{assignment.pk}/$"


def coach():
    user = factories.CoachFactory().user
    return user, "Set availability", r"/mentoring/availability/$"


def partner_rep():
    member = factories.PartnerMemberFactory(user__language="en")
    request = ConsultationRequestFactory(partner=member.partner)
    return member.user, "Answer", rf"/partners/requests/{request.pk}/$"


def staff():
    user = factories.StaffFactory(language="en", mfa=False)
    TOTP.activate(user, TOTP_SECRET)
    factories.CompleteApplicationFactory(status=ApplicationStatus.SUBMITTED)
    return user, "Open the list", r"/admin/challenges/application/\?status__exact=submitted$"


ROLES = {
    "founder": founder,
    "reviewer": reviewer,
    "coach": coach,
    "partner_rep": partner_rep,
    "staff": staff,
}


@pytest.mark.parametrize("role", list(ROLES))
def test_each_role_lands_on_its_home_and_reaches_its_task_in_one_click(page: Page, role):
    page.set_default_timeout(10_000)
    page.set_viewport_size({"width": 1280, "height": 900})
    user, button, target = ROLES[role]()
    page.goto("/accounts/login/")
    page.locator("input[name=login]").fill(user.email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("input[name=password]").press("Enter")
    if role == "staff":
        expect(page).to_have_url(re.compile(r"/accounts/2fa/authenticate/$"))
        page.locator("input[name=code]").fill(totp_now())
        page.locator("input[name=code]").press("Enter")
    expect(page).to_have_url(re.compile(r"/home/$"))
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text("My tasks")
    task = page.locator(f'section[data-role="{role}"] .task-action').first
    expect(task).to_contain_text(button)
    task.click()
    expect(page).to_have_url(re.compile(target))
