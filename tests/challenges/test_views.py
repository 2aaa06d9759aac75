"""Challenge pages and the application form through HTTP."""

import io
import zipfile
from datetime import timedelta
from pathlib import Path

import pytest
import time_machine
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from challenges.models import Application, ApplicationDocument, ApplicationStatus
from core.models import AuditEntry
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def founder_client(client):
    application = factories.ApplicationFactory()
    founder = factories.StartupMembershipFactory(
        startup=application.startup, user__language="en"
    ).user
    client.force_login(founder)
    client.application = application
    client.founder = founder
    return client


def stored_files() -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def upload(client, name: str, content: bytes, kind="pitch_deck"):
    return client.post(
        f"/applications/{client.application.pk}/steps/documents/",
        {"kind": kind, "file": SimpleUploadedFile(name, content)},
    )


# --- public pages -------------------------------------------------------------------------


def test_challenge_list_and_detail_show_published_calls_only(client):
    published = factories.ChallengeFactory(title_en="Open Call")
    hidden = factories.ChallengeFactory(is_published=False, title_en="Hidden Call")
    page = client.get("/challenges/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Open Call" in page
    assert "Hidden Call" not in page
    assert client.get(f"/challenges/{published.slug}/").status_code == 200
    assert client.get(f"/challenges/{hidden.slug}/").status_code == 404


def test_challenge_detail_explains_status_and_eligibility_in_english(client):
    challenge = factories.ChallengeFactory()
    page = client.get(f"/challenges/{challenge.slug}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Open for applications" in page
    assert "Closes in" in page
    assert "at most 7 years before the call closes" in page
    assert "KRW 50,000,000" in page
    assert f'href="/challenges/{challenge.slug}/apply/"' in page


def test_challenge_list_query_count_does_not_grow_with_calls(client):
    factories.ChallengeFactory()
    client.get("/challenges/")
    with CaptureQueriesContext(connection) as one:
        client.get("/challenges/")
    factories.ChallengeFactory.create_batch(9)
    with CaptureQueriesContext(connection) as ten:
        client.get("/challenges/")
    assert len(ten.captured_queries) == len(one.captured_queries)


def test_home_lists_open_calls(client):
    factories.ChallengeFactory(title_ko="열린 공모")
    factories.ChallengeFactory(
        title_ko="닫힌 공모",
        opens_at=factories.timezone.now() - timedelta(days=30),
        closes_at=factories.timezone.now() - timedelta(days=1),
    )
    page = client.get("/").content.decode()
    assert "열린 공모" in page
    assert "닫힌 공모" not in page


# --- starting -----------------------------------------------------------------------------


def test_founder_without_startup_is_sent_to_create_one_first(client):
    challenge = factories.ChallengeFactory()
    client.force_login(factories.UserFactory())
    response = client.get(f"/challenges/{challenge.slug}/apply/")
    assert response.status_code == 302
    assert response.url == f"/startups/new/?next=/challenges/{challenge.slug}/apply/"


def test_start_page_creates_the_draft_on_post_only(client):
    challenge = factories.ChallengeFactory()
    startup = factories.StartupMembershipFactory(user=factories.UserFactory()).startup
    client.force_login(startup.memberships.get().user)
    assert client.get(f"/challenges/{challenge.slug}/apply/").status_code == 200
    assert Application.objects.count() == 0
    response = client.post(f"/challenges/{challenge.slug}/apply/", {"startup": startup.pk})
    application = Application.objects.get()
    assert response.url == f"/applications/{application.pk}/steps/team/"
    # Coming back continues the same draft.
    assert client.get(f"/challenges/{challenge.slug}/apply/").url == response.url


# --- steps --------------------------------------------------------------------------------


def test_step_saves_valid_answers_even_when_another_is_wrong(founder_client):
    application = founder_client.application
    response = founder_client.post(
        f"/applications/{application.pk}/steps/support/",
        {"wants_grant": "on", "requested_grant_amount": "90000000", "grant_use_plan": "Mice."},
    )
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["requested_grant_amount"]
    assert 'value="90000000"' in response.content.decode()  # what they typed is kept
    application.refresh_from_db()
    assert (application.grant_use_plan, application.requested_grant_amount) == ("Mice.", None)


def test_step_moves_on_when_valid(founder_client):
    application = founder_client.application
    response = founder_client.post(
        f"/applications/{application.pk}/steps/team/", {"team_summary": "Two PhDs.", "go": "next"}
    )
    assert response.url == f"/applications/{application.pk}/steps/technology/"


def test_co_founder_edits_the_same_draft(founder_client, client):
    application = founder_client.application
    cofounder = factories.StartupMembershipFactory(startup=application.startup, role="member").user
    client.force_login(cofounder)
    client.post(f"/applications/{application.pk}/steps/fit/", {"bms_fit": "Cell therapy."})
    page = founder_client.get(f"/applications/{application.pk}/steps/fit/").content.decode()
    assert "Cell therapy." in page


def test_technology_step_offers_only_the_calls_areas(founder_client):
    factories.TherapeuticAreaFactory(slug="neurology", name_en="Neurology")
    page = founder_client.get(
        f"/applications/{founder_client.application.pk}/steps/technology/"
    ).content.decode()
    assert "Oncology" in page
    assert "Neurology" not in page


def test_review_step_lists_what_is_missing_and_the_eligibility(founder_client):
    page = founder_client.get(
        f"/applications/{founder_client.application.pk}/steps/review/"
    ).content.decode()
    assert "Upload the pitch deck." in page
    assert "Choose the therapeutic area of your technology." in page


def test_eligibility_panel_follows_the_area_being_chosen(founder_client):
    application = founder_client.application
    oncology = application.challenge.therapeutic_areas.get()
    url = f"/applications/{application.pk}/eligibility/?therapeutic_area={oncology.pk}"
    page = founder_client.get(url).content.decode()
    assert "Oncology is one of the call&#x27;s areas (Oncology)." in page


def test_startup_profile_eligibility_preview_checks_open_calls(client):
    factories.ChallengeFactory(title_en="Open Call")
    page = client.get(
        "/challenges/eligibility/",
        {
            "kind": "company",
            "district": "",
            "founded_on": "2024-01-01",
            "business_number": "2208162517",
        },
        HTTP_ACCEPT_LANGUAGE="en",
    ).content.decode()
    assert "Open Call" in page
    assert "The startup profile gives no Seoul district." in page


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
    that still gets through (tests/core/test_uploads.py). The stored name is random."""
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


# --- submitting ---------------------------------------------------------------------------


def test_submit_through_the_page_shows_the_confirmation(client):
    application = factories.CompleteApplicationFactory()
    client.force_login(factories.StartupMembershipFactory(startup=application.startup).user)
    response = client.post(f"/applications/{application.pk}/submit/", follow=True)
    assert response.redirect_chain[-1][0] == f"/applications/{application.pk}/confirmation/"
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED


def test_form_opened_before_the_close_but_submitted_after_is_refused(client):
    closes = factories.timezone.now() + timedelta(minutes=30)
    application = factories.CompleteApplicationFactory(challenge__closes_at=closes)
    client.force_login(factories.StartupMembershipFactory(startup=application.startup).user)
    assert client.get(f"/applications/{application.pk}/steps/review/").status_code == 200
    with time_machine.travel(application.challenge.closes_at + timedelta(seconds=1)):
        response = client.post(f"/applications/{application.pk}/submit/", follow=True)
        page = response.content.decode()
    application.refresh_from_db()
    assert application.status == ApplicationStatus.DRAFT
    assert application.documents.count() == 1
    assert response.redirect_chain[-1][0] == f"/applications/{application.pk}/steps/review/"
    assert 'class="alert alert-danger" role="alert"' in page


def test_after_the_close_the_draft_page_says_why_it_is_read_only(founder_client):
    application = founder_client.application
    application.challenge.closes_at = factories.timezone.now() + timedelta(minutes=30)
    application.challenge.save()
    with time_machine.travel(application.challenge.closes_at + timedelta(minutes=1)):
        page = founder_client.get(f"/applications/{application.pk}/steps/fit/").content.decode()
    assert "The call has closed, so this draft can no longer be changed." in page
    assert "<fieldset disabled>" in page


def test_founder_sees_under_review_not_the_internal_state(founder_client):
    application = founder_client.application
    Application.objects.filter(pk=application.pk).update(status=ApplicationStatus.SHORTLISTED)
    page = founder_client.get(f"/applications/{application.pk}/").content.decode()
    assert "Under review" in page
    assert "Shortlisted" not in page


def test_founders_list_shows_only_their_applications(founder_client):
    factories.ApplicationFactory(startup__name="남의 회사")
    page = founder_client.get("/applications/").content.decode()
    assert founder_client.application.challenge.title_en in page
    assert "남의 회사" not in page


def test_withdraw_through_the_page(founder_client):
    application = founder_client.application
    response = founder_client.post(f"/applications/{application.pk}/withdraw/", {"reason": ""})
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == ApplicationStatus.WITHDRAWN


# --- admin --------------------------------------------------------------------------------


def test_admin_application_list_query_count_does_not_grow_with_rows(client):
    client.force_login(factories.StaffFactory())
    factories.CompleteApplicationFactory()
    client.get("/admin/challenges/application/")
    with CaptureQueriesContext(connection) as one:
        assert client.get("/admin/challenges/application/").status_code == 200
    for _ in range(15):
        factories.CompleteApplicationFactory()
    with CaptureQueriesContext(connection) as many:
        client.get("/admin/challenges/application/")
    assert len(many.captured_queries) == len(one.captured_queries)


def test_admin_search_by_business_number(client):
    client.force_login(factories.StaffFactory())
    wanted = factories.ApplicationFactory(startup__name="찾는 회사")
    factories.ApplicationFactory(startup__name="다른 회사")
    page = client.get(
        "/admin/challenges/application/", {"q": wanted.startup.business_number}
    ).content.decode()
    assert "찾는 회사" in page
    assert "다른 회사" not in page


def test_admin_exception_goes_through_the_service(client):
    application = factories.ApplicationFactory()
    staff = factories.StaffFactory()
    client.force_login(staff)
    url = f"/admin/challenges/application/{application.pk}/change/"
    page = client.get(url)
    assert page.status_code == 200
    data = {
        "documents-TOTAL_FORMS": "0",
        "documents-INITIAL_FORMS": "0",
        "review_assignments-TOTAL_FORMS": "0",
        "review_assignments-INITIAL_FORMS": "0",
        "eligibility_exceptions-TOTAL_FORMS": "1",
        "eligibility_exceptions-INITIAL_FORMS": "0",
        "eligibility_exceptions-0-rule": "company_age",
        "eligibility_exceptions-0-reason": "Re-registered after a merger.",
        "eligibility_exceptions-0-application": str(application.pk),
    }
    response = client.post(url, data)
    assert response.status_code == 302
    entry = AuditEntry.objects.get(action="challenges.application.eligibility_exception")
    assert (entry.actor, entry.data["rule"]) == (staff, "company_age")
