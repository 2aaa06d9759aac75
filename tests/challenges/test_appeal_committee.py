"""The appeals committee's pages: a member reads the appeal and the anonymous reviews and
records a finding; other reviewers are told nothing exists; staff read only; nothing is
recorded once the appeal is decided."""

from datetime import timedelta

import pytest
import time_machine
from django.core.files.base import ContentFile

from challenges.models import AppealDocument
from challenges.services import appeals
from tests import factories
from tests.challenges.appeal_helpers import PUBLISHED, decided_call, not_selected

pytestmark = pytest.mark.django_db

OPENED = PUBLISHED + timedelta(hours=1)  # due 14 days later: 15 December 19:00 KST


@pytest.fixture
def seated():
    """An appeal with the committee: one reviewer, opened an hour after the results."""
    application, founder = not_selected()
    with time_machine.travel(OPENED, tick=False):
        appeal = appeals.open_appeal(
            application, actor=founder, contested="scores", grounds=["The scores ignore our data"]
        )
    member = factories.ReviewerFactory(language="en")
    staff = factories.StaffFactory(language="en")
    appeals.assign_appeal_committee(appeal, actor=staff, members=[member])
    return appeal, member, staff


def url(appeal):
    return f"/review/appeals/{appeal.pk}/"


def test_member_sees_the_appeal_in_the_list_with_its_due_date(client, seated):
    appeal, member, _staff = seated
    with time_machine.travel(OPENED + timedelta(days=1), tick=False):
        client.force_login(member)
        page = client.get("/review/appeals/")
    assert page.status_code == 200
    assert [seat.appeal for seat in page.context["seats"]] == [appeal]
    html = page.content.decode()
    assert appeal.application.startup.name_display in html
    assert "Tue 15 Dec 2026, 19:00 KST" in html
    assert "Overdue" not in html


def test_an_appeal_past_its_due_date_is_flagged_overdue_on_the_list_and_the_page(client, seated):
    appeal, member, _staff = seated
    with time_machine.travel(appeal.due_at + timedelta(seconds=1), tick=False):
        client.force_login(member)
        listing = client.get("/review/appeals/").content.decode()
        page = client.get(url(appeal))
    assert "Overdue" in listing
    assert page.context["overdue"] is True


def test_member_records_a_finding_and_a_rescore(client, seated):
    appeal, member, _staff = seated
    client.force_login(member)
    page = client.get(url(appeal))
    assert page.status_code == 200
    assert "The scores ignore our data" in page.content.decode()
    response = client.post(url(appeal), {"finding": "The scores were fair.", "rescore": "3.5"})
    assert response.status_code == 302
    assert response["Location"] == "/review/appeals/"
    seat = appeal.members.get()
    assert (seat.finding, seat.rescore) == ("The scores were fair.", 3.5)
    assert seat.reviewed_at is not None


def test_an_empty_finding_is_refused_with_a_linked_error_and_the_input_kept(client, seated):
    appeal, member, _staff = seated
    client.force_login(member)
    response = client.post(url(appeal), {"finding": "  ", "rescore": "9"})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="error-summary"' in html
    assert 'href="#id_finding"' in html
    assert 'href="#id_rescore"' in html
    assert 'value="9"' in html
    assert appeal.members.get().reviewed_at is None


def test_the_reviews_are_shown_without_the_reviewers_names(client, seated):
    appeal, member, _staff = seated
    reviewer = factories.ReviewerFactory(name="Reviewer Hong Gildong")
    factories.ReviewFactory(
        assignment=factories.ReviewAssignmentFactory(
            application=appeal.application, reviewer=reviewer
        ),
        submitted=True,
        comment="Weak in vivo data",
    )
    client.force_login(member)
    html = client.get(url(appeal)).content.decode()
    assert "Weak in vivo data" in html
    assert "Review 1" in html
    assert "Hong Gildong" not in html
    assert reviewer.email not in html


def test_a_reviewer_not_on_the_committee_is_told_it_does_not_exist(client, seated):
    appeal, _member, _staff = seated
    outsider = factories.ReviewerFactory()
    client.force_login(outsider)
    assert client.get(url(appeal)).status_code == 404
    assert client.post(url(appeal), {"finding": "Hijack"}).status_code == 404
    assert list(client.get("/review/appeals/").context["seats"]) == []
    assert appeal.members.get().finding == ""


def test_a_founder_cannot_open_the_committee_pages(client, seated):
    appeal, _member, _staff = seated
    founder = appeal.application.startup.memberships.get().user
    client.force_login(founder)
    assert client.get("/review/appeals/").status_code == 403
    assert client.get(url(appeal)).status_code == 404


def test_staff_read_the_page_and_the_findings_but_record_nothing(client, seated):
    appeal, member, staff = seated
    appeals.record_appeal_finding(appeal, member=member, finding="Fair enough")
    client.force_login(staff)
    page = client.get(url(appeal))
    assert page.status_code == 200
    assert page.context["form"] is None
    assert "Fair enough" in page.content.decode()
    assert client.post(url(appeal), {"finding": "Staff view"}).status_code == 403
    assert appeal.members.get().finding == "Fair enough"


def test_no_finding_is_recorded_after_the_decision(client, seated):
    appeal, member, staff = seated
    appeals.decide_appeal(
        appeal,
        actor=staff,
        outcome="upheld",
        responses={g.pk: "Checked" for g in appeal.grounds.all()},
    )
    client.force_login(member)
    page = client.get(url(appeal))
    assert page.context["form"] is None
    assert "findings can no longer be recorded" in page.content.decode()
    response = client.post(url(appeal), {"finding": "Too late"}, follow=True)
    assert response.redirect_chain == [(url(appeal), 302)]
    assert appeal.members.get().finding == ""


def test_the_blind_call_hides_the_startup_from_the_committee(client):
    application, founder = not_selected(decided_call(blind_review=True))
    with time_machine.travel(OPENED, tick=False):
        appeal = appeals.open_appeal(
            application, actor=founder, contested="not_selected", grounds=["Unfair"]
        )
    member = factories.ReviewerFactory(language="en")
    appeals.assign_appeal_committee(appeal, actor=factories.StaffFactory(), members=[member])
    client.force_login(member)
    name = str(application.startup.name_display)
    assert name not in client.get(url(appeal)).content.decode()
    assert name not in client.get("/review/appeals/").content.decode()


def test_the_committee_opens_the_appeal_documents_and_the_application_documents(client, seated):
    appeal, member, _staff = seated
    document = AppealDocument.objects.create(
        appeal=appeal,
        file=ContentFile(factories.MINIMAL_PDF, name="evidence.pdf"),
        original_name="evidence.pdf",
        content_type="application/pdf",
        size=len(factories.MINIMAL_PDF),
        sha256="0" * 64,
    )
    application_document = factories.ApplicationDocumentFactory(application=appeal.application)
    document_url = f"/review/appeals/{appeal.pk}/documents/{document.pk}/"
    application_url = f"/applications/{appeal.application.pk}/documents/{application_document.pk}/"
    client.force_login(member)
    assert client.get(document_url).status_code == 200
    assert client.get(application_url).status_code == 200
    client.force_login(factories.ReviewerFactory())
    assert client.get(document_url).status_code == 404
    assert client.get(application_url).status_code == 404


def test_the_page_is_in_korean_for_a_korean_member(client, seated):
    appeal, _member, _staff = seated
    korean = factories.ReviewerFactory(language="ko")
    appeals.assign_appeal_committee(appeal, actor=factories.StaffFactory(), members=[korean])
    client.force_login(korean)
    html = client.get(url(appeal)).content.decode()
    assert 'lang="ko"' in html
    assert "결정 기한" in html  # "Decision due by"
    assert "이의 대상 결정" in html  # "Decision contested"


def test_the_service_refuses_a_rescore_off_the_scale_and_a_finding_after_the_decision(seated):
    appeal, member, staff = seated
    with pytest.raises(appeals.AppealError) as refusal:
        appeals.record_appeal_finding(appeal, member=member, finding="Fair", rescore=5.5)
    assert refusal.value.code == "rescore_range"
    appeals.decide_appeal(
        appeal, actor=staff, outcome="upheld", responses={g.pk: "No" for g in appeal.grounds.all()}
    )
    with pytest.raises(appeals.AppealError) as refusal:
        appeals.record_appeal_finding(appeal, member=member, finding="Late")
    assert refusal.value.code == "decided"
