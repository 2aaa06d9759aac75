"""Consultation decks: written when the request commits; orphans swept after a day."""

import os
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import time_machine
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from core.uploads import check_upload
from partners import services, tasks
from partners.models import ConsultationRequest
from tests.factories import (
    PartnerFactory,
    PartnerMemberFactory,
    StartupMembershipFactory,
    TherapeuticAreaFactory,
    UserFactory,
)
from tests.partners.factories import next_weekday, seoul

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 3, 10, 3, 0, tzinfo=UTC)


def stored() -> list[str]:
    root = Path(settings.MEDIA_ROOT)
    if not root.exists():
        return []
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


def request_with_deck() -> ConsultationRequest:
    partner = PartnerFactory()
    PartnerMemberFactory(partner=partner, user=UserFactory())
    membership = StartupMembershipFactory()
    deck = SimpleUploadedFile("deck.pdf", b"%PDF-1.7\n" + b"0" * 256 + b"\n%%EOF\n")
    deck.checked = check_upload(deck)
    day = next_weekday(1)
    return services.request_consultation(
        partner,
        actor=membership.user,
        startup=membership.startup,
        topic="PD-1 bispecific",
        area=TherapeuticAreaFactory(),
        ask="Feedback on our IND plan.",
        mode="online",
        times=[(seoul(day, 14), seoul(day, 15))],
        deck=deck,
    )


class Rollback(Exception):
    pass


def test_a_rolled_back_request_leaves_no_deck(django_capture_on_commit_callbacks):
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(Rollback),
        transaction.atomic(),
    ):
        request_with_deck()
        raise Rollback
    assert ConsultationRequest.objects.count() == 0
    assert stored() == []


def test_a_committed_request_keeps_its_deck_and_the_sweep_spares_it(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        consultation = request_with_deck()
    assert stored() == [consultation.deck.name]
    os.utime(default_storage.path(consultation.deck.name), (0, 0))
    orphan = default_storage.save("consultation-decks/2026/03/orphan.pdf", ContentFile(b"x"))
    moment = (NOW - timedelta(days=1, seconds=1)).timestamp()
    os.utime(default_storage.path(orphan), (moment, moment))
    young = default_storage.save("consultation-decks/2026/03/young.pdf", ContentFile(b"x"))
    moment = (NOW - timedelta(hours=23)).timestamp()
    os.utime(default_storage.path(young), (moment, moment))

    with time_machine.travel(NOW, tick=False):
        assert tasks.delete_orphan_decks.delay().get() == 1

    assert stored() == sorted([consultation.deck.name, young])
