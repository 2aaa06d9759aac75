"""The roles kept with a signed-in person (config.navigation.Roles) are worked out in one
statement on their first page, and say exactly what each rule's own predicate says."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.groups import REVIEWERS_GROUP
from challenges.rules import REVIEW_PORTAL
from challenges.services import appeals
from config.navigation import Roles
from tests import factories
from tests.challenges.appeal_helpers import PUBLISHED, not_selected

pytestmark = pytest.mark.django_db

ROLE_TABLES = (
    "accounts_startupmembership",
    "accounts_user_groups",
    "challenges_appealcommitteemember",
    "mentoring_coach",
    "partners_partnermember",
    "auth_permission",
)


def one_by_one(user) -> dict[str, bool]:
    """The answers as each role's predicate gives them, a query at a time."""
    roles = Roles(user)
    return {name: getattr(roles, name) for name in Roles.KEPT}


def seated_on_a_committee(member) -> None:
    application, founder = not_selected()
    with time_machine.travel(PUBLISHED + timedelta(hours=1), tick=False):
        appeal = appeals.open_appeal(
            application, actor=founder, contested="scores", grounds=["The scores ignore our data"]
        )
    appeals.assign_appeal_committee(appeal, actor=factories.StaffFactory(), members=[member])


def people() -> dict:
    founder = factories.StartupMembershipFactory().user
    seated_reviewer = factories.ReviewerFactory()
    seated_on_a_committee(seated_reviewer)
    seated_staff = factories.StaffFactory()
    seated_on_a_committee(seated_staff)
    coach_and_founder = factories.CoachFactory().user
    factories.StartupMembershipFactory(user=coach_and_founder)
    return {
        "newcomer": factories.UserFactory(),
        "founder": founder,
        "reviewer": factories.ReviewerFactory(),
        "seated reviewer": seated_reviewer,
        "inactive reviewer": factories.ReviewerFactory(is_active=False),
        "staff": factories.StaffFactory(),
        "staff without two-factor": factories.StaffFactory(mfa=False),
        "seated staff": seated_staff,
        "coach and founder": coach_and_founder,
        "partner rep": factories.PartnerMemberFactory().user,
        "superuser": factories.UserFactory(is_superuser=True),
        "inactive superuser": factories.UserFactory(is_superuser=True, is_active=False),
    }


def test_the_answers_in_one_query_are_the_predicates_answers_for_every_kind_of_person(settings):
    settings.STAFF_REQUIRE_MFA = True
    everyone = people()
    for who, user in everyone.items():
        assert Roles.kept_answers(user) == one_by_one(user), who
    # the set-up covers every answer both ways
    for name in Roles.KEPT:
        answers = {Roles.kept_answers(user)[name] for user in everyone.values()}
        assert answers == {True, False}, name


def test_the_review_portal_answer_is_the_permission_itself():
    everyone = people()
    for who, user in everyone.items():
        assert Roles.kept_answers(user)["reviewer"] == user.has_perm(REVIEW_PORTAL), who


def test_a_reviewer_removed_from_the_group_is_no_reviewer_in_the_next_answer():
    reviewer = factories.ReviewerFactory()
    assert Roles.kept_answers(reviewer)["reviewer"] is True
    Group.objects.get(name=REVIEWERS_GROUP).user_set.remove(reviewer)
    assert Roles.kept_answers(reviewer)["reviewer"] is False


def test_the_first_page_after_signing_in_reads_the_roles_in_one_statement(client):
    user = factories.StartupMembershipFactory().user
    factories.CoachFactory(user=user)
    client.force_login(user)
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/notifications/").status_code == 200
    reading_roles = [
        query["sql"]
        for query in captured.captured_queries
        if any(re.search(rf'"{table}"', query["sql"]) for table in ROLE_TABLES)
    ]
    assert len(reading_roles) == 1, reading_roles
    assert "auth_permission" not in reading_roles[0]
    assert "/mentoring/" in client.get("/notifications/").content.decode()
