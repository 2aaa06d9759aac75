"""Coaching across time zones in a real browser: a startup in Seoul books a New York coach.

The founder (profile in English, Seoul time) books on a 360 px phone: the dashboard's "Book a
session", the htmx "Next week" button, the week's first slot, an agenda, a video call. The
session page and the dashboard give the time in Seoul ("KST"), the session page the coach's
New York time as well; the founder then moves the session to another slot. The coach (English,
New York time) signs in on another browser and reads the same session in New York time ("EST"
or "EDT", whichever that date has). Both get an email with a calendar invitation each time.

The clock is the real one: the expected texts are computed from the slot the page offers and
the Session row (core.timefmt), so the test holds in any week, daylight-saving changes
included. Pages follow each person's profile, never the browser's zone (the server does not
see it), so both browsers keep the ko-KR / Seoul context of conftest.py.

Set E2E_SCREENSHOT_DIR=/some/dir to keep a full-page screenshot of every founder page.
"""

import os
import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.utils import timezone
from icalendar import Calendar
from playwright.sync_api import Page, expect

from accounts.models import User
from core.timefmt import format_date, format_datetime, format_time_range, zone_name
from mentoring.forms import slot_value
from mentoring.models import Coach, Engagement, Session, SessionStatus
from tests.e2e.test_application_flow import PHONE
from tests.e2e.test_review_and_selection import sign_in_in_english
from tests.factories import (
    AvailabilityWindowFactory,
    CoachFactory,
    EngagementFactory,
    StartupMembershipFactory,
    UserFactory,
)

SCREENSHOT_DIR = os.environ.get("E2E_SCREENSHOT_DIR", "")
SEOUL = ZoneInfo("Asia/Seoul")
NEW_YORK = ZoneInfo("America/New_York")
STARTUP = "홍릉테라퓨틱스"
AGENDA = "IND-enabling package for our CD47 × CD33 bispecific: which GLP tox studies first?"
REASON = "Our CSO flies back from BIO Korea that morning."
BOOKED = "Your session is booked. Everyone taking part gets an email with a calendar invitation."
MOVED = "The session has been moved. Everyone taking part has been told."
OUTSIDE_HOURS = "⚠ Outside 08:00–20:00 in your time zone"


@dataclass
class Cast:
    coach: Coach
    founder: User
    engagement: Engagement


@pytest.fixture
def cast() -> Cast:
    """A New York coach free weekdays 09:00–12:00 (two one-hour slots a day: 09:00 and, after
    the 15-minute break, 10:15) and a Seoul founder, paired from today for 180 days."""
    coach = CoachFactory(
        user__name="Jane Park",
        user__language="en",
        user__time_zone="America/New_York",
        title="Director, Open Innovation",
        time_zone="America/New_York",
        min_notice_hours=24,
        horizon_days=60,
        session_minutes=60,
        buffer_minutes=15,
    )
    for weekday in range(5):
        AvailabilityWindowFactory(coach=coach, weekday=weekday, starts=time(9), ends=time(12))
    founder = UserFactory(name="Kim Min-ji", language="en", time_zone="Asia/Seoul")
    membership = StartupMembershipFactory(user=founder, startup__name=STARTUP)
    today = timezone.localdate(timezone=SEOUL)
    engagement = EngagementFactory(
        coach=coach,
        startup=membership.startup,
        starts_on=today,
        ends_on=today + timedelta(days=180),
        allotment=6,
    )
    return Cast(coach, founder, engagement)


# --- expected texts -------------------------------------------------------------------------


def monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def week_heading(week: date) -> str:
    return f"{format_date(week, 'en')} – {format_date(week + timedelta(days=6), 'en')}"


def slot_label(moment: datetime, zone: ZoneInfo) -> str:
    """A slot in the picker, English: "Mon 23:00 KST"."""
    local = moment.astimezone(zone)
    return f"{local:%a %H:%M} {local.tzname()}"


def session_time(session: Session, zone: ZoneInfo) -> str:
    """A line of _session_times.html: "Mon 9 Mar 2026, 23:00–00:00 KST"."""
    return format_time_range(session.starts_at, session.ends_at, zone, "en")


def coach_time(session: Session) -> str:
    """The coach's line of _session_times.html: the range, then the zone by its name."""
    return f"{session_time(session, NEW_YORK)} · {zone_name(NEW_YORK, session.starts_at, 'en')}"


def new_york_zone_name(moment: datetime) -> str:
    return "EDT" if moment.astimezone(NEW_YORK).dst() else "EST"


# --- pages ----------------------------------------------------------------------------------


def phone_checkpoint(page: Page, name: str) -> None:
    """Every founder page: English, every control labelled, nothing wider than the phone."""
    expect(page.locator("html")).to_have_attribute("lang", "en")
    controls = page.locator(
        "main input:not([type=hidden]):visible, main select:visible, main textarea:visible"
    )
    for index in range(controls.count()):
        expect(controls.nth(index)).to_have_accessible_name(re.compile(r"\S"))
    if SCREENSHOT_DIR:
        Path(SCREENSHOT_DIR).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=Path(SCREENSHOT_DIR) / f"coaching-{name}.png", full_page=True)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{name} ({page.url}) is {width}px wide"


def heading(page: Page):
    return page.get_by_role("heading", level=1)


def picker_week(page: Page):
    return page.locator("#slot-week")


def next_week_with_htmx(page: Page, h1: str) -> None:
    """ "Next week" swaps the slot list only: same document, same <h1>, the URL follows."""
    before = picker_week(page).inner_text()
    page.evaluate("window.sameDocument = true")
    with page.expect_response(re.compile(r"\?week=\d{4}-\d{2}-\d{2}$")) as response:
        page.get_by_role("link", name="Next week →", exact=True).click()
    assert response.value.request.headers.get("hx-request") == "true"
    expect(picker_week(page)).not_to_have_text(before)
    expect(picker_week(page)).to_be_focused()
    expect(page).to_have_url(re.compile(r"\?week=\d{4}-\d{2}-\d{2}$"))
    expect(heading(page)).to_have_text(h1)
    assert page.evaluate("window.sameDocument") is True


def expect_session_times(page: Page, lines: list[tuple[str, str]]) -> None:
    when = page.get_by_role("region", name="When")
    expect(when.get_by_role("term")).to_have_text([label for label, _text in lines])
    expect(when.get_by_role("definition")).to_have_text([text for _label, text in lines])


def invitation(message) -> tuple:
    """The one attachment of a session email: name, type, UID, SEQUENCE line and start."""
    ((name, content, mimetype),) = message.attachments
    event = Calendar.from_ical(content).walk("VEVENT")[0]
    sequence_lines = [line for line in content.splitlines() if line.startswith("SEQUENCE:")]
    return name, mimetype, str(event["uid"]), sequence_lines, event.decoded("dtstart")


def when_lines(message) -> list[str]:
    return [
        line for line in message.body.splitlines() if line.startswith(("When:", "Coach's time:"))
    ]


# --- the test -------------------------------------------------------------------------------


def test_seoul_startup_books_and_moves_a_new_york_coachs_slot(page: Page, new_context, cast: Cast):
    founder, coach = cast.founder, cast.coach
    book_url = f"/mentoring/engagements/{cast.engagement.pk}/book/"
    sign_in_in_english(page, founder)
    page.set_viewport_size(PHONE)

    # 1. The dashboard, then a week of the coach's slots in both zones.
    page.goto("/mentoring/")
    expect(heading(page)).to_have_text("Coaching")
    mentee = page.get_by_role("region", name="Your coach")
    expect(mentee.get_by_role("definition")).to_have_text(["0 / 6", "6"])
    phone_checkpoint(page, "1-dashboard")
    mentee.get_by_role("link", name="Book a session", exact=True).click()

    expect(page).to_have_url(re.compile(re.escape(book_url) + "$"))
    expect(heading(page)).to_have_text("Book a coaching session")
    # The first week shown is the one of the earliest bookable moment (24 hours' notice).
    first_week = monday((timezone.now() + timedelta(hours=24)).astimezone(SEOUL).date())
    expect(picker_week(page)).to_have_text(week_heading(first_week))
    phone_checkpoint(page, "2-book")

    next_week_with_htmx(page, "Book a coaching session")
    next_week = first_week + timedelta(days=7)
    expect(picker_week(page)).to_have_text(week_heading(next_week))
    expect(page).to_have_url(
        re.compile(re.escape(f"{book_url}?week={next_week.isoformat()}") + "$")
    )
    phone_checkpoint(page, "3-book-next-week")

    # The Seoul week's first slot is Monday 09:00 in New York: 22:00 or 23:00 in Seoul.
    first_slot = datetime.combine(next_week, time(9), tzinfo=NEW_YORK)
    slot = page.locator("input[name=starts_at]").first
    expect(slot).to_have_value(slot_value(first_slot))
    expect(slot).to_have_accessible_name(
        f"{slot_label(first_slot, SEOUL)} · {slot_label(first_slot, NEW_YORK)} (coach) "
        f"{OUTSIDE_HOURS}"
    )
    slot.check()
    page.get_by_role("group", name="How would you like to meet?").get_by_label(
        "Video call", exact=True
    ).check()
    page.get_by_label("Agenda").fill(AGENDA)
    page.get_by_role("button", name="Book", exact=True).click()

    # 2. The session page: Seoul first, then the coach's New York time.
    expect(page).to_have_url(re.compile(r"/mentoring/sessions/\d+/$"))
    expect(page.get_by_role("status")).to_have_text(BOOKED)
    session = Session.objects.get()
    expect(page).to_have_url(re.compile(re.escape(session.get_absolute_url()) + "$"))
    assert (
        session.starts_at,
        session.ends_at - session.starts_at,
        session.status,
        session.format,
        session.agenda,
        session.sequence,
        session.booked_by,
    ) == (first_slot, timedelta(hours=1), SessionStatus.BOOKED, "video", AGENDA, 0, founder)
    seoul = format_datetime(session.starts_at, SEOUL, "en")
    new_york = format_datetime(session.starts_at, NEW_YORK, "en")
    assert (seoul[-3:], new_york[-9:]) == ("KST", f"09:00 {new_york_zone_name(first_slot)}")
    expect_session_times(
        page,
        [
            ("Your time", session_time(session, SEOUL)),
            ("Coach's time", coach_time(session)),
        ],
    )
    where = page.get_by_role("region", name="Where")
    expect(where.get_by_role("paragraph").first).to_have_text("Video call")
    expect(page.get_by_role("region", name="Agenda").get_by_role("paragraph")).to_have_text(AGENDA)
    phone_checkpoint(page, "4-session")

    # Both sides have an invitation, each in their own zone.
    uid = f"session-{session.uid}@seoulbiohub.kr"
    assert [(m.extra_headers["X-BioHub-Notification"], m.to, m.subject) for m in mail.outbox] == [
        (
            f"mentoring.session_booked:{session.pk}:0:booked:{coach.user.pk}",
            [coach.user.email],
            f"Coaching session booked: {new_york}",
        ),
        (
            f"mentoring.session_booked:{session.pk}:0:booked:{founder.pk}",
            [founder.email],
            f"Coaching session booked: {seoul}",
        ),
    ]
    booked_invite = ("invite.ics", "text/calendar; method=REQUEST", uid, ["SEQUENCE:0"], first_slot)
    assert [invitation(m) for m in mail.outbox] == [booked_invite, booked_invite]

    # 3. The dashboard lists it in Seoul time.
    page.goto("/mentoring/")
    mentee = page.get_by_role("region", name="Your coach")
    expect(mentee.get_by_role("definition")).to_have_text(["1 / 6", "5"])
    booked = mentee.get_by_role("listitem").get_by_role("link")
    expect(booked).to_have_text([seoul])
    phone_checkpoint(page, "5-dashboard-booked")
    booked.click()

    # 4. The founder moves it. The picker opens on the first bookable week, not the session's,
    # and offers the session's own slot too (its time counts as free while it is moved).
    expect(page).to_have_url(re.compile(re.escape(session.get_absolute_url()) + "$"))
    page.get_by_role("main").get_by_role("link", name="Reschedule", exact=True).click()
    reschedule_url = f"{session.get_absolute_url()}reschedule/"
    expect(page).to_have_url(re.compile(re.escape(reschedule_url) + "$"))
    expect(heading(page)).to_have_text("Move the session")
    expect(page.get_by_role("main").get_by_role("definition")).to_have_text(
        [session_time(session, SEOUL), coach_time(session)]
    )
    phone_checkpoint(page, "6-reschedule")
    next_week_with_htmx(page, "Move the session")
    other_slot = page.locator(f"input[name=starts_at]:not([value='{slot_value(first_slot)}'])")
    new_value = other_slot.first.get_attribute("value")
    new_start = datetime.fromisoformat(new_value)
    other_slot.first.check()
    page.get_by_label("Why are you moving it? (optional)").fill(REASON)
    phone_checkpoint(page, "7-reschedule-chosen")
    page.get_by_role("button", name="Move the session", exact=True).click()

    expect(page).to_have_url(re.compile(re.escape(session.get_absolute_url()) + "$"))
    expect(page.get_by_role("status")).to_have_text(MOVED)
    moved = Session.objects.get()
    assert (moved.pk, moved.uid, moved.sequence, moved.starts_at, moved.status) == (
        session.pk,
        session.uid,
        1,
        new_start,
        SessionStatus.BOOKED,
    )
    assert new_start != first_slot
    moved_seoul = format_datetime(moved.starts_at, SEOUL, "en")
    moved_new_york = format_datetime(moved.starts_at, NEW_YORK, "en")
    expect_session_times(
        page,
        [
            ("Your time", session_time(moved, SEOUL)),
            ("Coach's time", coach_time(moved)),
        ],
    )
    phone_checkpoint(page, "8-session-moved")
    page.goto("/mentoring/")
    expect(
        page.get_by_role("region", name="Your coach").get_by_role("listitem").get_by_role("link")
    ).to_have_text([moved_seoul])

    # The update keeps the UID and raises SEQUENCE, so calendars move the event.
    assert len(mail.outbox) == 4
    assert [
        (m.extra_headers["X-BioHub-Notification"], m.to, m.subject) for m in mail.outbox[2:]
    ] == [
        (
            f"mentoring.session_rescheduled:{session.pk}:1:moved:{coach.user.pk}",
            [coach.user.email],
            f"Coaching session moved to {moved_new_york}",
        ),
        (
            f"mentoring.session_rescheduled:{session.pk}:1:moved:{founder.pk}",
            [founder.email],
            f"Coaching session moved to {moved_seoul}",
        ),
    ]
    moved_invite = ("invite.ics", "text/calendar; method=REQUEST", uid, ["SEQUENCE:1"], new_start)
    assert [invitation(m) for m in mail.outbox[2:]] == [moved_invite, moved_invite]
    assert [f"Reason: {REASON}" in m.body.splitlines() for m in mail.outbox[2:]] == [True, True]
    in_coach_zone = f"Coach's time: {coach_time(moved)}"
    assert [when_lines(m) for m in mail.outbox[2:]] == [
        [f"When: {session_time(moved, NEW_YORK)}", in_coach_zone],
        [f"When: {session_time(moved, SEOUL)}", in_coach_zone],
    ]

    # 5. The coach, on their own browser, reads it in New York time.
    coach_page = new_context().new_page()
    sign_in_in_english(coach_page, coach.user)
    coach_page.goto("/mentoring/")
    coaching = coach_page.get_by_role("region", name="Your coaching")
    # The session, once (the startup's name beside it links to the goals and progress page).
    upcoming = coaching.get_by_role("listitem").get_by_role("link", name=moved_new_york)
    expect(upcoming).to_have_count(1)
    upcoming.click()

    expect(coach_page).to_have_url(re.compile(re.escape(session.get_absolute_url()) + "$"))
    expect(coach_page.get_by_role("heading", level=1)).to_have_text("Coaching session")
    expect_session_times(
        coach_page,
        [
            ("Your time", session_time(moved, NEW_YORK)),
            ("Seoul time", f"{session_time(moved, SEOUL)} · Korea Standard Time (KST)"),
        ],
    )
    assert (moved_seoul[-3:], moved_new_york[-3:]) == ("KST", new_york_zone_name(new_start))
    expect(coach_page.get_by_role("region", name="Agenda").get_by_role("paragraph")).to_have_text(
        AGENDA
    )


def test_coach_saves_an_untouched_availability_page(page: Page, cast: Cast):
    """The empty rows' selects post their first option; pressing Save on the page as it came
    must save, not ask for the empty rows' times."""
    cast.coach.exceptions.create(date=date(2030, 1, 2), kind="blocked")
    sign_in_in_english(page, cast.coach.user)
    page.goto("/mentoring/availability/")
    page.get_by_role("button", name="Save your availability").click()

    expect(page).to_have_url(re.compile(r"/mentoring/availability/$"))
    expect(page.get_by_text("Your availability has been saved.")).to_be_visible()
    expect(page.get_by_text("There is a problem")).to_have_count(0)
    assert list(cast.coach.windows.values_list("weekday", "starts", "ends")) == [
        (weekday, time(9), time(12)) for weekday in range(5)
    ]
    assert cast.coach.exceptions.count() == 1
