"""Consultation emails and calendar invites name the startup in each reader's language."""

import pytest

from notifications.models import Notification
from notifications.services import render_notification
from partners.models import ConsultationStatus
from partners.services.notices import tell
from tests.factories import (
    PartnerMemberFactory,
    StartupFactory,
    StartupMembershipFactory,
    UserFactory,
)
from tests.partners.factories import ConsultationRequestFactory, next_weekday, seoul

pytestmark = pytest.mark.django_db


def unfolded(ics: str) -> str:
    return ics.replace("\r\n ", "")


def test_consultation_email_and_invite_name_the_startup_in_each_readers_language():
    startup = StartupFactory(name="홍릉바이오", name_en="Hongneung Bio")
    founder = StartupMembershipFactory(startup=startup, user=UserFactory(language="ko")).user
    rep = PartnerMemberFactory(user=UserFactory(language="en")).user
    day = next_weekday(1)
    consultation = ConsultationRequestFactory(
        startup=startup,
        partner=rep.partner_memberships.get().partner,
        status=ConsultationStatus.ACCEPTED,
        starts_at=seoul(day, 14),
        ends_at=seoul(day, 15),
    )
    tell(consultation, "partners.consultation_accepted", to="both", step="test")

    to_rep = Notification.objects.get(recipient=rep)
    _subject, body_text, _html = render_notification(to_rep)
    assert "The consultation between Hongneung Bio and " in body_text
    assert "Startup: Hongneung Bio" in body_text
    assert "SUMMARY:Consultation: Hongneung Bio × " in unfolded(to_rep.context["ics"])

    to_founder = Notification.objects.get(recipient=founder)
    _subject, body_text, _html = render_notification(to_founder)
    assert "스타트업: 홍릉바이오" in body_text
    assert "Hongneung Bio" not in body_text
    assert "홍릉바이오 × " in unfolded(to_founder.context["ics"])
