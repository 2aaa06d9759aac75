"""Personal data: the inventory, the retention schedule and the destruction job (PIPA Art. 21)."""

import io
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.apps import apps
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import models

from config.dashboard.charts import Filters, funder_charts, staff_charts
from core.audit import log_action
from core.models import AuditEntry, DestructionLog
from core.privacy import (
    Category,
    classified_fields,
    destroy_expired,
    model_fields,
    personal_fields,
    rules,
)
from tests import factories

OUR_APPS = {"core", "accounts", "notifications", "challenges", "mentoring", "events", "partners"}
START = datetime(2025, 3, 2, 1, 0, tzinfo=UTC)


def test_every_field_of_every_model_is_classified():
    """A new field must say whether it is personal, and how, in <app>/personal_data.py."""
    registry = classified_fields()
    missing, stale = [], []
    for model in apps.get_models():
        if model._meta.app_label not in OUR_APPS:
            continue
        names = {f.name for f in model_fields(model)}
        declared = registry.get(model._meta.label, {})
        missing += [f"{model._meta.label}.{n}" for n in sorted(names - set(declared))]
        stale += [f"{model._meta.label}.{n}" for n in sorted(set(declared) - names)]
    assert missing == []
    assert stale == []


def test_every_category_is_a_known_one():
    found = {cat for fields in classified_fields().values() for cat in fields.values() if cat}
    assert found - set(Category.values) == set()


def test_rules_anonymise_only_personal_fields_and_are_described():
    for rule in rules():
        assert set(rule.fields) <= set(personal_fields(rule.model)), rule.key
        assert "%" not in rule.describe(), rule.key


def _marked_world():
    """Expired and live data, each personal value carrying a marker the scan looks for."""
    founder = factories.UserFactory(name="Founder Kim")
    startup = factories.StartupFactory()
    factories.StartupMembershipFactory(startup=startup, user=founder)
    old_call = factories.ChallengeFactory(
        opens_at=START - timedelta(days=30), closes_at=START, results_published_at=START
    )
    live_call = factories.ChallengeFactory(
        opens_at=START - timedelta(days=30), closes_at=START + timedelta(days=800)
    )
    draft = factories.CompleteApplicationFactory(
        challenge=old_call,
        startup=startup,
        created_by=founder,
        team_summary="EXPIRED-DRAFT team",
        technology_summary="EXPIRED-DRAFT tech",
        pitch_deck=False,
    )
    draft_doc = factories.ApplicationDocumentFactory(application=draft, original_name="EXPIRED.pdf")
    unselected = factories.CompleteApplicationFactory(
        challenge=old_call,
        startup=factories.StartupFactory(),
        status="not_selected",
        submitted_at=START - timedelta(days=5),
        unmet_need="EXPIRED-UNSELECTED need",
        pitch_deck=False,
    )
    kept = factories.CompleteApplicationFactory(
        challenge=live_call,
        startup=startup,
        team_summary="LIVE team",
        pitch_deck=False,
    )
    kept_doc = factories.ApplicationDocumentFactory(application=kept, original_name="LIVE.pdf")
    selected = factories.CompleteApplicationFactory(
        challenge=old_call,
        startup=factories.StartupFactory(),
        status="selected",
        submitted_at=START - timedelta(days=5),
        bms_fit="GRANT-KEPT fit",
        pitch_deck=False,
    )
    log_action(draft, "challenges.application.saved", actor=founder, data={"note": "EXPIRED-DRAFT"})
    old_event = factories.EventFactory(
        starts_at=START - timedelta(hours=3), ends_at=START - timedelta(hours=1)
    )
    attendee = factories.UserFactory(email="attendee@example.kr")
    factories.RegistrationFactory(
        event=old_event, user=attendee, affiliation="EXPIRED-REG lab", dietary_needs="EXPIRED-REG"
    )
    factories.NotificationFactory(recipient=founder, body_text="EXPIRED-NOTE body")
    return {
        "draft": draft,
        "draft_file": draft_doc.file.name,
        "unselected": unselected,
        "kept": kept,
        "kept_file": kept_doc.file.name,
        "selected": selected,
        "attendee": attendee,
    }


def _text_values():
    """Every text-like value in every table of ours (what the scan reads)."""
    for model in apps.get_models():
        text_fields = [
            f.name
            for f in model._meta.concrete_fields
            if isinstance(f, models.CharField | models.TextField | models.JSONField)
        ]
        if not text_fields:
            continue
        for row in model.objects.values_list(*text_fields):
            yield from (str(value) for value in row)


def _scan(marker: str) -> bool:
    return any(marker in value for value in _text_values())


def _aggregates():
    filters = Filters()
    return [chart.as_json() for chart in staff_charts(filters) + funder_charts(filters)]


@pytest.mark.django_db
def test_destruction_after_retention_leaves_no_expired_personal_value(
    django_capture_on_commit_callbacks,
):
    with time_machine.travel(START - timedelta(days=10), tick=False):
        world = _marked_world()
    registration_count = world["attendee"].event_registrations.count()
    with time_machine.travel(START + timedelta(days=3 * 365 + 5), tick=False):
        before = _aggregates()
        with django_capture_on_commit_callbacks(execute=True):
            destroy_expired()
        after = _aggregates()

    for marker in ("EXPIRED-DRAFT", "EXPIRED-UNSELECTED", "EXPIRED-REG", "EXPIRED-NOTE"):
        assert _scan(marker) is False, marker
    assert _scan("LIVE team") is True
    assert _scan("GRANT-KEPT fit") is True
    assert default_storage.exists(world["draft_file"]) is False
    assert default_storage.exists(world["kept_file"]) is True
    world["draft"].refresh_from_db()
    assert world["draft"].created_by is None
    assert world["draft"].status == "draft"
    assert world["attendee"].event_registrations.count() == registration_count - 1
    assert after == before
    entry = AuditEntry.objects.get(action="challenges.application.saved")
    assert (entry.data, entry.object_repr) == ({}, "—")


@pytest.mark.django_db
def test_destruction_writes_the_log_and_a_second_run_changes_nothing(
    django_capture_on_commit_callbacks,
):
    with time_machine.travel(START - timedelta(days=10), tick=False):
        _marked_world()
    with time_machine.travel(START + timedelta(days=3 * 365 + 5), tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            destroy_expired()
        # (the people of this world have not signed in for three years either: they are told)
        logged = {
            (row.rule, row.category, row.method, row.count, row.policy_version)
            for row in DestructionLog.objects.exclude(rule="inactive_account_notices")
        }
        snapshot = sorted(_text_values())
        with django_capture_on_commit_callbacks(execute=True):
            second = destroy_expired()
        assert sorted(_text_values()) == snapshot
    assert {outcome.count for outcome in second} == {0}
    assert logged == {
        ("draft_applications", "application", "anonymised", 1, "2026-12"),
        ("draft_applications_documents", "documents", "deleted", 1, "2026-12"),
        ("unselected_applications", "application", "anonymised", 1, "2026-12"),
        ("event_registrations", "attendance", "anonymised", 1, "2026-12"),
        ("notification_bodies", "log", "anonymised", 1, "2026-12"),
    }
    assert DestructionLog.objects.exclude(rule="inactive_account_notices").count() == 5


@pytest.mark.django_db
def test_nothing_is_destroyed_before_the_retention_date():
    with time_machine.travel(START - timedelta(days=10), tick=False):
        _marked_world()
    with time_machine.travel(START + timedelta(days=30), tick=False):
        destroy_expired()
    assert _scan("EXPIRED-DRAFT") is True
    assert _scan("EXPIRED-REG") is True
    assert DestructionLog.objects.count() == 0


@pytest.mark.django_db
def test_dry_run_lists_what_would_go_and_changes_nothing():
    with time_machine.travel(START - timedelta(days=10), tick=False):
        _marked_world()
    out = io.StringIO()
    with time_machine.travel(START + timedelta(days=3 * 365 + 5), tick=False):
        call_command("destroy_expired_data", "--dry-run", stdout=out)
    lines = {line.split("\t")[0]: line.split("\t")[3] for line in out.getvalue().splitlines()}
    assert lines["draft_applications"] == "1"
    assert lines["event_registrations"] == "1"
    assert _scan("EXPIRED-DRAFT") is True
    assert DestructionLog.objects.count() == 0


@pytest.mark.django_db
def test_destruction_works_in_batches():
    with time_machine.travel(START - timedelta(days=400), tick=False):
        for _ in range(3):
            factories.NotificationFactory(body_text="EXPIRED-NOTE")
    destroy_expired(now=START, batch_size=2)
    assert _scan("EXPIRED-NOTE") is False
    assert list(
        DestructionLog.objects.filter(rule="notification_bodies").values_list("count", flat=True)
    ) == [1, 2]


def test_the_job_is_a_named_daily_beat_task(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["core-destroy-expired-personal-data"]
    assert entry["task"] == "core.destroy_expired_personal_data"
    assert entry["schedule"] == timedelta(days=1)
