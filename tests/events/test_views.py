"""Events pages: the list, the calendar and its feeds, one event, registering, cancelling,
check-in, the emails and the admin."""

import csv
import io
import re
from datetime import timedelta
from itertools import count

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from icalendar import Calendar

from events import services
from events.models import (
    Event,
    EventStatus,
    Material,
    Registration,
    RegistrationStatus,
    Speaker,
)
from notifications.models import Notification
from notifications.services import render_notification
from tests import factories

pytestmark = pytest.mark.django_db

_numbers = count(1)


def make_event(**fields) -> Event:
    """A published on-site seminar in a week, 10 seats, asking nothing."""
    n = next(_numbers)
    starts_at = fields.pop("starts_at", None) or (timezone.now() + timedelta(days=7)).replace(
        minute=0, second=0, microsecond=0
    )
    values = {
        "slug": f"seminar-{n}",
        "kind": "seminar",
        "title_ko": f"바이오 세미나 {n}",
        "title_en": f"Bio seminar {n}",
        "summary_ko": "요약",
        "summary_en": "Summary",
        "starts_at": starts_at,
        "ends_at": starts_at + timedelta(hours=2),
        "format": "onsite",
        "venue": "Seoul Bio Hub",
        "capacity_onsite": 10,
        "ask_affiliation": False,
        "status": EventStatus.PUBLISHED,
        **fields,
    }
    return Event.objects.create(**values)


def html(response) -> str:
    return response.content.decode()


def english(client):
    client.cookies["biohub_language"] = "en"


@pytest.fixture
def person():
    return factories.UserFactory(name="Kim Minji", language="en")


@pytest.fixture
def staff():
    return factories.StaffFactory(language="en")


def query_count(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


# --- the list and the archive ----------------------------------------------------------------


def test_list_shows_upcoming_public_events_and_hides_drafts_and_past_ones(client):
    english(client)
    make_event(title_en="Upcoming talk")
    make_event(title_en="Secret draft", status=EventStatus.DRAFT)
    make_event(title_en="Old talk", starts_at=timezone.now() - timedelta(days=3))
    make_event(title_en="Called off", status=EventStatus.CANCELLED)
    page = html(client.get("/events/"))
    assert "Upcoming talk" in page
    assert "Called off" in page
    assert "Secret draft" not in page
    assert "Old talk" not in page
    assert 'href="/events/past/"' in page
    assert 'href="/events/calendar/"' in page


def test_list_filters_by_kind_language_and_way_to_attend(client):
    english(client)
    make_event(title_en="Korean onsite seminar", language="ko", format="onsite")
    make_event(
        title_en="Bilingual hybrid symposium",
        kind="symposium",
        language="ko_en",
        format="hybrid",
        capacity_online=50,
    )
    make_event(title_en="English webinar", language="en", format="online", capacity_online=50)

    def titles(query):
        page = html(client.get(f"/events/?{query}"))
        return sorted(re.findall(r">((?:Korean|Bilingual|English) [a-z ]+)</a>", page))

    assert titles("kind=symposium") == ["Bilingual hybrid symposium"]
    assert titles("language=en") == ["Bilingual hybrid symposium", "English webinar"]
    assert titles("format=online") == ["Bilingual hybrid symposium", "English webinar"]
    assert titles("format=onsite&language=ko") == [
        "Bilingual hybrid symposium",
        "Korean onsite seminar",
    ]
    assert titles("format=nonsense") == titles("")  # an unknown value is ignored
    assert "No upcoming event matches these filters." in html(
        client.get("/events/?kind=networking")
    )


def test_list_paginates_by_ten_and_keeps_the_filters(client):
    for _ in range(12):
        make_event(kind="seminar")
    page = html(client.get("/events/?kind=seminar"))
    assert page.count('class="card mb-3"') == 10
    assert 'href="?kind=seminar&amp;page=2"' in page
    assert html(client.get("/events/?kind=seminar&page=2")).count('class="card mb-3"') == 2


def test_list_has_an_empty_state(client):
    english(client)
    assert "No event is scheduled yet." in html(client.get("/events/"))


def test_list_makes_as_many_queries_for_twenty_events_as_for_one(client):
    make_event()
    one = query_count(client, "/events/")
    for _ in range(19):
        make_event()
    assert query_count(client, "/events/") == one


def test_past_events_show_their_materials(client):
    english(client)
    old = make_event(title_en="Last year", starts_at=timezone.now() - timedelta(days=30))
    Material.objects.create(event=old, title="Slides (PDF)", url="https://example.org/s.pdf")
    page = html(client.get("/events/past/"))
    assert "Last year" in page
    assert 'href="https://example.org/s.pdf"' in page


# --- the calendar ---------------------------------------------------------------------------


def test_month_view_lists_the_events_of_the_month_with_links_to_other_months(client):
    english(client)
    event = make_event(title_en="March talk")
    month = timezone.localtime(event.starts_at).strftime("%Y-%m")
    page = html(client.get(f"/events/calendar/?month={month}"))
    assert page.count(f'href="/events/{event.slug}/"') == 2  # the table and the phone list
    assert 'rel="prev"' in page
    assert 'rel="next"' in page
    assert client.get("/events/calendar/?month=2026-13").status_code == 200  # falls back
    far = html(client.get("/events/calendar/?month=1999-01"))
    assert "No event this month." in far


def test_calendar_json_returns_events_in_the_range_in_utc(client):
    english(client)
    event = make_event(title_en="JSON talk")
    make_event(status=EventStatus.DRAFT)
    start = timezone.localdate(event.starts_at).isoformat()  # midnight in the viewer's zone
    end = (timezone.localdate(event.starts_at) + timedelta(days=1)).isoformat()
    response = client.get(f"/events/calendar.json?start={start}&end={end}")
    assert response.status_code == 200
    assert response.json() == [
        {
            "id": str(event.uid),
            "title": "JSON talk",
            "start": event.starts_at.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "end": event.ends_at.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "url": f"/events/{event.slug}/",
            "cancelled": False,
        }
    ]
    # what calendar widgets send: date-times with an offset (the "+" unescaped in the URL)
    offset = client.get(
        f"/events/calendar.json?start={start}T00:00:00+09:00&end={end}T00:00:00+09:00"
    )
    assert [entry["id"] for entry in offset.json()] == [str(event.uid)]
    assert client.get("/events/calendar.json?start=yesterday&end=x").status_code == 400
    assert client.get(f"/events/calendar.json?start={end}&end={start}").status_code == 400
    assert client.get("/events/calendar.json").status_code == 400


def test_feed_has_every_public_event_with_stable_uids(client, staff):
    published = make_event()
    cancelled = make_event(status=EventStatus.CANCELLED)
    make_event(status=EventStatus.DRAFT)
    response = client.get("/events/calendar.ics")
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    feed = Calendar.from_ical(response.content)
    events = {str(e["uid"]): e for e in feed.walk("VEVENT")}
    assert sorted(events) == sorted(
        [f"event-{published.uid}@seoulbiohub.kr", f"event-{cancelled.uid}@seoulbiohub.kr"]
    )
    assert str(events[f"event-{cancelled.uid}@seoulbiohub.kr"]["status"]) == "CANCELLED"
    first = events[f"event-{published.uid}@seoulbiohub.kr"]
    assert first.decoded("dtstart") == published.starts_at
    assert first.decoded("dtstart").tzname() == "UTC"

    published.title_ko = "바뀐 제목"
    published.save()
    services.publish_event_change(published, actor=staff, fields=["title_ko"])
    feed = Calendar.from_ical(client.get("/events/calendar.ics").content)
    again = {str(e["uid"]): e for e in feed.walk("VEVENT")}
    edited = again[f"event-{published.uid}@seoulbiohub.kr"]
    assert (str(edited["summary"]), edited["sequence"]) == ("바뀐 제목", first["sequence"] + 1)
    # the same UID as the invite emailed to registrants
    invite = Calendar.from_ical(services.event_ics(published))
    assert [str(e["uid"]) for e in invite.walk("VEVENT")] == [str(edited["uid"])]


def test_feed_makes_as_many_queries_for_twenty_events_as_for_one(client):
    make_event()
    one = query_count(client, "/events/calendar.ics")
    for _ in range(19):
        make_event()
    assert query_count(client, "/events/calendar.ics") == one


# --- one event ------------------------------------------------------------------------------


def test_event_page_shows_the_programme_and_both_zones(client):
    english(client)
    event = make_event(time_zone="Europe/Berlin", title_en="Munich exchange")
    speaker = Speaker.objects.create(event=event, name="Dr. Anna Weber", affiliation="BMS")
    event.agenda.create(starts_at=event.starts_at, title="Opening remarks", speaker=speaker)
    page = html(client.get(f"/events/{event.slug}/"))
    assert "Munich exchange" in page
    assert "Dr. Anna Weber" in page
    assert "Opening remarks" in page
    assert "KST" in page
    assert "(Europe/Berlin)" in page
    assert f'href="/events/{event.slug}/event.ics"' in page
    assert "Sign in to register" in page


def test_a_draft_is_404_for_the_public_and_staff_without_mfa_but_not_for_staff(client, staff):
    draft = make_event(status=EventStatus.DRAFT)
    for url in (f"/events/{draft.slug}/", f"/events/{draft.slug}/event.ics"):
        assert client.get(url).status_code == 404
    client.force_login(factories.UserFactory())
    assert client.get(f"/events/{draft.slug}/").status_code == 404
    assert client.get(f"/events/{draft.slug}/register/").status_code == 404
    client.force_login(factories.StaffFactory(mfa=False))
    assert client.get(f"/events/{draft.slug}/").status_code == 404
    client.force_login(staff)
    assert client.get(f"/events/{draft.slug}/").status_code == 200


def test_online_link_only_for_confirmed_online_registrants(client, person):
    event = make_event(
        format="hybrid",
        capacity_onsite=5,
        capacity_online=1,
        online_link="https://meet.example.org/secret-room",
    )
    url = f"/events/{event.slug}/"
    assert "secret-room" not in html(client.get(url))
    onsite = factories.UserFactory()
    services.register(event, user=onsite, mode="onsite")
    client.force_login(onsite)
    assert "secret-room" not in html(client.get(url))
    services.register(event, user=person, mode="online")
    waiting = factories.UserFactory()
    services.register(event, user=waiting, mode="online")
    client.force_login(waiting)
    assert "secret-room" not in html(client.get(url))
    client.force_login(person)
    page = html(client.get(url))
    assert 'href="https://meet.example.org/secret-room"' in page


def test_a_confirmed_registrant_sees_a_qr_code_without_inline_styles(client, person):
    english(client)
    event = make_event()
    registration = services.register(event, user=person)
    client.force_login(person)
    page = html(client.get(f"/events/{event.slug}/"))
    svg = re.search(r"<svg .*?</svg>", page, re.S).group(0)
    assert "style=" not in svg
    assert services.checkin_token(registration) in page
    assert "You are registered (On site)." in page


def test_event_ics_is_the_invite_as_an_attachment(client):
    event = make_event()
    response = client.get(f"/events/{event.slug}/event.ics")
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="{event.slug}.ics"'
    invite = Calendar.from_ical(response.content)
    assert [str(e["uid"]) for e in invite.walk("VEVENT")] == [f"event-{event.uid}@seoulbiohub.kr"]


# --- registering and cancelling ---------------------------------------------------------------


def test_registering_needs_an_account(client):
    event = make_event()
    response = client.get(f"/events/{event.slug}/register/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_registering_through_the_form_of_a_hybrid_event(client, person):
    english(client)
    event = make_event(format="hybrid", capacity_online=30, ask_affiliation=True)
    client.force_login(person)
    page = html(client.get(f"/events/{event.slug}/"))
    assert f'href="/events/{event.slug}/register/"' in page
    form = html(client.get(f"/events/{event.slug}/register/"))
    assert 'name="mode"' in form
    assert 'name="affiliation"' in form
    assert 'name="dietary_needs"' not in form
    assert client.post(f"/events/{event.slug}/register/", {}).status_code == 200  # mode missing
    response = client.post(
        f"/events/{event.slug}/register/",
        {"mode": "online", "affiliation": "Hanbit Bio"},
        follow=True,
    )
    assert response.redirect_chain == [(f"/events/{event.slug}/", 302)]
    assert "You are registered." in html(response)
    registration = Registration.objects.get(event=event, user=person)
    assert (registration.status, registration.mode, registration.affiliation) == (
        RegistrationStatus.CONFIRMED,
        "online",
        "Hanbit Bio",
    )


def test_one_click_registration_and_the_waiting_list_message(client, person):
    english(client)
    event = make_event(capacity_onsite=1)
    services.register(event, user=factories.UserFactory())
    client.force_login(person)
    page = html(client.get(f"/events/{event.slug}/"))
    assert f'<form method="post" action="/events/{event.slug}/register/">' in page
    response = client.post(f"/events/{event.slug}/register/", follow=True)
    assert "you are number 1 on the waiting list" in html(response)
    assert "You are number 1 on the waiting list." in html(response)
    assert Registration.objects.get(user=person).status == RegistrationStatus.WAITLISTED
    # a second try only says so
    response = client.post(f"/events/{event.slug}/register/", follow=True)
    assert "You are already registered for this event." in html(response)
    assert Registration.objects.filter(user=person).count() == 1


def test_registration_needing_approval_is_pending(client, person):
    english(client)
    event = make_event(needs_approval=True)
    client.force_login(person)
    response = client.post(f"/events/{event.slug}/register/", follow=True)
    assert "The organisers will review your registration" in html(response)
    assert "waiting for the organisers" in html(response)


def test_closed_registration_redirects_with_a_message(client, person):
    english(client)
    event = make_event(registration_closes_at=timezone.now() - timedelta(hours=1))
    client.force_login(person)
    response = client.post(f"/events/{event.slug}/register/", follow=True)
    assert "Registration for this event is closed." in html(response)
    assert not Registration.objects.exists()


def test_cancelling_through_the_page_promotes_the_first_person_waiting(client, person):
    english(client)
    event = make_event(capacity_onsite=1)
    services.register(event, user=person)
    first = services.register(event, user=factories.UserFactory())
    second = services.register(event, user=factories.UserFactory())
    client.force_login(person)
    url = f"/events/{event.slug}/cancel/"
    assert client.get(url).status_code == 405
    response = client.post(url, follow=True)
    assert "Your registration has been cancelled." in html(response)
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == (
        RegistrationStatus.CONFIRMED,
        RegistrationStatus.WAITLISTED,
    )
    assert services.waitlist_position(second) == 1


def test_cancelling_without_a_registration_changes_nothing(client, person):
    english(client)
    event = make_event()
    anonymous = client.post(f"/events/{event.slug}/cancel/")
    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith("/accounts/login/")
    client.force_login(person)
    response = client.post(f"/events/{event.slug}/cancel/", follow=True)
    assert "You have no registration for this event." in html(response)


# --- check-in -------------------------------------------------------------------------------


def test_only_staff_reach_the_check_in_page(client, staff):
    event = make_event()
    url = f"/events/{event.slug}/checkin/"
    assert client.get(url).status_code == 302
    for user in (factories.UserFactory(), factories.StaffFactory(mfa=False)):
        client.force_login(user)
        assert client.get(url).status_code == 404
        assert client.post(url, {"token": "x"}).status_code == 404
    client.force_login(staff)
    assert client.get(url).status_code == 200


def test_check_in_accepts_a_token_and_reports_a_second_scan(client, staff, person):
    english(client)
    event = make_event()
    registration = services.register(event, user=person)
    client.force_login(staff)
    url = f"/events/{event.slug}/checkin/"
    token = services.checkin_token(registration)
    response = client.post(url, {"token": token}, follow=True)
    assert "Kim Minji is checked in (On site)." in html(response)
    assert "<strong>1</strong> of <strong>1</strong>" in html(response)
    registration.refresh_from_db()
    assert registration.checked_in_at is not None
    response = client.post(url, {"token": token}, follow=True)
    assert "Kim Minji was already checked in at" in html(response)
    response = client.post(url, {"token": token + "x"}, follow=True)
    assert "This code is not valid." in html(response)
    assert client.post(url, {"token": ""}).status_code == 200  # the field's error


def test_check_in_by_name(client, staff, person):
    english(client)
    event = make_event()
    registration = services.register(event, user=person)
    services.register(event, user=factories.UserFactory(name="Lee Junho"))
    client.force_login(staff)
    url = f"/events/{event.slug}/checkin/"
    page = html(client.get(url + "?q=minji"))
    assert "Kim Minji" in page
    assert "Lee Junho" not in page
    response = client.post(url + "?q=minji", {"registration": registration.pk})
    assert response["Location"] == url + "?q=minji"
    registration.refresh_from_db()
    assert registration.checked_in_at is not None


# --- emails ---------------------------------------------------------------------------------


@pytest.mark.parametrize("full", [False, True])
def test_registration_emails_render_with_both_zones(full, person):
    event = make_event(capacity_onsite=1, time_zone="America/New_York")
    if full:
        services.register(event, user=factories.UserFactory())
    person.time_zone = "Asia/Seoul"
    person.save()
    services.register(event, user=person)
    notification = Notification.objects.get(recipient=person)
    subject, text, body_html = render_notification(notification)
    assert event.title_en in subject
    assert "KST" in text
    assert "(America/New_York)" in text
    assert "America/New_York" in body_html


def test_every_event_email_kind_renders(person, staff):
    event = make_event(capacity_onsite=1, needs_approval=False)
    first = services.register(event, user=person)
    waiting = services.register(event, user=factories.UserFactory())
    services.cancel_registration(first, actor=person)
    pending_event = make_event(needs_approval=True)
    services.register(pending_event, user=person)
    services.cancel_event(event, actor=staff)
    services.send_due_reminders(now=event.starts_at - timedelta(hours=1))
    kinds = set(Notification.objects.values_list("kind", flat=True))
    assert kinds == {
        "events.registration_confirmed",
        "events.registration_waitlisted",
        "events.registration_pending",
        "events.registration_promoted",
        "events.event_cancelled",
    }
    for notification in Notification.objects.all():
        subject, text, body_html = render_notification(notification)
        assert subject and text and body_html
    waiting.refresh_from_db()
    assert waiting.status == RegistrationStatus.CONFIRMED


def test_reminder_email_renders(person):
    event = make_event()
    services.register(event, user=person)
    assert services.send_due_reminders(now=event.starts_at - timedelta(hours=2)) == 1
    reminder = Notification.objects.get(kind="events.reminder")
    subject, _text, _html = render_notification(reminder)
    assert "Reminder" in subject


# --- home and the admin ---------------------------------------------------------------------


def test_home_lists_up_to_three_upcoming_events(client):
    english(client)
    assert "No event is scheduled yet." in html(client.get("/"))
    for _ in range(4):
        make_event()
    assert html(client.get("/")).count('href="/events/seminar-') == 3


def test_admin_lists_events_with_counts_and_exports_attendance(client, staff, person):
    staff.language = "en"
    staff.save()
    event = make_event(title_ko="=HYPERLINK(1)")
    registration = services.register(event, user=person, affiliation="Hanbit Bio")
    services.check_in(event, registration=registration, actor=staff)
    client.force_login(staff)
    english(client)
    page = html(client.get("/admin/events/event/"))
    assert "1 confirmed, 0 waiting, 0 pending, 1 checked in" in page
    assert "1 / 10" in page
    response = client.get(f"/admin/events/event/{event.pk}/attendance.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["Name", "Email", "Affiliation", "Attending", "Status", "Checked in at"]
    assert rows[1][:5] == ["Kim Minji", person.email, "Hanbit Bio", "On site", "Confirmed"]
    assert rows[1][5].endswith("KST")
    client.force_login(factories.StaffFactory(mfa=False))
    assert client.get(f"/admin/events/event/{event.pk}/attendance.csv").status_code == 302


def test_admin_cancel_action_tells_every_registrant(client, staff, person):
    event = make_event()
    services.register(event, user=person)
    client.force_login(staff)
    client.post("/admin/events/event/", {"action": "cancel_events", "_selected_action": [event.pk]})
    event.refresh_from_db()
    assert event.status == EventStatus.CANCELLED
    assert Notification.objects.filter(recipient=person, kind="events.event_cancelled").count() == 1


def test_admin_edit_of_a_published_event_raises_its_sequence(client, staff):
    event = make_event()
    client.force_login(staff)
    url = f"/admin/events/event/{event.pk}/change/"
    response = client.get(url)
    form = response.context["adminform"].form
    data = {
        name: form[name].value() if form[name].value() is not None else "" for name in form.fields
    }
    data.update(
        {
            "title_en": "Renamed seminar",
            "starts_at_0": timezone.localtime(event.starts_at).strftime("%Y-%m-%d"),
            "starts_at_1": timezone.localtime(event.starts_at).strftime("%H:%M:%S"),
            "ends_at_0": timezone.localtime(event.ends_at).strftime("%Y-%m-%d"),
            "ends_at_1": timezone.localtime(event.ends_at).strftime("%H:%M:%S"),
            "registration_opens_at_0": "",
            "registration_opens_at_1": "",
            "registration_closes_at_0": "",
            "registration_closes_at_1": "",
        }
    )
    for prefix in ("speakers", "agenda", "materials"):
        data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"})
    for flag in ("needs_approval", "ask_affiliation", "ask_dietary_needs"):
        if not data.get(flag):
            data.pop(flag, None)
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    event.refresh_from_db()
    assert (event.title_en, event.sequence) == ("Renamed seminar", 1)


def test_admin_approve_action_confirms_a_pending_registration(client, staff, person):
    event = make_event(needs_approval=True)
    registration = services.register(event, user=person)
    client.force_login(staff)
    client.post(
        "/admin/events/registration/",
        {"action": "approve", "_selected_action": [registration.pk]},
    )
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CONFIRMED
    assert client.get("/admin/events/registration/?q=minji").status_code == 200
