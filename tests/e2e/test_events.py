"""Events in a real browser: from the calendar to a seat, the waiting list and a promotion.

A visitor finds a two-seat seminar on the month calendar, signs up on the way, registers and
watches the seats left go down; a second person takes the last seat, a third is put on the
waiting list, and when the second cancels on the event page the third gets the seat, an
email and a confirmed event page. Each person has their own browser context.
"""

import re
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core import mail
from django.utils import timezone
from playwright.sync_api import Page, expect

from accounts.models import User
from events.models import Event, Registration, RegistrationStatus
from notifications.models import Notification, NotificationStatus
from tests.e2e.test_accounts import CONFIRMATION_LINK, main_navigation
from tests.e2e.test_review_and_selection import sign_in_in_english
from tests.factories import EventFactory, UserFactory

SEOUL = ZoneInfo("Asia/Seoul")
TITLE_EN = "Organoids for Drug Discovery"
TITLE_KO = "신약 개발을 위한 오가노이드"
REGISTERED = (
    "You are registered. A confirmation with a calendar invitation is on its way to your email."
)
WAITLISTED = (
    "The event is full: you are number 1 on the waiting list. We will email you if a seat frees up."
)
CANCELLED = "Your registration has been cancelled."


def seats_left(page: Page):
    """The definition after the "Seats left" term: one line per way of attending."""
    return page.locator("dt", has_text="Seats left").locator("xpath=following-sibling::dd[1]")


def your_registration(page: Page):
    return page.get_by_role("complementary", name="Your registration")


def register(page: Page, *, affiliation: str) -> None:
    """The event asks for the affiliation (the model's default), so "Register" is a link to
    the register form rather than a one-click button."""
    your_registration(page).get_by_role("link", name="Register", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Register")
    page.get_by_label("Affiliation").fill(affiliation)
    page.get_by_role("main").get_by_role("button", name="Register", exact=True).click()


def sign_up_and_confirm(page: Page, live_server, *, name: str, email: str) -> User:
    """The real signup form, then the link of the confirmation email (test_accounts.py)."""
    main_navigation(page).get_by_role("link", name="Sign up", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign Up")
    page.get_by_label("Your name").fill(name)
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password:", exact=True).fill("grow-biotech-in-hongneung")
    page.get_by_label("Password (again)").fill("grow-biotech-in-hongneung")
    page.locator("input[name=consent_collection]").check()
    page.get_by_role("main").get_by_role("button", name="Sign Up").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Verify Your Email Address")
    (message,) = [m for m in mail.outbox if m.to == [email]]
    link = urlsplit(CONFIRMATION_LINK.search(message.body).group(0))
    assert link.netloc == urlsplit(settings.SITE_URL).netloc  # never the request's Host
    page.goto(link.path)
    expect(page.get_by_role("heading", level=1)).to_have_text("Confirm Email Address")
    page.get_by_role("main").get_by_role("button", name="Confirm").click()
    expect(main_navigation(page).get_by_role("button", name=name, exact=True)).to_be_visible()
    return User.objects.get(email=email)


def test_visitor_registers_from_the_calendar_and_the_waiting_list_is_promoted(
    page: Page, new_context, live_server
):
    event = EventFactory(capacity_onsite=2, title_en=TITLE_EN, title_ko=TITLE_KO)
    event_url = event.get_absolute_url()
    page.set_default_timeout(10_000)

    # 1. An anonymous visitor switches to English and finds the event on the calendar.
    page.goto("/events/calendar/")
    expect(page.locator("html")).to_have_attribute("lang", "ko")
    page.get_by_role("link", name="English", exact=True).click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.goto("/events/calendar/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Event calendar")
    event_month = timezone.localdate(event.starts_at, SEOUL).replace(day=1)
    this_month = timezone.localdate(timezone=SEOUL).replace(day=1)
    if event_month != this_month:
        # Seven days ahead can be next month: the "next month" link, as a visitor would.
        page.locator("a[rel=next]").click()
        expect(page).to_have_url(re.compile(rf"\?month={event_month:%Y-%m}$"))
    expect(page.locator("#month-title")).to_have_text(f"{event_month:%B %Y}")
    # On a wide screen the month is the vendored widget (the server table is its fallback).
    page.locator("#event-calendar .ec-event").filter(has_text=TITLE_EN).click()

    expect(page).to_have_url(re.compile(re.escape(event_url) + "$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE_EN)
    expect(seats_left(page)).to_have_text("On site: 2")
    sign_in_to_register = your_registration(page).get_by_role(
        "link", name="Sign in to register", exact=True
    )
    expect(sign_in_to_register).to_be_visible()

    # 2. Signing up on the way, then back to the event.
    sign_in_to_register.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign In")
    visitor = sign_up_and_confirm(page, live_server, name="Kim Min-ji", email="minji@example.kr")
    page.goto(event_url)
    expect(seats_left(page)).to_have_text("On site: 2")
    register(page, affiliation="Hongneung Therapeutics")

    expect(page).to_have_url(re.compile(re.escape(event_url) + "$"))
    expect(page.get_by_role("status")).to_have_text(REGISTERED)
    expect(seats_left(page)).to_have_text("On site: 1")
    expect(your_registration(page)).to_contain_text("You are registered (On site).")

    # 3. A second person takes the last seat.
    second = UserFactory(name="Lee Seo-yeon", language="en")
    second_page = new_context().new_page()
    sign_in_in_english(second_page, second)
    second_page.goto(event_url)
    expect(seats_left(second_page)).to_have_text("On site: 1")
    register(second_page, affiliation="KIST")
    expect(second_page.get_by_role("status")).to_have_text(REGISTERED)
    expect(seats_left(second_page)).to_have_text("On site: full (waiting list)")

    # 4. A third person is put on the waiting list.
    third = UserFactory(name="Park Ji-ho", language="en")
    third_page = new_context().new_page()
    sign_in_in_english(third_page, third)
    third_page.goto(event_url)
    expect(seats_left(third_page)).to_have_text("On site: full (waiting list)")
    register(third_page, affiliation="Korea University")
    expect(third_page.get_by_role("status")).to_have_text(WAITLISTED)
    expect(your_registration(third_page)).to_contain_text("You are number 1 on the waiting list.")
    assert list(
        Registration.objects.filter(event=event)
        .order_by("id")
        .values_list("user", "affiliation", "status")
    ) == [
        (visitor.pk, "Hongneung Therapeutics", RegistrationStatus.CONFIRMED),
        (second.pk, "KIST", RegistrationStatus.CONFIRMED),
        (third.pk, "Korea University", RegistrationStatus.WAITLISTED),
    ]

    # 5. The second person cancels; the seat goes to the third.
    second_page.reload()
    your_registration(second_page).get_by_text("Cancel my registration", exact=True).click()
    your_registration(second_page).get_by_role(
        "button", name="Yes, cancel my registration", exact=True
    ).click()
    expect(second_page.get_by_role("status")).to_have_text(CANCELLED)
    expect(seats_left(second_page)).to_have_text("On site: full (waiting list)")
    expect(your_registration(second_page).get_by_role("link", name="Register")).to_be_visible()

    promoted = Registration.objects.get(event=event, user=third)
    assert (promoted.status, promoted.waitlisted_at) == (RegistrationStatus.CONFIRMED, None)
    assert Registration.objects.get(event=event, user=second).status == (
        RegistrationStatus.CANCELLED
    )
    event.refresh_from_db()
    assert event.confirmed_onsite == 2
    notifications = Notification.objects.filter(
        recipient=third, kind="events.registration_promoted"
    )
    assert [(n.status, n.email) for n in notifications] == [(NotificationStatus.SENT, third.email)]
    promotion_mails = [
        (m.to, m.subject)
        for m in mail.outbox
        if m.extra_headers["X-BioHub-Notification"].startswith("events.registration_promoted:")
    ]
    assert promotion_mails == [([third.email], f"A seat is yours: {TITLE_EN}")]

    third_page.reload()
    expect(your_registration(third_page)).to_contain_text("You are registered (On site).")
    expect(your_registration(third_page)).not_to_contain_text("You are number")
    expect(seats_left(third_page)).to_have_text("On site: full (waiting list)")
    assert Event.objects.get(pk=event.pk).seats_left("onsite") == 0


def test_month_widget_shows_events_in_the_viewers_time_and_links_to_them(page: Page, live_server):
    """On a wide screen the vendored calendar widget replaces the server table; it is fed by
    /events/calendar.json and shows each event at its time in the viewer's zone (Seoul)."""
    event = EventFactory(title_en=TITLE_EN, title_ko=TITLE_KO)
    seoul = timezone.localtime(event.starts_at, ZoneInfo("Asia/Seoul"))
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.set_viewport_size({"width": 1200, "height": 900})
    page.set_default_timeout(10_000)
    page.goto(f"{live_server.url}/events/calendar/?month={seoul:%Y-%m}")

    widget_event = page.locator("#event-calendar .ec-event").filter(has_text=TITLE_KO)
    expect(widget_event).to_be_visible()
    expect(page.locator("#server-calendar")).to_be_hidden()
    hour = seoul.hour % 12 or 12
    expect(widget_event).to_contain_text(f"{hour}:{seoul:%M}")
    assert errors == []  # nothing refused by the Content-Security-Policy

    widget_event.click()
    expect(page).to_have_url(re.compile(rf"/events/{event.slug}/$"))
