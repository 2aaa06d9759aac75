"""The grantee's pages: the grant panel, milestone reports and their files."""

from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.loader import render_to_string
from django.utils import timezone, translation

from challenges.models import (
    Challenge,
    Grant,
    Tranche,
    TrancheStatus,
)
from core.models import AuditEntry
from notifications.models import Notification
from tests import factories
from tests.challenges.grant_helpers import active_grant, member_of

MILLION = 1_000_000
DEADLINE = 30.0  # seconds; no wait in this file is longer


# --- the grantee's pages ---------------------------------------------------------------------


@pytest.fixture
def grantee(client):
    """A founder signed in, with an active grant of two tranches."""
    grant = active_grant(10 * MILLION, 20 * MILLION)
    founder = member_of(grant.application, user__language="en")
    client.force_login(founder)
    client.grant, client.founder = grant, founder
    client.tranche = grant.tranches.get(sequence=1)
    client.report_url = f"/applications/{grant.application_id}/tranches/{client.tranche.pk}/report/"
    return client


def stored_files() -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


@pytest.mark.django_db
def test_founder_reports_a_milestone_with_a_pdf(grantee, django_capture_on_commit_callbacks):
    staff = factories.StaffFactory()
    page = grantee.get(grantee.report_url)
    assert page.status_code == 200
    assert "Milestone 1" in page.content.decode()
    assert "KRW 10,000,000" in page.content.decode()

    content = b"%PDF-1.7\n" + b"0" * 2048 + b"\n%%EOF\n"
    with django_capture_on_commit_callbacks(execute=True):  # the file is written on commit
        response = grantee.post(
            grantee.report_url,
            {
                "text": "The mouse study met its endpoint.",
                "file": SimpleUploadedFile("결과.pdf", content),
            },
        )

    assert response.status_code == 302
    assert response["Location"] == f"/applications/{grantee.grant.application_id}/"
    tranche = Tranche.objects.get(pk=grantee.tranche.pk)
    assert (tranche.status, tranche.report_text, tranche.reported_by) == (
        TrancheStatus.REPORTED,
        "The mouse study met its endpoint.",
        grantee.founder,
    )
    (report_file,) = tranche.files.all()
    assert (report_file.original_name, report_file.size) == ("결과.pdf", len(content))
    (path,) = stored_files()
    assert path.read_bytes() == content
    assert "결과" not in path.name
    assert list(
        Notification.objects.filter(kind="challenges.milestone_reported").values_list(
            "recipient", flat=True
        )
    ) == [staff.pk]
    # The report is now with the office: the page shows it and offers no form.
    page = grantee.get(grantee.report_url).content.decode()
    assert "Your report is with the programme office." in page
    assert 'name="text"' not in page


@pytest.mark.django_db
def test_report_refuses_a_file_that_is_not_a_document_and_keeps_the_text(grantee):
    response = grantee.post(
        grantee.report_url,
        {"text": "Keep me.", "file": SimpleUploadedFile("report.pdf", b"MZ\x90\x00 not a pdf")},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "is not a PDF" in page
    assert "Keep me." in page
    assert Tranche.objects.get(pk=grantee.tranche.pk).status == TrancheStatus.PLANNED
    assert stored_files() == []


@pytest.mark.django_db
def test_report_page_without_a_signed_agreement_explains_and_refuses(client):
    grant = factories.GrantFactory()
    Challenge.objects.filter(pk=grant.application.challenge_id).update(
        results_published_at=timezone.now()
    )
    tranche = factories.TrancheFactory(grant=grant)
    founder = member_of(grant.application, user__language="en")
    client.force_login(founder)
    url = f"/applications/{grant.application_id}/tranches/{tranche.pk}/report/"
    page = client.get(url).content.decode()
    assert "once the grant agreement is signed" in page
    response = client.post(url, {"text": "Trying anyway."})
    assert response.status_code == 200
    assert Tranche.objects.get(pk=tranche.pk).status == TrancheStatus.PLANNED


@pytest.mark.django_db
def test_grant_is_hidden_from_founders_before_the_results_or_the_agreement(client):
    grant = factories.GrantFactory()  # awarded, results not published
    tranche = factories.TrancheFactory(grant=grant)
    client.force_login(member_of(grant.application))
    url = f"/applications/{grant.application_id}/tranches/{tranche.pk}/report/"
    assert client.get(url).status_code == 404
    assert render_to_string("challenges/grants/_grant_panel.html", {"grant": grant}).strip() == ""


@pytest.mark.django_db
def test_another_startup_gets_404_on_report_and_file(client):
    grant = factories.GrantFactory(active=True)
    tranche = factories.TrancheFactory(grant=grant)
    report_file = factories.TrancheReportFileFactory(tranche=tranche)
    base = f"/applications/{grant.application_id}/tranches/{tranche.pk}"
    client.force_login(factories.StartupMembershipFactory().user)
    assert client.get(f"{base}/report/").status_code == 404
    assert client.post(f"{base}/report/", {"text": "Not mine."}).status_code == 404
    assert client.get(f"{base}/files/{report_file.pk}/").status_code == 404
    # Nor does a file answer under another application's or tranche's path.
    member_of_other = factories.GrantFactory(active=True)
    other_tranche = factories.TrancheFactory(grant=member_of_other)
    client.force_login(member_of(member_of_other.application))
    assert (
        client.get(
            f"/applications/{member_of_other.application_id}/tranches/{other_tranche.pk}"
            f"/files/{report_file.pk}/"
        ).status_code
        == 404
    )
    assert Tranche.objects.get(pk=tranche.pk).status == TrancheStatus.PLANNED


@pytest.mark.django_db
def test_staff_file_download_is_audit_logged_and_the_founders_is_not(client):
    grant = factories.GrantFactory(active=True)
    tranche = factories.TrancheFactory(grant=grant, status=TrancheStatus.REPORTED)
    report_file = factories.TrancheReportFileFactory(tranche=tranche)
    url = f"/applications/{grant.application_id}/tranches/{tranche.pk}/files/{report_file.pk}/"

    client.force_login(member_of(grant.application))
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == factories.MINIMAL_PDF
    assert AuditEntry.objects.filter(action="challenges.tranche.file_downloaded").count() == 0

    staff = factories.StaffFactory()
    client.force_login(staff)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="milestone-report.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Type"] == "application/pdf"
    entry = AuditEntry.objects.get(action="challenges.tranche.file_downloaded")
    assert (entry.actor, entry.object_id, entry.data["file"]) == (
        staff,
        str(tranche.pk),
        report_file.pk,
    )


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["staff_no_mfa", "reviewer"])
def test_staff_without_mfa_and_reviewers_cannot_download_milestone_files(client, who):
    grant = factories.GrantFactory(active=True)
    tranche = factories.TrancheFactory(grant=grant, status=TrancheStatus.REPORTED)
    report_file = factories.TrancheReportFileFactory(tranche=tranche)
    if who == "reviewer":
        user = factories.ReviewAssignmentFactory(
            application=grant.application, no_conflict_confirmed_at=timezone.now()
        ).reviewer
    else:
        user = factories.StaffFactory(mfa=False)
    client.force_login(user)
    url = f"/applications/{grant.application_id}/tranches/{tranche.pk}/files/{report_file.pk}/"
    assert client.get(url).status_code == 404
    assert AuditEntry.objects.filter(action="challenges.tranche.file_downloaded").count() == 0


@pytest.mark.django_db
def test_grant_panel_shows_the_grant_its_tranches_and_what_to_do():
    grant = active_grant(10 * MILLION, 20 * MILLION)
    first, second = grant.tranches.all()
    Tranche.objects.filter(pk=second.pk).update(
        status=TrancheStatus.RETURNED, staff_comment="Add the raw data."
    )
    with translation.override("en"):
        html = render_to_string(
            "challenges/grants/_grant_panel.html", {"grant": Grant.objects.get(pk=grant.pk)}
        )
    assert "KRW 30,000,000" in html
    assert "Agreement signed" in html
    assert "KRW 10,000,000" in html and "KRW 20,000,000" in html
    assert f'href="/applications/{grant.application_id}/tranches/{first.pk}/report/"' in html
    assert "Report the milestone" in html
    assert "Report again" in html
    assert "Add the raw data." in html
