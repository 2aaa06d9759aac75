"""Challenge pages and the application form through HTTP."""

from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from challenges import selectors
from challenges.models import Application, ApplicationStatus
from core.models import AuditEntry
from tests import factories

pytestmark = pytest.mark.django_db


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


def test_challenge_list_query_count_does_not_grow_with_calls(client, settings):
    settings.VISITOR_PAGE_CACHE_SECONDS = 0  # the view's own queries, not a kept copy's none
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


def test_eligibility_panel_ignores_an_area_that_is_not_a_number(founder_client):
    application = founder_client.application
    response = founder_client.get(f"/applications/{application.pk}/eligibility/?therapeutic_area=:")
    assert response.status_code == 200


# --- what a step costs --------------------------------------------------------------------


def _queries_of(client, method: str, url: str, data=None) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        getattr(client, method)(url, data or {})
    return [query["sql"] for query in queries.captured_queries]


def test_a_step_asks_nothing_about_memberships_once_the_person_is_kept(founder_client):
    url = f"/applications/{founder_client.application.pk}/steps/team/"
    founder_client.get(url)  # the person's startups are kept from here on

    sql = _queries_of(founder_client, "get", url)

    assert not [q for q in sql if '"accounts_startupmembership"' in q]


def test_a_member_who_leaves_the_startup_gets_404_at_once(founder_client):
    url = f"/applications/{founder_client.application.pk}/steps/team/"
    assert founder_client.get(url).status_code == 200

    founder_client.founder.startup_memberships.get().delete()

    assert founder_client.get(url).status_code == 404


def test_a_new_member_may_edit_at_once(client):
    application = factories.ApplicationFactory()
    person = factories.UserFactory()
    client.force_login(person)
    url = f"/applications/{application.pk}/steps/team/"
    assert client.get(url).status_code == 404

    factories.StartupMembershipFactory(startup=application.startup, user=person)

    assert client.get(url).status_code == 200


def test_the_review_step_reads_the_documents_once(founder_client):
    sql = _queries_of(
        founder_client, "get", f"/applications/{founder_client.application.pk}/steps/review/"
    )

    assert len([q for q in sql if 'FROM "challenges_applicationdocument"' in q]) == 1


def test_submitting_reads_the_application_with_its_call_once(founder_client):
    application = factories.CompleteApplicationFactory()
    factories.StartupMembershipFactory(startup=application.startup, user=founder_client.founder)

    sql = _queries_of(founder_client, "post", f"/applications/{application.pk}/submit/")

    assert Application.objects.get(pk=application.pk).status == ApplicationStatus.SUBMITTED
    reads = [q for q in sql if q.startswith("SELECT") and 'FROM "challenges_application" ' in q]
    assert len([q for q in reads if 'JOIN "challenges_challenge"' in q]) == 1


def _member_with_complete_application(founder_client):
    application = factories.CompleteApplicationFactory()
    factories.StartupMembershipFactory(startup=application.startup, user=founder_client.founder)
    return application


def test_the_review_step_reads_the_areas_once(founder_client):
    """The application's area is one of the call's areas, read for the eligibility anyway."""
    application = _member_with_complete_application(founder_client)

    sql = _queries_of(founder_client, "get", f"/applications/{application.pk}/steps/review/")

    assert len([q for q in sql if 'FROM "accounts_therapeuticarea"' in q]) == 1


@pytest.mark.parametrize("step", ["team", "fit", "support", "documents", "consents"])
def test_a_step_that_does_not_show_the_area_does_not_read_it(founder_client, step):
    """What is still missing needs only whether an area was chosen: the column says so."""
    application = _member_with_complete_application(founder_client)

    sql = _queries_of(founder_client, "get", f"/applications/{application.pk}/steps/{step}/")

    assert not [q for q in sql if 'FROM "accounts_therapeuticarea"' in q]


def test_a_missing_area_is_still_missing():
    chosen = factories.CompleteApplicationFactory()
    not_chosen = factories.CompleteApplicationFactory(therapeutic_area=None)

    assert "technology" not in [step for step, _message in selectors.missing_items(chosen)]
    assert ("technology", "Choose the therapeutic area.") in [
        (step, str(message)) for step, message in selectors.missing_items(not_chosen)
    ]


def test_an_area_outside_the_call_is_still_named_on_the_review(founder_client):
    application = _member_with_complete_application(founder_client)
    application.therapeutic_area = factories.TherapeuticAreaFactory(name_en="Neurology")
    application.save()

    page = founder_client.get(f"/applications/{application.pk}/steps/review/").content.decode()

    assert "Neurology" in page
    assert "Neurology is not one of the call" in page


@pytest.mark.django_db(transaction=True)
def test_the_consents_step_keeps_its_answers_in_one_transaction(founder_client):
    """The PIPA consents and the outcome-survey consent are one step's answers: written
    together or not at all."""
    application = founder_client.application
    url = f"/applications/{application.pk}/steps/consents/"
    answers = {"collection": "on", "third_party": "on", "outcome_contact": "on"}

    sql = _queries_of(founder_client, "post", url, answers)

    assert [q for q in sql if q == "COMMIT"] == ["COMMIT"]
    application.refresh_from_db()
    assert application.consent_collection_at is not None
    assert application.consent_third_party_at is not None
    assert application.outcome_consent.agreed is True


def test_the_documents_step_reads_the_documents_once(founder_client):
    sql = _queries_of(
        founder_client, "get", f"/applications/{founder_client.application.pk}/steps/documents/"
    )

    assert len([q for q in sql if 'FROM "challenges_applicationdocument"' in q]) == 1


def test_moving_on_from_the_documents_step_reads_nothing_it_does_not_show(founder_client):
    url = f"/applications/{founder_client.application.pk}/steps/documents/"

    sql = _queries_of(founder_client, "post", url, {"go": "next"})

    assert not [q for q in sql if 'FROM "challenges_applicationdocument"' in q]
