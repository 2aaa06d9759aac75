"""Grant reports for people: the grantee's panel and report page, the staff admin."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import Permission
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from challenges import services
from challenges.models import GrantReport, ReportStatus, TrancheStatus
from core.models import AuditEntry
from tests import factories
from tests.challenges.grant_helpers import active_grant, member_of

pytestmark = pytest.mark.django_db
MILLION = 1_000_000
SEOUL = ZoneInfo("Asia/Seoul")
DUE = datetime(2027, 3, 31, 18, tzinfo=SEOUL)
PDF = b"%PDF-1.7\n" + b"0" * 2048 + b"\n%%EOF\n"


@pytest.fixture
def grantee(client):
    """A founder signed in (English), with an active grant and a report holding back
    tranche 1."""
    grant = active_grant(10 * MILLION, 20 * MILLION)
    founder = member_of(grant.application, user__language="en")
    report = services.add_grant_report(
        grant,
        actor=None,
        kind="interim",
        due_at=DUE,
        tranche=grant.tranches.get(sequence=1),
        instructions="Cover the spending against the plan.",
    )
    client.force_login(founder)
    client.grant, client.founder, client.report = grant, founder, report
    client.url = f"/applications/{grant.application_id}/reports/{report.pk}/"
    return client


def test_grant_panel_lists_the_reports_with_due_date_and_link(grantee):
    page = grantee.get(f"/applications/{grantee.grant.application_id}/").content.decode()
    assert "Reports the programme office asks for, with their due dates" in page
    assert "Interim report" in page
    assert "Wed 31 Mar 2027, 18:00 KST" in page
    assert "Tranche 1 is paid once this report is accepted." in page
    assert f'href="{grantee.url}">Submit the report' in page


def test_application_page_queries_do_not_grow_with_reports(grantee):
    detail = f"/applications/{grantee.grant.application_id}/"
    grantee.get(detail)
    with CaptureQueriesContext(connection) as one:
        assert grantee.get(detail).status_code == 200
    for days in range(1, 5):
        services.add_grant_report(
            grantee.grant,
            actor=None,
            kind="interim",
            due_at=DUE + timedelta(days=days),
            tranche=grantee.grant.tranches.get(sequence=2),
        )
    with CaptureQueriesContext(connection) as five:
        grantee.get(detail)
    assert len(five.captured_queries) == len(one.captured_queries)


def test_founder_submits_with_a_file_sees_the_comment_and_submits_again(
    grantee, django_capture_on_commit_callbacks
):
    staff = factories.StaffFactory()
    page = grantee.get(grantee.url).content.decode()
    assert "Cover the spending against the plan." in page
    assert '<label for="id_text"' in page

    with django_capture_on_commit_callbacks(execute=True):
        response = grantee.post(
            grantee.url,
            {"text": "Spent 8 of 10 million.", "file": SimpleUploadedFile("보고서.pdf", PDF)},
        )
    assert response.status_code == 302
    assert response["Location"] == f"/applications/{grantee.grant.application_id}/"
    report = GrantReport.objects.get(pk=grantee.report.pk)
    assert (report.status, report.text, report.submitted_by) == (
        ReportStatus.SUBMITTED,
        "Spent 8 of 10 million.",
        grantee.founder,
    )
    (stored,) = report.files.all()
    assert (stored.original_name, stored.size) == ("보고서.pdf", len(PDF))
    page = grantee.get(grantee.url).content.decode()
    assert "Your report is with the programme office." in page
    assert 'name="text"' not in page

    services.request_report_changes(report, actor=staff, comment="Add the receipts, please.")
    page = grantee.get(grantee.url).content.decode()
    assert "The programme office asks for changes" in page
    assert "Add the receipts, please." in page
    assert "Send the report again" in page
    panel = grantee.get(f"/applications/{grantee.grant.application_id}/").content.decode()
    assert "Add the receipts, please." in panel
    assert "Submit again" in panel

    response = grantee.post(grantee.url, {"text": "With the receipts."})
    assert response.status_code == 302
    report.refresh_from_db()
    assert (report.status, report.round) == (ReportStatus.SUBMITTED, 2)


def test_an_empty_report_is_refused_beside_the_field_and_a_bad_file_keeps_the_text(grantee):
    response = grantee.post(grantee.url, {"text": ""})
    assert response.status_code == 200
    assert '<a href="#id_text">Your report: This field is required.</a>' in (
        response.content.decode()
    )
    response = grantee.post(
        grantee.url,
        {"text": "Keep me.", "file": SimpleUploadedFile("report.pdf", b"MZ\x90\x00 not a pdf")},
    )
    page = response.content.decode()
    assert "is not a PDF" in page
    assert "Keep me." in page
    assert GrantReport.objects.get(pk=grantee.report.pk).status == ReportStatus.DUE


def test_files_open_for_the_startup_and_staff_and_staff_downloads_are_audited(client):
    report_file = factories.GrantReportFileFactory()
    report = report_file.report
    url = f"/applications/{report.grant.application_id}/reports/{report.pk}/files/{report_file.pk}/"
    client.force_login(member_of(report.grant.application))
    assert client.get(url).status_code == 200
    assert AuditEntry.objects.filter(action="challenges.grant_report.file_downloaded").count() == 0
    client.force_login(factories.StaffFactory())
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert AuditEntry.objects.filter(action="challenges.grant_report.file_downloaded").count() == 1
    client.force_login(factories.UserFactory())
    assert client.get(url).status_code == 404


# --- the admin ---------------------------------------------------------------------------------


@pytest.fixture
def staff_client(client):
    staff = factories.StaffFactory(language="en")
    client.force_login(staff)
    client.staff = staff
    return client


def messages_of(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_staff_plan_a_report_from_the_grant_page(staff_client):
    grant = active_grant(10 * MILLION, 20 * MILLION)
    change = staff_client.get(f"/admin/challenges/grant/{grant.pk}/change/").content.decode()
    url = f"/admin/challenges/grantreport/plan/{grant.pk}/"
    assert f'href="{url}"' in change
    page = staff_client.get(url).content.decode()
    assert 'type="datetime-local"' in page
    assert "Tranche 2: Milestone 2" in page

    second = grant.tranches.get(sequence=2)
    response = staff_client.post(
        url,
        {
            "kind": "interim",
            "due_at": "2027-03-31T18:00",
            "tranche": second.pk,
            "instructions": "Spending.",
        },
    )
    assert response.status_code == 302
    report = grant.reports.get()
    assert (report.due_at, report.tranche, report.created_by) == (DUE, second, staff_client.staff)

    response = staff_client.post(url, {"kind": "final", "due_at": "2027-12-31T18:00"})
    response = staff_client.post(url, {"kind": "final", "due_at": "2028-01-31T18:00"})
    assert response.status_code == 200
    assert "This grant already has a final report." in response.content.decode()
    assert grant.reports.count() == 2


def test_accept_and_request_changes_actions_call_the_services(staff_client):
    grant = active_grant(30 * MILLION)
    founder = member_of(grant.application)
    tranche = grant.tranches.get()
    report = services.add_grant_report(
        grant, actor=None, kind="interim", due_at=DUE, tranche=tranche
    )
    services.submit_grant_report(report, actor=founder, text="Done.")
    changelist = "/admin/challenges/grantreport/"
    selection = {"_selected_action": [report.pk]}

    page = staff_client.post(changelist, {"action": "request_changes", **selection})
    assert 'name="comment"' in page.content.decode()
    response = staff_client.post(
        changelist,
        {"action": "request_changes", "apply": "1", "comment": "More data.", **selection},
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert (report.status, report.staff_comment) == (ReportStatus.CHANGES_REQUESTED, "More data.")

    response = staff_client.post(changelist, {"action": "accept", "apply": "1", **selection})
    assert messages_of(response)[-1].endswith(
        "Interim report: A report that is “Changes requested” cannot become “Accepted”."
    )
    services.submit_grant_report(report, actor=founder, text="More data.")
    staff_client.post(changelist, {"action": "accept", "apply": "1", "comment": "", **selection})
    report.refresh_from_db()
    assert report.status == ReportStatus.ACCEPTED

    services.report_milestone(tranche, actor=founder, text="Reached.")
    services.approve_tranche(tranche, actor=staff_client.staff)
    tranche.refresh_from_db()
    assert tranche.status == TrancheStatus.APPROVED
    assert staff_client.get(f"{changelist}{report.pk}/change/").status_code == 200
    tranche_page = staff_client.get(f"/admin/challenges/tranche/{tranche.pk}/change/")
    assert (
        f'<a href="/admin/challenges/grantreport/{report.pk}/change/">Interim report</a> '
        "(Accepted)" in tranche_page.content.decode()
    )


def test_staff_without_the_review_permission_cannot_accept(client):
    report = factories.GrantReportFactory(status=ReportStatus.SUBMITTED, round=1)
    viewer = factories.StaffFactory(language="en")
    viewer.groups.clear()
    viewer.user_permissions.set(Permission.objects.filter(codename="view_grantreport"))
    client.force_login(viewer)
    page = client.get("/admin/challenges/grantreport/").content.decode()
    assert 'value="accept"' not in page
    assert 'value="request_changes"' not in page
    response = client.post(
        "/admin/challenges/grantreport/",
        {"action": "accept", "apply": "1", "_selected_action": [report.pk]},
    )
    assert response.status_code in (200, 302)
    assert GrantReport.objects.get(pk=report.pk).status == ReportStatus.SUBMITTED


def test_home_lists_reports_to_write_for_founders_and_to_review_for_staff(client):
    grant = active_grant(30 * MILLION)
    founder = member_of(grant.application, user__language="en")
    soon = services.add_grant_report(
        grant, actor=None, kind="interim", due_at=timezone.now() + timedelta(days=10)
    )
    services.add_grant_report(
        grant, actor=None, kind="final", due_at=timezone.now() + timedelta(days=300)
    )
    client.force_login(founder)
    home = client.get("/home/").content.decode()
    assert "Submit the interim report" in home
    assert "Submit the final report" not in home  # not yet: more than 30 days ahead
    assert f'href="/applications/{grant.application_id}/reports/{soon.pk}/"' in home

    services.submit_grant_report(soon, actor=founder, text="Done.")
    client.force_login(factories.StaffFactory(language="en"))
    home = client.get("/home/").content.decode()
    assert "Grant reports to review" in home
    assert 'href="/admin/challenges/grantreport/?status__exact=submitted"' in home
