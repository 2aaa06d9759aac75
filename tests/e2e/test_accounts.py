"""People and startups in a real browser: sign up, language, the startup profile form.

The flows run in English (the language cookie) so that they do not depend on the Korean
catalogue's wording; the Korean default is checked through `<html lang>` and text that is
Korean in the templates themselves (the "한국어" button).
"""

import re
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.core import mail
from playwright.sync_api import Page, expect

from accounts.models import MembershipRole, Startup, User
from notifications.models import Notification, NotificationStatus
from tests.factories import PASSWORD, TherapeuticAreaFactory, UserFactory

LANGUAGE_COOKIE = "biohub_language"
CONFIRMATION_LINK = re.compile(r"https?://\S+/accounts/confirm-email/\S+/")


def browse_in_english(page: Page, live_server) -> None:
    page.context.add_cookies([{"name": LANGUAGE_COOKIE, "value": "en", "url": live_server.url}])


def sign_in(page: Page, email: str, password: str = PASSWORD) -> None:
    """The login form, located by input names so it works in either language.

    Expects a desktop-wide page: on a phone the account menu is folded into the navbar.
    """
    page.goto("/accounts/login/")
    page.locator("input[name=login]").fill(email)
    page.locator("input[name=password]").fill(password)
    page.locator("input[name=password]").press("Enter")
    expect(page.locator("#account-menu")).to_be_visible()


def main_navigation(page: Page):
    return page.get_by_role("navigation", name="Main navigation")


def account_menu(page: Page, name: str):
    return main_navigation(page).get_by_role("button", name=name, exact=True)


def test_signup_verify_email_then_sign_in_again(page: Page, live_server):
    browse_in_english(page, live_server)
    page.goto("/")
    main_navigation(page).get_by_role("link", name="Sign up", exact=True).click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Sign Up")
    page.get_by_label("Your name").fill("Kim Min-ji")
    page.get_by_label("Email").fill("minji@example.kr")
    page.get_by_label("Password:", exact=True).fill("grow-biotech-in-hongneung")
    page.get_by_label("Password (again)").fill("grow-biotech-in-hongneung")
    page.locator("input[name=consent_collection]").check()
    page.get_by_role("main").get_by_role("button", name="Sign Up").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Verify Your Email Address")
    # The live server runs in this process, so the email it sent is in the locmem outbox.
    assert [(m.to, m.subject) for m in mail.outbox] == [
        (["minji@example.kr"], "[Seoul BioHub Open Innovation] Confirm your email address")
    ]
    notification = Notification.objects.get(email="minji@example.kr")
    assert (notification.kind, notification.status) == (
        "account.email_confirmation_signup",
        NotificationStatus.SENT,
    )
    link = urlsplit(CONFIRMATION_LINK.search(mail.outbox[0].body).group(0))
    assert link.netloc == urlsplit(settings.SITE_URL).netloc  # never the request's Host

    page.goto(link.path)
    expect(page.get_by_role("heading", level=1)).to_have_text("Confirm Email Address")
    page.get_by_role("main").get_by_role("button", name="Confirm").click()

    # ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION: confirming signs the new person in.
    expect(account_menu(page, "Kim Min-ji")).to_be_visible()
    user = User.objects.get(email="minji@example.kr")
    assert (user.name, user.language, user.emailaddress_set.get().verified) == (
        "Kim Min-ji",
        "en",
        True,
    )

    account_menu(page, "Kim Min-ji").click()
    page.get_by_role("button", name="Sign out").click()
    expect(main_navigation(page).get_by_role("link", name="Sign in", exact=True)).to_be_visible()
    expect(account_menu(page, "Kim Min-ji")).to_have_count(0)

    main_navigation(page).get_by_role("link", name="Sign in", exact=True).click()
    page.get_by_label("Email").fill("minji@example.kr")
    page.get_by_label("Password").fill("grow-biotech-in-hongneung")
    page.get_by_role("main").get_by_role("button", name="Sign In").click()

    expect(account_menu(page, "Kim Min-ji")).to_be_visible()


def test_language_switch_is_remembered_by_cookie(page: Page):
    page.goto("/")
    expect(page.locator("html")).to_have_attribute("lang", "ko")
    # Visitors switch with two links (the page holds no form, so it can be cached), each
    # carrying its own language's name, whatever the page's language.
    korean = page.get_by_role("link", name="한국어", exact=True)
    english = page.get_by_role("link", name="English", exact=True)
    expect(korean).to_have_attribute("aria-current", "true")
    expect(english).not_to_have_attribute("aria-current", "true")

    english.click()

    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page).to_have_url(re.compile(r"/$"))
    navigation = main_navigation(page)
    expect(navigation.get_by_role("link", name="Sign in", exact=True)).to_be_visible()
    expect(navigation.get_by_role("link", name="Sign up", exact=True)).to_be_visible()
    expect(english).to_have_attribute("aria-current", "true")
    expect(korean).not_to_have_attribute("aria-current", "true")
    cookies = {c["name"]: c["value"] for c in page.context.cookies()}
    assert cookies[LANGUAGE_COOKIE] == "en"

    page.goto("/accounts/login/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign In")


def test_language_switch_is_saved_on_the_profile(page: Page):
    user = UserFactory(name="Lee Seo-yeon", language="ko")
    sign_in(page, user.email)
    expect(page.locator("html")).to_have_attribute("lang", "ko")

    page.get_by_role("button", name="English", exact=True).click()

    expect(page.locator("html")).to_have_attribute("lang", "en")
    user.refresh_from_db()
    assert user.language == "en"

    # On another browser with no cookie, signing in brings the saved language back.
    page.context.clear_cookies()
    sign_in(page, user.email)
    expect(page.locator("html")).to_have_attribute("lang", "en")


@pytest.fixture
def oncology():
    # Seeded by a data migration, but a transactional test empties every table when it ends.
    return TherapeuticAreaFactory(slug="oncology", name_ko="종양", name_en="Oncology")


def fill_startup_form(page: Page, *, business_number: str) -> None:
    page.get_by_role("group", name="Kind").get_by_label("Company (registered business)").check()
    page.get_by_label("Name:", exact=True).fill("홍릉테라퓨틱스")
    page.get_by_label("Name in English").fill("Hongneung Therapeutics")
    page.get_by_label("Business registration number").fill(business_number)
    page.get_by_label("Business start date").fill("2021-03-15")
    page.get_by_label("District").select_option("동대문구")
    page.get_by_label("Street address").fill("서울특별시 동대문구 회기로 117")
    page.get_by_role("group", name="Therapeutic areas").get_by_label("Oncology").check()


def test_startup_profile_rejects_a_wrong_business_number_then_saves(page: Page, oncology):
    founder = UserFactory(name="Choi Chang-eop", language="en")
    sign_in(page, founder.email)
    page.goto("/startups/new/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Create a startup profile")

    fill_startup_form(page, business_number="123-45-67890")
    page.get_by_role("main").get_by_role("button", name="Save").click()

    problem = (
        "123-45-67890 is not a valid business registration number: its last digit does not "
        "match the check digit."
    )
    summary = page.get_by_role("alert").filter(has_text="There is a problem")
    expect(summary.get_by_role("link")).to_have_count(1)
    expect(summary.get_by_role("link")).to_contain_text(f"Business registration number: {problem}")
    field = page.get_by_label("Business registration number")
    expect(field).to_have_attribute("aria-invalid", "true")
    # The message sits in the field's own block, between its label and the input.
    field_block = page.locator(".form-field").filter(has=field)
    expect(field_block.get_by_role("listitem")).to_contain_text(problem)
    # Everything typed is still there.
    expect(field).to_have_value("123-45-67890")
    expect(page.get_by_label("Company (registered business)")).to_be_checked()
    expect(page.get_by_label("Name:", exact=True)).to_have_value("홍릉테라퓨틱스")
    expect(page.get_by_label("Name in English")).to_have_value("Hongneung Therapeutics")
    expect(page.get_by_label("Business start date")).to_have_value("2021-03-15")
    expect(page.get_by_label("District")).to_have_value("동대문구")
    expect(page.get_by_label("Street address")).to_have_value("서울특별시 동대문구 회기로 117")
    expect(page.get_by_label("Oncology")).to_be_checked()
    assert Startup.objects.count() == 0

    # The summary's link takes a keyboard user straight to the field.
    summary.get_by_role("link").click()
    expect(field).to_be_focused()
    field.fill("220-81-62517")
    page.get_by_role("main").get_by_role("button", name="Save").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("홍릉테라퓨틱스")
    expect(page.get_by_role("status")).to_contain_text("Your startup profile has been created.")
    expect(page.get_by_role("definition").filter(has_text="220-81-62517")).to_have_text(
        "220-81-62517"
    )
    startup = Startup.objects.get()
    assert (startup.business_number, startup.district) == ("2208162517", "동대문구")
    assert list(startup.therapeutic_areas.all()) == [oncology]
    assert list(startup.memberships.values_list("user", "role")) == [
        (founder.pk, MembershipRole.OWNER)
    ]


def test_startup_form_error_is_announced_with_its_field(page: Page, oncology):
    founder = UserFactory(language="en")
    sign_in(page, founder.email)
    page.goto("/startups/new/")
    fill_startup_form(page, business_number="123-45-67890")
    page.get_by_role("main").get_by_role("button", name="Save").click()

    expect(page.get_by_label("Business registration number")).to_have_accessible_description(
        re.compile("is not a valid business registration number"), timeout=2_000
    )
