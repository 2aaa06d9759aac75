"""Events pages: registering, cancelling, check-in, emails, home and admin."""

import csv
import io
import re
from datetime import timedelta

import pytest
from django.utils import timezone

from core.timefmt import format_time_range, zone_name
from events import selectors, services
from events.models import (
    EventStatus,
    Registration,
    RegistrationStatus,
)
from notifications.models import Notification
from notifications.services import render_notification
from tests import factories
from tests.events.view_helpers import english, html, make_event

pytestmark = pytest.mark.django_db

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
    assert selectors.waitlist_position(second) == 1


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
    token = selectors.checkin_token(registration)
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


def test_check_in_search_survives_paging(client, staff):
    event = make_event(capacity_onsite=30)
    for n in range(26):
        services.register(event, user=factories.UserFactory(name=f"Park {n:02}"))
    services.register(event, user=factories.UserFactory(name="Lee Junho"))
    client.force_login(staff)
    url = f"/events/{event.slug}/checkin/"
    first = html(client.get(url + "?q=park"))
    assert 'href="?q=park&amp;page=2"' in first
    second = html(client.get(url + "?q=park&page=2"))
    assert ("Park 25" in second, "Park 00" in second, "Lee Junho" in second) == (True, False, False)
    assert 'href="?q=park&amp;page=1"' in second


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
    local = format_time_range(event.starts_at, event.ends_at, "America/New_York", "en")
    name = zone_name("America/New_York", event.starts_at, "en")  # Eastern Time (EST or EDT)
    assert f"Local time of the event: {local} · {name}" in text
    assert f"{local} · {name}" in body_html
    assert "America/New_York" not in text + body_html


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
        "events.registration_cancelled",
        "events.event_cancelled",
    }
    for notification in Notification.objects.all():
        subject, text, body_html = render_notification(notification)
        assert subject and text and body_html
    waiting.refresh_from_db()
    assert waiting.status == RegistrationStatus.CONFIRMED


def test_event_emails_end_with_the_button_to_the_event(person, settings):
    event = make_event()
    services.register(event, user=person)
    _subject, _text, body_html = render_notification(Notification.objects.get(recipient=person))
    button = re.search(r'<a href="([^"]+)" style="([^"]+)">([^<]+)</a>', body_html)
    assert button.group(1, 3) == (settings.SITE_URL + event.get_absolute_url(), "Open the event")
    assert "display:inline-block" in button.group(2)


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


def test_attendance_export_quotes_what_a_spreadsheet_would_run(client, staff):
    event = make_event()
    typed = factories.UserFactory(name="@SUM(1+1)")
    services.register(event, user=typed, affiliation='=HYPERLINK("http://x")')
    client.force_login(staff)
    response = client.get(f"/admin/events/event/{event.pk}/attendance.csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[1][:3] == ["'@SUM(1+1)", typed.email, '\'=HYPERLINK("http://x")']


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
