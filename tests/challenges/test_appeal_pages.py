"""The applicant's appeal page: the form within the window, the status and dates after."""

from datetime import timedelta

import pytest
import time_machine

from challenges.models import Appeal
from challenges.services import appeals
from tests import factories
from tests.challenges.appeal_helpers import CLOSES, PUBLISHED, not_selected

pytestmark = pytest.mark.django_db


def url(application):
    return f"/applications/{application.pk}/appeal/"


def test_member_opens_an_appeal_within_the_window(client):
    application, founder = not_selected()
    with time_machine.travel(CLOSES - timedelta(seconds=1), tick=False):
        client.force_login(founder)
        assert client.get(url(application)).status_code == 200
        response = client.post(
            url(application), {"contested": "not_selected", "ground_1": "Misread data"}
        )
    assert response.status_code == 302
    appeal = Appeal.objects.get()
    assert [g.text for g in appeal.grounds.all()] == ["Misread data"]


def test_post_after_the_window_opens_nothing(client):
    application, founder = not_selected()
    with time_machine.travel(CLOSES + timedelta(seconds=1), tick=False):
        client.force_login(founder)
        page = client.get(url(application))
        client.post(url(application), {"contested": "not_selected", "ground_1": "Late"})
    assert page.context["form"] is None
    assert Appeal.objects.count() == 0


def test_the_page_shows_status_dates_and_answers_after_the_decision(client):
    application, founder = not_selected()
    with time_machine.travel(PUBLISHED + timedelta(hours=2), tick=False):
        appeal = appeals.open_appeal(
            application, actor=founder, contested="scores", grounds=["Ground text"]
        )
    staff = factories.StaffFactory()
    appeals.assign_appeal_committee(appeal, actor=staff, members=[factories.ReviewerFactory()])
    ground = appeal.grounds.get()
    appeals.decide_appeal(
        appeal, actor=staff, outcome="upheld", responses={ground.pk: "Scores were checked"}
    )
    client.force_login(founder)
    html = client.get(url(application)).content.decode()
    assert "Ground text" in html
    assert "Scores were checked" in html
    assert appeal.get_status_display() in html or "기각" in html or "유지" in html


def test_another_startup_cannot_see_the_appeal_page(client):
    application, _founder = not_selected()
    client.force_login(factories.UserFactory())
    assert client.get(url(application)).status_code == 404


def test_a_member_declares_another_grant_on_the_draft(client):
    application = factories.ApplicationFactory()
    founder = factories.StartupMembershipFactory(startup=application.startup).user
    client.force_login(founder)
    url = f"/applications/{application.pk}/other-grants/"
    response = client.post(
        url,
        {
            "programme": "TIPS",
            "agency": "중소벤처기업부",
            "amount": "500000000",
            "starts_on": "2026-01-01",
            "ends_on": "2027-12-31",
        },
    )
    assert response.status_code == 302
    assert list(application.grant_declarations.values_list("programme", "amount")) == [
        ("TIPS", 500_000_000)
    ]
    assert "500,000,000" in client.get(url).content.decode()


def test_another_startup_cannot_declare_grants(client):
    application = factories.ApplicationFactory()
    client.force_login(factories.UserFactory())
    assert client.get(f"/applications/{application.pk}/other-grants/").status_code == 404
