"""Outcome surveys: scheduling, who is asked, and the signed single-use link."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core import signing
from django.utils.html import escape

from challenges import consents
from challenges.models import OutcomeResponse
from challenges.services import outcomes
from core.i18n import in_language
from core.models import AuditEntry
from notifications.models import Notification
from tests import factories

pytestmark = pytest.mark.django_db

RESULTS = datetime(2026, 6, 30, 6, 0, tzinfo=UTC)
ONE_YEAR = datetime(2027, 6, 30, 6, 0, tzinfo=UTC)


def decided(challenge, status, *, agreed=True):
    application = factories.ApplicationFactory(challenge=challenge, status=status)
    person = factories.UserFactory()
    factories.StartupMembershipFactory(startup=application.startup, user=person)
    if agreed is not None:
        outcomes.record_outcome_consent(application, agreed=agreed, actor=person)
    return application, person


@pytest.fixture
def call():
    return factories.ChallengeFactory(results_published_at=RESULTS)


def asked_survey(call):
    """A one-year survey sent to one selected applicant; returns (response, token)."""
    outcomes.schedule_outcome_surveys(call, years=[1], actor=factories.StaffFactory())
    decided(call, "selected")
    with time_machine.travel(ONE_YEAR + timedelta(hours=1), tick=False):
        outcomes.send_outcome_surveys()
    response = OutcomeResponse.objects.get()
    return response, outcomes.survey_token(response)


def test_surveys_are_scheduled_at_the_chosen_years_after_the_results(call):
    surveys = outcomes.schedule_outcome_surveys(call, years=[1, 3, 5], actor=None)
    assert [(s.years_after, s.opens_at) for s in surveys] == [
        (1, ONE_YEAR),
        (3, datetime(2029, 6, 30, 6, 0, tzinfo=UTC)),
        (5, datetime(2031, 6, 30, 6, 0, tzinfo=UTC)),
    ]
    assert outcomes.schedule_outcome_surveys(call, years=[1, 2], actor=None)[0].years_after == 2


def test_selected_and_not_selected_applicants_who_agreed_are_asked_once(call):
    outcomes.schedule_outcome_surveys(call, years=[1], actor=None)
    _, winner = decided(call, "selected")
    _, runner_up = decided(call, "not_selected")
    decided(call, "not_selected", agreed=False)
    decided(call, "selected", agreed=None)  # never answered: not contacted
    decided(call, "withdrawn")
    with time_machine.travel(ONE_YEAR - timedelta(days=1), tick=False):
        assert outcomes.send_outcome_surveys() == 0
    with time_machine.travel(ONE_YEAR + timedelta(hours=1), tick=False):
        assert outcomes.send_outcome_surveys() == 2
        assert outcomes.send_outcome_surveys() == 0
    assert sorted(OutcomeResponse.objects.values_list("recipient", "selected")) == sorted(
        [(winner.pk, True), (runner_up.pk, False)]
    )
    assert Notification.objects.filter(kind="challenges.outcome_survey_invitation").count() == 2


def test_the_link_opens_without_signing_in_and_answers_are_editable(client, call):
    response, token = asked_survey(call)
    with time_machine.travel(ONE_YEAR + timedelta(days=2), tick=False):
        assert client.get(f"/surveys/{token}/").status_code == 200
        posted = client.post(
            f"/surveys/{token}/",
            {"still_operating": "true", "employees": "12", "help_rating": "4"},
        )
        assert posted.status_code == 302
        client.post(f"/surveys/{token}/", {"still_operating": "true", "employees": "15"})
    response.refresh_from_db()
    assert (response.employees, response.help_rating) == (15, None)


def test_a_forged_token_is_refused(client, call):
    response, token = asked_survey(call)
    forged = signing.dumps({"r": response.pk, "n": response.nonce}, salt="another salt")
    tampered = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    with time_machine.travel(ONE_YEAR + timedelta(days=2), tick=False):
        assert client.get(f"/surveys/{forged}/").status_code == 403
        assert client.get(f"/surveys/{tampered}/").status_code == 403
    response.refresh_from_db()
    assert response.link_used_at is None


def test_a_reused_link_is_refused_in_another_browser(client, call):
    _, token = asked_survey(call)
    with time_machine.travel(ONE_YEAR + timedelta(days=2), tick=False):
        assert client.get(f"/surveys/{token}/").status_code == 200
        client.cookies.clear()
        assert client.get(f"/surveys/{token}/").status_code == 403


def test_a_reminder_gives_a_new_link_and_the_old_one_stops(client, call):
    response, old = asked_survey(call)
    closes = response.survey.closes_at
    with time_machine.travel(closes - timedelta(days=3), tick=False):
        assert outcomes.send_outcome_reminders() == 1
        assert outcomes.send_outcome_reminders() == 0
        response.refresh_from_db()
        new = outcomes.survey_token(response)
        assert client.get(f"/surveys/{old}/").status_code == 403
        assert client.get(f"/surveys/{new}/").status_code == 200


def test_an_expired_link_is_refused_and_answers_freeze(client, call):
    response, token = asked_survey(call)
    with time_machine.travel(response.survey.closes_at + timedelta(minutes=1), tick=False):
        assert client.get(f"/surveys/{token}/").status_code == 410
        with pytest.raises(outcomes.OutcomeSurveyError):
            outcomes.save_outcome_answers(response, answers={"employees": 3})


def test_the_application_asks_for_the_outcome_consent_once(client):
    application = factories.ApplicationFactory()
    founder = factories.UserFactory()
    factories.StartupMembershipFactory(startup=application.startup, user=founder)
    client.force_login(founder)
    url = f"/applications/{application.pk}/steps/consents/"
    assert consents_label() in client.get(url).content.decode()
    answers = {"collection": "on", "third_party": "on", "outcome_contact": "on"}
    assert client.post(url, answers).status_code == 302
    assert client.post(url, answers).status_code == 302
    application.refresh_from_db()
    assert (application.outcome_consent.agreed, application.outcome_consent.version) == (
        True,
        "2026-12",
    )
    assert AuditEntry.objects.filter(action="challenges.application.outcome_consent").count() == 1
    client.post(url, {"collection": "on", "third_party": "on"})
    application.outcome_consent.refresh_from_db()
    assert application.outcome_consent.agreed is False


def consents_label() -> str:

    with in_language("ko"):
        return escape(str(consents.OUTCOME_CONTACT["label"]))


def test_staff_schedule_surveys_from_the_calls_list(client, call):
    client.force_login(factories.StaffFactory(language="en"))
    response = client.post(
        "/admin/challenges/challenge/",
        {
            "action": "schedule_outcome_surveys",
            "_selected_action": [call.pk],
            "apply": "1",
            "years": ["1", "2", "3"],
        },
    )
    assert response.status_code == 302
    assert list(call.outcome_surveys.values_list("years_after", flat=True)) == [1, 2, 3]
    assert client.get("/admin/challenges/outcomesurvey/").status_code == 200


def test_earlier_applicants_are_asked_for_the_consent_once(client, call):
    earlier, founder = decided(call, "not_selected", agreed=None)
    decided(call, "selected", agreed=True)  # answered in the application: not asked
    decided(call, "draft", agreed=None)  # not decided: not asked
    assert outcomes.ask_for_outcome_consent() == 1
    assert outcomes.ask_for_outcome_consent() == 0
    (request,) = Notification.objects.filter(kind="challenges.outcome_consent_request")
    assert (request.recipient, request.context["url"]) == (
        founder,
        f"/applications/{earlier.pk}/outcome-consent/",
    )
    client.force_login(factories.UserFactory())
    assert client.get(request.context["url"]).status_code == 404
    client.force_login(founder)
    assert client.post(request.context["url"], {"agreed": "yes"}).status_code == 302
    earlier.refresh_from_db()
    assert earlier.outcome_consent.agreed is True
