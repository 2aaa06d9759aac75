"""The grants admin: budget page, award and plan forms, actions through the services."""

from datetime import date

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext

from challenges import services
from challenges.models import (
    Grant,
    GrantStatus,
    Tranche,
    TrancheStatus,
)
from core.models import AuditEntry
from tests import factories
from tests.challenges.grant_helpers import active_grant, member_of, plan, selected

MILLION = 1_000_000
DEADLINE = 30.0  # seconds; no wait in this file is longer


# --- the admin -------------------------------------------------------------------------------


@pytest.fixture
def staff_client(client):
    staff = factories.StaffFactory(language="en")
    client.force_login(staff)
    client.staff = staff
    return client


def messages_of(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


@pytest.mark.django_db
def test_budget_page_shows_each_challenges_figures_and_who_awaits_a_grant(staff_client):
    grant = active_grant(10 * MILLION, 20 * MILLION)
    challenge = grant.application.challenge
    first = grant.tranches.get(sequence=1)
    Tranche.objects.filter(pk=first.pk).update(status=TrancheStatus.PAID)
    waiting = selected(challenge)

    response = staff_client.get("/admin/challenges/grant/budget/", HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 200
    page = response.content.decode()
    assert '<td class="budget">KRW 150,000,000</td>' in page
    assert '<td class="awarded">KRW 30,000,000</td>' in page
    assert '<td class="paid">KRW 10,000,000</td>' in page
    assert '<td class="remaining">KRW 120,000,000</td>' in page
    assert waiting.startup.name in page
    assert f'href="/admin/challenges/grant/award/{waiting.pk}/"' in page


@pytest.mark.django_db
def test_budget_page_query_count_does_not_grow_with_grants(staff_client):
    active_grant(10 * MILLION, 20 * MILLION)
    selected()
    staff_client.get("/admin/challenges/grant/budget/")
    with CaptureQueriesContext(connection) as one:
        assert staff_client.get("/admin/challenges/grant/budget/").status_code == 200
    for _ in range(9):
        active_grant(10 * MILLION, 20 * MILLION)
        selected()
    with CaptureQueriesContext(connection) as ten:
        staff_client.get("/admin/challenges/grant/budget/")
    assert Grant.objects.count() == 10
    assert len(ten.captured_queries) == len(one.captured_queries)


@pytest.mark.django_db
def test_award_form_awards_a_grant_and_goes_on_to_the_plan(staff_client):
    application = selected(requested_grant_amount=30 * MILLION)
    url = f"/admin/challenges/grant/award/{application.pk}/"
    page = staff_client.get(url).content.decode()
    assert 'value="30000000"' in page

    response = staff_client.post(url, {"amount": 30 * MILLION})

    grant = Grant.objects.get(application=application)
    assert response.status_code == 302
    assert response["Location"] == f"/admin/challenges/grant/{grant.pk}/plan/"
    assert (grant.amount, grant.awarded_by) == (30 * MILLION, staff_client.staff)
    application.challenge.refresh_from_db()
    assert application.challenge.awarded_total == 30 * MILLION


@pytest.mark.django_db
def test_award_form_shows_the_budget_refusal_beside_the_amount(staff_client):
    challenge = factories.ChallengeFactory(total_budget=60 * MILLION)
    services.award_grant(selected(challenge), actor=None, amount=50 * MILLION)
    application = selected(challenge)
    response = staff_client.post(
        f"/admin/challenges/grant/award/{application.pk}/",
        {"amount": 20 * MILLION},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200
    assert (
        "Only KRW 10,000,000 of the budget of KRW 60,000,000 is left" in response.content.decode()
    )
    assert Grant.objects.filter(application=application).exists() is False


@pytest.mark.django_db
def test_award_form_is_only_for_selected_applications_and_staff(client):
    shortlisted = factories.ApplicationFactory(status="shortlisted")
    client.force_login(factories.StaffFactory())
    assert client.get(f"/admin/challenges/grant/award/{shortlisted.pk}/").status_code == 404
    application = selected()
    client.force_login(factories.StaffFactory(mfa=False))
    assert client.get(f"/admin/challenges/grant/award/{application.pk}/").status_code == 302
    client.force_login(member_of(application))
    response = client.post(f"/admin/challenges/grant/award/{application.pk}/", {"amount": 1})
    assert response.status_code == 302
    assert Grant.objects.count() == 0


@pytest.mark.django_db
def test_plan_view_sets_the_tranches_through_the_service(staff_client):
    grant = services.award_grant(selected(), actor=None, amount=30 * MILLION)
    url = f"/admin/challenges/grant/{grant.pk}/plan/"
    assert staff_client.get(url).status_code == 200
    data = {
        "form-TOTAL_FORMS": "3",
        "form-INITIAL_FORMS": "0",
        "form-0-amount": "10000000",
        "form-0-due_on": "2027-03-31",
        "form-0-milestone": "Lead candidate chosen",
        "form-1-amount": "20000000",
        "form-1-due_on": "2027-09-30",
        "form-1-milestone": "In vivo proof of concept",
    }
    response = staff_client.post(url, {**data, "form-1-amount": "10000000"})
    assert response.status_code == 200
    assert "add up to KRW 20,000,000, but the grant is KRW 30,000,000" in " ".join(
        messages_of(response)
    )
    assert grant.tranches.count() == 0

    response = staff_client.post(url, data)
    assert response.status_code == 302
    assert list(grant.tranches.values_list("sequence", "amount", "milestone")) == [
        (1, 10 * MILLION, "Lead candidate chosen"),
        (2, 20 * MILLION, "In vivo proof of concept"),
    ]


@pytest.mark.django_db
def test_grant_cannot_be_added_or_its_amount_changed_in_the_admin(staff_client):
    grant = active_grant(30 * MILLION)
    assert staff_client.get("/admin/challenges/grant/add/").status_code == 403
    page = staff_client.get(f"/admin/challenges/grant/{grant.pk}/change/")
    assert page.status_code == 200
    assert 'name="amount"' not in page.content.decode()
    assert "KRW 30,000,000" in page.content.decode()
    staff_client.post(f"/admin/challenges/grant/{grant.pk}/change/", {"amount": 1})
    grant.refresh_from_db()
    assert grant.amount == 30 * MILLION
    assert staff_client.get("/admin/challenges/grant/").status_code == 200


@pytest.mark.django_db
def test_sign_agreement_and_cancel_actions_call_the_services(staff_client):
    grant = services.award_grant(selected(), actor=None, amount=30 * MILLION)
    unplanned = services.award_grant(selected(), actor=None, amount=20 * MILLION)
    services.set_tranches(grant, actor=None, tranches=plan(30 * MILLION))
    changelist = "/admin/challenges/grant/"
    selection = {"_selected_action": [grant.pk, unplanned.pk]}

    page = staff_client.post(changelist, {"action": "sign_agreement", **selection})
    assert page.status_code == 200
    assert 'name="signed_on"' in page.content.decode()

    response = staff_client.post(
        changelist,
        {"action": "sign_agreement", "apply": "1", "signed_on": "2027-01-05", **selection},
    )
    assert response.status_code == 302
    grant.refresh_from_db()
    unplanned.refresh_from_db()
    assert (grant.status, unplanned.status) == (GrantStatus.ACTIVE, GrantStatus.AWARDED)
    assert messages_of(response) == [
        f"{unplanned}: Plan the tranches before the agreement is signed: they add up to KRW 0, "
        "but the grant is KRW 20,000,000.",
        "1 agreements recorded.",
    ]

    staff_client.post(
        changelist,
        {
            "action": "cancel",
            "apply": "1",
            "reason": "Withdrew.",
            "_selected_action": [unplanned.pk],
        },
    )
    unplanned.refresh_from_db()
    assert unplanned.status == GrantStatus.CANCELLED


@pytest.mark.django_db
def test_tranche_actions_approve_return_and_record_payment_through_the_services(staff_client):
    grant = active_grant(10 * MILLION, 20 * MILLION)
    founder = member_of(grant.application)
    first, second = grant.tranches.all()
    services.report_milestone(first, actor=founder, text="One.")
    services.report_milestone(second, actor=founder, text="Two.")
    changelist = "/admin/challenges/tranche/"

    # Approve: the first; the second is returned with a comment asked on a page of its own.
    response = staff_client.post(changelist, {"action": "approve", "_selected_action": [first.pk]})
    assert response.status_code == 302
    page = staff_client.post(
        changelist, {"action": "return_for_changes", "_selected_action": [second.pk]}
    )
    assert page.status_code == 200
    assert 'name="comment"' in page.content.decode()
    staff_client.post(
        changelist,
        {
            "action": "return_for_changes",
            "apply": "1",
            "comment": "Add the raw data.",
            "_selected_action": [second.pk],
        },
    )
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, first.reviewed_by) == (TrancheStatus.APPROVED, staff_client.staff)
    assert (second.status, second.staff_comment) == (TrancheStatus.RETURNED, "Add the raw data.")

    # Paying both: the approved one is paid, the returned one is refused with its reason.
    response = staff_client.post(
        changelist,
        {
            "action": "record_paid",
            "apply": "1",
            "paid_on": "2027-02-01",
            "_selected_action": [first.pk, second.pk],
        },
        HTTP_ACCEPT_LANGUAGE="en",
    )
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, first.paid_on) == (TrancheStatus.PAID, date(2027, 2, 1))
    assert second.status == TrancheStatus.RETURNED
    assert messages_of(response)[-2:] == [
        f"{second}: Tranche 2 is “Returned for changes”, so it cannot become “Paid”.",
        "1 recorded as paid.",
    ]
    assert [e.actor for e in AuditEntry.objects.filter(action="challenges.tranche.paid")] == [
        staff_client.staff
    ]


@pytest.mark.django_db
def test_tranche_admin_shows_the_report_and_its_files_read_only(staff_client):
    grant = factories.GrantFactory(active=True)
    tranche = factories.TrancheFactory(
        grant=grant, status=TrancheStatus.REPORTED, report_text="We did it."
    )
    report_file = factories.TrancheReportFileFactory(tranche=tranche)
    page = staff_client.get(f"/admin/challenges/tranche/{tranche.pk}/change/").content.decode()
    assert "We did it." in page
    assert (
        f'href="/applications/{grant.application_id}/tranches/{tranche.pk}/files/{report_file.pk}/"'
        in page
    )
    assert 'name="status"' not in page
    assert staff_client.get("/admin/challenges/tranche/").status_code == 200
