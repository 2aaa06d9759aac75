"""Coaching emails and calendar invites name the startup in each reader's language: a coach
abroad reads the English name the startup gave, the founders the registered Korean one."""

import pytest

from mentoring.services.booking import tell_both
from notifications.models import Notification
from notifications.services import render_notification
from tests.factories import (
    EngagementFactory,
    SessionFactory,
    StartupFactory,
    StartupMembershipFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def unfolded(ics: str) -> str:
    return ics.replace("\r\n ", "")


def test_session_email_and_invite_name_the_startup_in_each_readers_language():
    startup = StartupFactory(name="홍릉바이오", name_en="Hongneung Bio")
    founder = StartupMembershipFactory(startup=startup, user=UserFactory(language="ko")).user
    session = SessionFactory(engagement=EngagementFactory(startup=startup))
    coach = session.coach.user  # English, in New York
    tell_both(session, "mentoring.session_booked", key_suffix="test")

    to_coach = Notification.objects.get(recipient=coach)
    _subject, body_text, _html = render_notification(to_coach)
    assert "A 1:1 coaching session between Hongneung Bio and " in body_text
    assert "SUMMARY:1:1 coaching: Hongneung Bio × " in unfolded(to_coach.context["ics"])

    to_founder = Notification.objects.get(recipient=founder)
    _subject, body_text, _html = render_notification(to_founder)
    assert "홍릉바이오" in body_text
    assert "Hongneung Bio" not in body_text
    assert "홍릉바이오 × " in unfolded(to_founder.context["ics"])


def test_engagement_page_of_an_english_coach_shows_the_english_name(client):
    startup = StartupFactory(name="홍릉바이오", name_en="Hongneung Bio")
    session = SessionFactory(engagement=EngagementFactory(startup=startup))
    client.force_login(session.coach.user)
    page = client.get(session.get_absolute_url()).content.decode()
    assert "Hongneung Bio × " in page
    assert "홍릉바이오" not in page
