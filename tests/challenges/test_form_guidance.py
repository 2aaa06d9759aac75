"""The application's start page and the form's guidance: what to prepare, required and
optional fields, character counters, amounts with separators, empty dropdowns, checkboxes."""

import re

import pytest
from django.utils import translation

from challenges.forms import AmountField, SupportForm, TeamForm, TechnologyForm
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("typed", "stored"),
    [("50,000,000", 50_000_000), ("50 000 000", 50_000_000), ("30,000,000원", 30_000_000)],
)
def test_amount_field_accepts_separators_and_the_unit(typed, stored):
    assert AmountField(required=False).clean(typed) == stored


def test_support_step_saves_an_amount_typed_with_separators(founder_client):
    application = founder_client.application
    response = founder_client.post(
        f"/applications/{application.pk}/steps/support/",
        {"wants_grant": "on", "requested_grant_amount": "20,000,000", "go": "next"},
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.requested_grant_amount == 20_000_000


def test_amount_is_shown_with_separators_and_the_unit():
    application = factories.ApplicationFactory(requested_grant_amount=30_000_000)
    with translation.override("en"):
        html = str(SupportForm(instance=application, challenge=application.challenge))
    assert 'value="30,000,000"' in html
    assert 'inputmode="numeric"' in html
    assert re.search(r'<span class="input-group-text" aria-hidden="true">KRW</span>', html)


def test_text_boxes_show_a_character_counter_tied_to_the_box():
    application = factories.ApplicationFactory(team_summary="Two founders.")
    with translation.override("en"):
        html = str(TeamForm(instance=application)["team_summary"])
    assert 'maxlength="3000"' in html
    assert '<span class="char-count-value">13</span>/3,000 characters' in html
    assert re.search(r'aria-describedby="[^"]*id_team_summary_count"', html)


def test_labels_mark_required_and_optional_answers():
    application = factories.ApplicationFactory()
    with translation.override("en"):
        team = TeamForm(instance=application)
        support = SupportForm(instance=application, challenge=application.challenge)
    assert (str(team["team_summary"].label), str(team["team_size"].label)) == (
        "Team (required)",
        "Number of people in the team (optional)",
    )
    assert str(support["grant_use_plan"].label) == (
        "How the grant would be used (required for a grant)"
    )
    assert str(support["wants_grant"].label) == "Research grant"


def test_empty_dropdowns_say_choose_one():
    application = factories.ApplicationFactory()
    with translation.override("en"):
        form = TechnologyForm(instance=application, challenge=application.challenge)
        modality = str(form["modality"])
        area = str(form["therapeutic_area"])
    assert '<option value="" selected>Choose one</option>' in modality
    assert '<option value="" selected>Choose one</option>' in area


def test_step_page_loads_the_form_script_and_says_which_language(founder_client):
    application = founder_client.application
    body = founder_client.get(
        f"/applications/{application.pk}/steps/team/", HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert re.search(r'<script src="/static/js/application-form[^"]*\.js" nonce="[^"]+">', body)
    assert "You may answer in Korean or English." in body


def test_consent_checkbox_and_its_sentence_share_a_line(founder_client):
    application = founder_client.application
    body = founder_client.get(f"/applications/{application.pk}/steps/consents/").content.decode()
    assert body.count('<div class="form-field checkbox mb-0"><input type="checkbox"') == 2


def test_start_page_says_what_to_prepare(client):
    challenge = factories.ChallengeFactory()
    founder = factories.StartupMembershipFactory(user__language="en").user
    client.force_login(founder)
    body = client.get(
        f"/challenges/{challenge.slug}/apply/", HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert "Before you start" in body
    assert "business registration number" in body
    assert "about 30 to 60 minutes" in body
    assert "You may answer in Korean or English." in body
