"""The deadline rush of `make bench` (bench/rush.py), the parts that need no server: what it
posts is what the application forms accept, its PDF passes the upload check, and its check of
the database finds exactly the drafts that were lost. No timings here."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from bench import rush
from challenges.forms import FitForm, SupportForm, TeamForm, TechnologyForm
from challenges.models import Application
from core.uploads import check_upload
from tests import factories

pytestmark = pytest.mark.django_db

FORMS = {"team": TeamForm, "technology": TechnologyForm, "fit": FitForm, "support": SupportForm}


def test_rush_answers_are_valid_and_saved_as_the_check_expects():
    challenge = factories.ChallengeFactory()
    application = factories.ApplicationFactory(challenge=challenge)
    area = challenge.therapeutic_areas.get()
    saved = {}
    for step, data in rush.answers(7, area.pk).items():
        kwargs = {"challenge": challenge} if step in ("technology", "support") else {}
        form = FORMS[step](data, instance=application, **kwargs)
        assert form.errors == {}
        saved.update(form.valid_answers())
    saved["therapeutic_area_id"] = saved.pop("therapeutic_area").pk
    expected = rush.expected_fields(7, area.pk)
    assert {name: saved[name] for name in expected} == expected


def test_rush_pdf_passes_the_upload_check():
    upload = SimpleUploadedFile("pitch-deck-1.pdf", rush.tiny_pdf("Pitch deck 1"))
    assert check_upload(upload).kind == "pdf"


def test_lost_drafts_names_each_founder_whose_work_is_missing():
    challenge = factories.ChallengeFactory()
    area = challenge.therapeutic_areas.get()
    kept = factories.CompleteApplicationFactory(
        challenge=challenge, **rush.expected_fields(1, area.pk), status="submitted"
    )
    Application.objects.filter(pk=kept.pk).update(submitted_at=kept.created_at)
    changed = factories.CompleteApplicationFactory(
        challenge=challenge, **rush.expected_fields(2, area.pk), status="submitted"
    )
    Application.objects.filter(pk=changed.pk).update(
        submitted_at=changed.created_at, bms_fit="something else"
    )
    draft = factories.CompleteApplicationFactory(
        challenge=challenge, **rush.expected_fields(3, area.pk), pitch_deck=False
    )
    never = factories.StartupFactory()
    expected = {
        kept.startup_id: rush.expected_fields(1, area.pk),
        changed.startup_id: rush.expected_fields(2, area.pk),
        draft.startup_id: rush.expected_fields(3, area.pk),
        never.pk: rush.expected_fields(4, area.pk),
    }

    assert rush.lost_drafts(challenge, expected) == [
        f"startup {changed.startup_id}: bms_fit",
        f"startup {draft.startup_id}: status draft, no pitch deck",
        f"startup {never.pk}: no application",
    ]
