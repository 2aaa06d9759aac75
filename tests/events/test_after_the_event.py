"""After the day: the joining link released before the start, certificates of attendance
with a public check, and the one follow-up (survey or materials) after the event."""

import io
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core import mail
from pypdf import PdfReader

from core.models import AuditEntry
from events import services
from events.certificates import certificate_pdf
from events.models import Certificate, Material
from notifications.models import Notification
from tests import factories
from tests.events.view_helpers import english, html, make_event

pytestmark = pytest.mark.django_db

# Pinned: registration a week ahead, the event on Tuesday 10 March 2026, 10:00 to 12:00 KST.
BEFORE = datetime(2026, 3, 3, 0, 0, tzinfo=UTC)
STARTS = datetime(2026, 3, 10, 1, 0, tzinfo=UTC)
SECRET = "https://meet.example.org/secret-room-4711"


def online_event(**fields):
    return make_event(
        starts_at=STARTS,
        format="hybrid",
        capacity_onsite=5,
        capacity_online=5,
        online_link=SECRET,
        online_link_release=timedelta(hours=1),
        **fields,
    )


def everything_sent() -> str:
    """Every outbox row's context and every email's bodies, as one text."""
    rows = " ".join(str(row.context) for row in Notification.objects.all())
    bodies = " ".join(
        message.body + "".join(str(part[0]) for part in getattr(message, "alternatives", []))
        for message in mail.outbox
    )
    return rows + bodies


def test_joining_link_stays_hidden_until_its_release_time(
    client, person, django_capture_on_commit_callbacks
):
    with time_machine.travel(BEFORE, tick=False):
        event = online_event()
        with django_capture_on_commit_callbacks(execute=True):
            services.register(event, user=person, mode="online")
    page, feed = f"/events/{event.slug}/", "/events/calendar.ics"
    file = f"/events/{event.slug}/event.ics"

    with time_machine.travel(STARTS - timedelta(minutes=61), tick=False):
        assert services.send_online_links() == 0
        assert SECRET not in html(client.get(page))
        assert SECRET not in html(client.get(feed))
        client.force_login(person)
        assert SECRET not in html(client.get(page))
        assert SECRET not in html(client.get(file))
        client.logout()
    assert SECRET not in everything_sent()

    with time_machine.travel(STARTS - timedelta(minutes=59), tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            assert services.send_online_links() == 1
            assert services.send_online_links() == 0
        # Released to the registrant, still never to the public page or the feed.
        assert SECRET not in html(client.get(page))
        assert SECRET not in html(client.get(feed))
        client.force_login(person)
        assert f'href="{SECRET}"' in html(client.get(page))

    (row,) = Notification.objects.filter(kind="events.link_released")
    assert (row.recipient, row.context["online_link"]) == (person, SECRET)
    assert SECRET in everything_sent()


def test_joining_link_goes_only_to_confirmed_online_registrants():
    with time_machine.travel(BEFORE, tick=False):
        event = online_event()
        online = factories.UserFactory()
        services.register(event, user=online, mode="online")
        services.register(event, user=factories.UserFactory(), mode="onsite")
        cancelled = factories.UserFactory()
        services.register(event, user=cancelled, mode="online")
        services.cancel_registration(event.registrations.get(user=cancelled), actor=cancelled)
    with time_machine.travel(STARTS - timedelta(minutes=10), tick=False):
        assert services.send_online_links() == 1
    assert list(
        Notification.objects.filter(kind="events.link_released").values_list("recipient", flat=True)
    ) == [online.pk]


def attended_and_missed(**fields):
    """An ended event: one person checked in, one registered but absent, one cancelled."""
    with time_machine.travel(BEFORE, tick=False):
        event = make_event(starts_at=STARTS, **fields)
        came, absent, cancelled = (factories.UserFactory(name=n) for n in ("김민지", "B", "C"))
        came_registration = services.register(event, user=came)
        services.register(event, user=absent)
        services.cancel_registration(services.register(event, user=cancelled), actor=cancelled)
    with time_machine.travel(STARTS + timedelta(minutes=5), tick=False):
        services.check_in(event, registration=came_registration, actor=factories.StaffFactory())
    return event, came, absent


def test_follow_ups_go_out_once_after_the_event():
    event, came, absent = attended_and_missed(survey_url="https://survey.example.org/s/1")
    Material.objects.create(event=event, title="Slides", url="https://files.example.org/1.pdf")

    with time_machine.travel(STARTS + timedelta(hours=1), tick=False):
        assert services.send_follow_ups() == 0  # not over yet
    with time_machine.travel(STARTS + timedelta(hours=3), tick=False):
        assert services.send_follow_ups() == 2
        assert services.send_follow_ups() == 0

    rows = {
        row.kind: row for row in Notification.objects.filter(kind__startswith="events.follow_up")
    }
    assert sorted((kind, row.recipient) for kind, row in rows.items()) == [
        ("events.follow_up_attended", came),
        ("events.follow_up_missed", absent),
    ]
    certificate = Certificate.objects.get()
    assert rows["events.follow_up_attended"].context["survey_url"] == (
        "https://survey.example.org/s/1"
    )
    assert rows["events.follow_up_attended"].context["certificate_code"] == certificate.code
    assert rows["events.follow_up_missed"].context["materials"] == [
        {"title": "Slides", "url": "https://files.example.org/1.pdf"}
    ]
    assert certificate.registration.user == came


def test_a_no_show_gets_the_materials_once_they_are_published():
    event, _came, absent = attended_and_missed()
    with time_machine.travel(STARTS + timedelta(hours=3), tick=False):
        assert services.send_follow_ups() == 1  # the attendee; nothing to send the absent yet
    Material.objects.create(event=event, title="Recording", url="https://video.example.org/1")
    with time_machine.travel(STARTS + timedelta(days=2), tick=False):
        assert services.send_follow_ups() == 1
        assert services.send_follow_ups() == 0
    assert list(
        Notification.objects.filter(kind="events.follow_up_missed").values_list(
            "recipient", flat=True
        )
    ) == [absent.pk]


def issued_certificate():
    _event, came, _ = attended_and_missed()
    with time_machine.travel(STARTS + timedelta(hours=3), tick=False):
        services.send_follow_ups()
    return Certificate.objects.select_related("registration__event").get(), came


def test_a_certificate_is_issued_once_and_audited():
    certificate, _came = issued_certificate()
    assert services.issue_certificate(certificate.registration) == certificate
    assert list(
        AuditEntry.objects.filter(action="events.certificate.issued").values_list("data", flat=True)
    ) == [{"code": certificate.code}]


def test_the_certificate_pdf_has_the_korean_text_and_the_code():
    certificate, _ = issued_certificate()
    text = PdfReader(io.BytesIO(certificate_pdf(certificate))).pages[0].extract_text()
    event = certificate.registration.event
    assert "김민지" in text
    assert event.title_ko in text
    assert certificate.code in text
    assert f"/certificates/{certificate.code}/" in text


def test_the_certificate_pdf_is_only_for_its_holder(client):
    certificate, came = issued_certificate()
    url = f"/events/{certificate.registration.event.slug}/certificate.pdf"
    assert client.get(url).status_code == 302
    client.force_login(factories.UserFactory())
    assert client.get(url).status_code == 404
    client.force_login(came)
    response = client.get(url)
    assert (response.status_code, response["Content-Type"]) == (200, "application/pdf")
    assert response.content.startswith(b"%PDF")


def test_a_certificate_code_verifies_and_a_changed_one_does_not(client):
    certificate, _ = issued_certificate()
    english(client)
    response = client.get(f"/certificates/{certificate.code}/")
    assert response.status_code == 200
    assert "This certificate is valid." in html(response)
    assert "김민지" in html(response)
    assert client.get(f"/certificates/{certificate.code.lower()}/").status_code == 200

    last = certificate.code[-1]
    changed = certificate.code[:-1] + ("2" if last != "2" else "3")
    response = client.get(f"/certificates/{changed}/")
    assert response.status_code == 404
    assert "it is not valid" in html(response)
    assert "김민지" not in html(response)
