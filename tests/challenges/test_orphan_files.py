"""Uploaded files never outlive their rows: written on commit, and swept when orphaned.

A document's bytes reach storage only when the transaction that saves its row commits, so a
rollback (of the service's transaction or of any outer one) leaves no file. Files that still
lose their row (a crash between the two, a row deleted by hand) are deleted by the hourly
sweep once they are a day old.
"""

import logging
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

from challenges import services, tasks
from core.uploads import check_upload
from tests import factories

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 3, 10, 3, 0, tzinfo=UTC)


def stored() -> list[str]:
    root = Path(settings.MEDIA_ROOT)
    if not root.exists():
        return []
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


def checked_pdf(name="deck.pdf"):
    uploaded = SimpleUploadedFile(name, factories.MINIMAL_PDF)
    uploaded.checked = check_upload(uploaded)
    return uploaded


class Rollback(Exception):
    pass


def test_a_rolled_back_upload_leaves_no_file(django_capture_on_commit_callbacks):
    application = factories.ApplicationFactory()
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(Rollback),
        transaction.atomic(),
    ):
        services.add_document(
            application, actor=None, kind="pitch_deck", uploaded_file=checked_pdf()
        )
        raise Rollback
    assert application.documents.count() == 0
    assert stored() == []


def test_a_committed_upload_is_written_where_its_row_points(django_capture_on_commit_callbacks):
    application = factories.ApplicationFactory()
    with django_capture_on_commit_callbacks(execute=True):
        document = services.add_document(
            application, actor=None, kind="pitch_deck", uploaded_file=checked_pdf()
        )
    assert stored() == [document.file.name]
    with document.file.open("rb") as handle:
        assert handle.read() == factories.MINIMAL_PDF


def put(name: str, *, age: timedelta) -> str:
    saved = default_storage.save(name, ContentFile(b"%PDF-1.4\n"))
    moment = (NOW - age).timestamp()
    os.utime(default_storage.path(saved), (moment, moment))
    return saved


def test_the_sweep_deletes_old_orphans_only(caplog):
    document = factories.ApplicationDocumentFactory()
    referenced = document.file.name
    os.utime(default_storage.path(referenced), (0, 0))  # very old, but a row names it
    old_orphan = put(
        "applications/2026/03/0123456789abcdef0123456789abcdef.pdf", age=timedelta(days=2)
    )
    young_orphan = put(
        "applications/2026/03/fedcba9876543210fedcba9876543210.pdf", age=timedelta(hours=3)
    )
    old_evidence = put(
        "milestones/2026/01/00112233445566778899aabbccddeeff.pdf", age=timedelta(days=30)
    )
    old_report_file = put(
        "grant-reports/2026/01/8899aabbccddeeff0011223344556677.pdf", age=timedelta(days=30)
    )
    elsewhere = put("rooms/photo.jpg", age=timedelta(days=30))  # not a prefix of this sweep

    with time_machine.travel(NOW, tick=False), caplog.at_level(logging.INFO, "core.uploads"):
        assert tasks.delete_orphan_uploads.delay().get() == 3

    assert stored() == sorted([referenced, young_orphan, elsewhere])
    assert old_orphan not in stored() and old_evidence not in stored()
    assert old_report_file not in stored()
    assert [r.getMessage() for r in caplog.records if r.name == "core.uploads"] == [
        "Deleted 1 orphan upload(s) under applications/",
        "Deleted 1 orphan upload(s) under milestones/",
        "Deleted 1 orphan upload(s) under grant-reports/",
        "Deleted 0 orphan upload(s) under challenges/",
    ]


def test_the_sweep_is_on_the_beat_schedule():
    tasks_scheduled = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert {"challenges.delete_orphan_uploads", "partners.delete_orphan_decks"} <= tasks_scheduled
