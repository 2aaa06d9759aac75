"""The in-app inbox shows a summary, a button to the object and the invitation, never the
email pasted in (with its raw links and a mention of an attachment the page does not have)."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse
from icalendar import Calendar

from mentoring import services as mentoring
from notifications import delivery
from notifications.models import Notification
from tests.factories import NotificationFactory, UserFactory
from tests.mentoring.service_helpers import NOW, TUESDAY_9, coach_in, engagement_with

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def booked(django_capture_on_commit_callbacks):
    engagement = engagement_with(coach_in())
    founder = engagement.startup.memberships.get().user
    with django_capture_on_commit_callbacks(execute=True):
        session = mentoring.book_session(engagement, actor=founder, starts_at=TUESDAY_9, now=NOW)
    notification = Notification.objects.get(kind="mentoring.session_booked", recipient=founder)
    return session, founder, notification


@pytest.mark.parametrize("language", ["ko", "en"])
def test_inbox_page_of_an_invitation_has_summary_button_and_calendar_file(client, booked, language):
    session, founder, notification = booked
    founder.language = language
    founder.save(update_fields=["language"])
    client.force_login(founder)

    page = client.get(reverse("notifications:detail", args=[notification.pk]))

    html = page.content.decode()
    summary = re.search(r'notification-body">(.*?)</div>', html, re.S).group(1)
    assert settings.SITE_URL not in html
    assert ("첨부" if language == "ko" else "attached") not in summary
    assert session.startup.name in summary
    assert f'href="{session.get_absolute_url()}"' in html
    invitation_url = reverse("notifications:invitation", args=[notification.pk])
    assert f'href="{invitation_url}"' in html

    download = client.get(invitation_url)
    assert download.status_code == 200
    assert download["Content-Type"] == "text/calendar; charset=utf-8"
    assert download.content.decode() == notification.context["ics"]
    assert Calendar.from_ical(download.content).get("METHOD") == "REQUEST"


def test_the_email_itself_still_has_the_link_and_the_attachment_sentence(booked):
    _session, _founder, notification = booked
    message = next(m for m in mail.outbox if m.to == [notification.email])
    assert settings.SITE_URL in message.body
    assert "첨부" in message.body
    assert message.attachments


def test_invitation_of_someone_elses_notification_is_404(client, booked):
    _session, _founder, notification = booked
    client.force_login(UserFactory())
    url = reverse("notifications:invitation", args=[notification.pk])
    assert client.get(url).status_code == 404


def test_notification_without_invitation_has_no_calendar_link_and_no_file(client):
    notification = NotificationFactory()
    client.force_login(notification.recipient)
    page = client.get(reverse("notifications:detail", args=[notification.pk]))
    url = reverse("notifications:invitation", args=[notification.pk])
    assert url not in page.content.decode()
    assert 'href="/invitations/abc/"' in page.content.decode()
    assert client.get(url).status_code == 404


def test_inbox_list_links_each_notification_to_its_object(client):
    notification = NotificationFactory()
    client.force_login(notification.recipient)
    page = client.get(reverse("notifications:inbox"))
    assert 'href="/invitations/abc/"' in page.content.decode()


def test_a_link_to_another_site_in_the_context_is_never_a_button(client):
    notification = NotificationFactory(context={"startup": "S", "url": "//evil.example/x"})
    client.force_login(notification.recipient)
    page = client.get(reverse("notifications:detail", args=[notification.pk]))
    assert "evil.example" not in page.content.decode()


def test_every_email_text_keeps_links_and_attachment_sentences_out_of_the_inbox():
    """A new email template cannot paste its raw link into the inbox: every line of a body.txt
    that prints site_url or speaks of an attachment sits inside {% if not inbox %}."""
    offending = []
    for path in sorted(ROOT.glob("*/templates/notifications/**/body.txt")):
        for number, line in enumerate(path.read_text().splitlines(), 1):
            mentions = "site_url" in line or re.search(r"attach", line, re.I)
            if mentions and not re.search(r"\{% if not inbox %\}.*\{% endif %\}", line):
                offending.append(f"{path.relative_to(ROOT)}:{number}")
    assert offending == []


def test_message_id_is_stable_per_notification_and_differs_between_them():
    first, second = NotificationFactory(), NotificationFactory()
    assert delivery.message_id(first) == delivery.message_id(first)
    assert delivery.message_id(first) != delivery.message_id(second)
    assert delivery.message_id(first).endswith("@seoulbiohub.kr>")
    assert delivery.build_message(first).extra_headers["Message-ID"] == delivery.message_id(first)
