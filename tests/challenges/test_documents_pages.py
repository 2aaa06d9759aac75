"""The documents step and document downloads through HTTP (the rest of the application form is
in test_views.py)."""

import io
import zipfile
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile

from challenges.models import ApplicationDocument
from core.models import AuditEntry
from tests import factories

pytestmark = pytest.mark.django_db


def stored_files() -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def upload(client, name: str, content: bytes, kind="pitch_deck"):
    return client.post(
        f"/applications/{client.application.pk}/steps/documents/",
        {"kind": kind, "file": SimpleUploadedFile(name, content)},
    )


# --- documents ----------------------------------------------------------------------------


def test_pdf_upload_is_stored_under_a_random_name(
    founder_client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):  # the file is written on commit
        response = upload(founder_client, "우리 회사 소개.pdf", factories.MINIMAL_PDF)
    assert response.status_code == 302
    document = ApplicationDocument.objects.get()
    assert document.original_name == "우리 회사 소개.pdf"
    assert document.content_type == "application/pdf"
    assert [p.suffix for p in stored_files()] == [".pdf"]
    assert "회사" not in document.file.name


def zip_bomb_pptx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("ppt/presentation.xml", "<p/>")
        archive.writestr("ppt/media/zeros.bin", b"\0" * (60 * 1024 * 1024))
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("deck.pdf", b"\x7fELF\x02\x01\x01" + b"\0" * 200, "upload_unknown_type"),
        ("deck.pdf", b"MZ\x90\x00" + b"\0" * 200, "upload_unknown_type"),
        ("deck.pptx", zip_bomb_pptx(), "upload_zip_bomb"),
        ("deck.docx", factories.MINIMAL_PDF, "upload_extension_mismatch"),
    ],
    ids=["renamed ELF", "renamed Windows exe", "zip bomb as PPTX", "PDF named .docx"],
)
def test_refused_uploads_store_nothing(founder_client, name, content, code):
    response = upload(founder_client, name, content)
    assert response.status_code == 200
    assert [e.code for e in response.context["form"].errors.as_data()["file"]] == [code]
    assert ApplicationDocument.objects.count() == 0
    assert stored_files() == []


@pytest.mark.parametrize("name", ["../../etc/deck.pdf", "..\\..\\deck.pdf", "/var/tmp/deck.pdf"])  # noqa: S108
def test_path_in_the_file_name_never_reaches_storage(
    founder_client, name, django_capture_on_commit_callbacks
):
    """Django keeps only the last part of an uploaded name; core.uploads refuses any path
    that still gets through (tests/core/test_upload_checks.py). The stored name is random."""
    with django_capture_on_commit_callbacks(execute=True):
        upload(founder_client, name, factories.MINIMAL_PDF)
    document = ApplicationDocument.objects.get()
    assert document.original_name == "deck.pdf"
    assert [p.parent.parent.parent for p in stored_files()] == [
        Path(settings.MEDIA_ROOT) / "applications"
    ]


def test_oversize_upload_is_refused(founder_client, settings):
    settings.UPLOAD_MAX_BYTES = 1024
    response = upload(founder_client, "deck.pdf", factories.MINIMAL_PDF + b"\0" * 2048)
    assert [e.code for e in response.context["form"].errors.as_data()["file"]] == [
        "upload_too_large"
    ]
    assert ApplicationDocument.objects.count() == 0
    assert stored_files() == []


def documents_url(application, step="documents") -> str:
    return f"/applications/{application.pk}/steps/{step}/"


@pytest.mark.parametrize(("go", "step"), [("next", "consents"), ("previous", "support")])
def test_a_chosen_file_is_uploaded_when_the_founder_moves_on(founder_client, go, step):
    application = founder_client.application
    response = founder_client.post(
        documents_url(application),
        {
            "kind": "pitch_deck",
            "file": SimpleUploadedFile("deck.pdf", factories.MINIMAL_PDF),
            "go": go,
        },
    )
    assert response.status_code == 302
    assert response["Location"] == documents_url(application, step)
    assert list(application.documents.values_list("kind", "original_name")) == [
        ("pitch_deck", "deck.pdf")
    ]


def test_moving_on_without_a_chosen_file_asks_for_nothing(founder_client):
    application = founder_client.application
    response = founder_client.post(documents_url(application), {"kind": "pitch_deck", "go": "next"})
    assert response["Location"] == documents_url(application, "consents")
    assert application.documents.count() == 0


def test_a_refused_file_stops_the_founder_on_the_step_with_the_reason(founder_client):
    application = founder_client.application
    response = founder_client.post(
        documents_url(application),
        {
            "kind": "business_plan",
            "file": SimpleUploadedFile(
                "사업계획서.hwp", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1HWP Document File"
            ),
            "go": "next",
        },
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200
    assert [e.code for e in response.context["form"].errors.as_data()["file"]] == ["upload_hwp"]
    assert "save it as PDF" in response.content.decode()
    assert application.documents.count() == 0
    assert stored_files() == []


def test_a_pdf_with_javascript_is_refused_and_stores_nothing(founder_client):
    script = (
        b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog /OpenAction << /S /JavaScript "
        b"/JS (app.launchURL('https://example.com')) >> >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n"
    )
    response = upload(founder_client, "deck.pdf", script)
    assert [e.code for e in response.context["form"].errors.as_data()["file"]] == [
        "upload_active_content"
    ]
    assert ApplicationDocument.objects.count() == 0
    assert stored_files() == []


def test_the_documents_step_names_the_formats_before_a_file_is_chosen(founder_client):
    page = founder_client.get(documents_url(founder_client.application)).content.decode()
    help_text = page.index("Accepted formats: PDF, PPTX, DOCX or XLSX, up to 20 MB.")
    assert "Hangul (HWP, HWPX) files are not accepted: save them as PDF first." in page
    assert help_text < page.index('type="file"')
    # One form: the file input and the buttons that leave the step submit together.
    form = page[page.index('enctype="multipart/form-data"') :]
    form = form[: form.index("</form>")]
    assert [f'value="{go}"' in form for go in ("upload", "next", "previous")] == [True] * 3


def test_download_is_an_attachment_with_nosniff(founder_client):
    document = factories.ApplicationDocumentFactory(application=founder_client.application)
    response = founder_client.get(document.get_absolute_url())
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="deck.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == factories.MINIMAL_PDF
    assert AuditEntry.objects.filter(action__contains="downloaded").count() == 0


def test_another_startups_document_is_404_for_download_and_delete(founder_client):
    other = factories.ApplicationDocumentFactory()
    own = founder_client.application
    assert founder_client.get(other.get_absolute_url()).status_code == 404
    # Their document id under our own application id: still not found.
    assert founder_client.get(f"/applications/{own.pk}/documents/{other.pk}/").status_code == 404
    response = founder_client.post(
        f"/applications/{other.application_id}/documents/{other.pk}/delete/"
    )
    assert response.status_code == 404
    assert ApplicationDocument.objects.filter(pk=other.pk).exists()


def test_staff_download_is_audit_logged(client):
    document = factories.ApplicationDocumentFactory()
    staff = factories.StaffFactory()
    client.force_login(staff)
    assert client.get(document.get_absolute_url()).status_code == 200
    entry = AuditEntry.objects.get(action="challenges.application.document_downloaded")
    assert (entry.actor, entry.data) == (staff, {"document": document.pk, "kind": "pitch_deck"})
