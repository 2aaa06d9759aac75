"""A deadline extension for one application; representative-only submission."""

from datetime import date, timedelta

import pytest
import time_machine
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

from challenges import services
from challenges.models import ApplicationStatus
from challenges.services.extensions import declare_other_grant, grant_deadline_extension
from core.exceptions import DomainError
from core.models import AuditEntry
from notifications.models import Notification
from tests import factories
from tests.challenges.grant_helpers import member_of

pytestmark = pytest.mark.django_db


def two_days_more(application):
    grant_deadline_extension(
        application,
        actor=factories.StaffFactory(),
        closes_at=application.challenge.closes_at + timedelta(days=2),
        reason="Power cut",
    )


def extension_queries(queries) -> list[str]:
    """The queries that read deadline extensions on their own (not joined to an application)."""
    sql = [query["sql"] for query in queries.captured_queries]
    return [q for q in sql if q.startswith('SELECT "challenges_deadlineextension"')]


def test_only_the_extended_application_may_submit_late(django_capture_on_commit_callbacks):
    extended = factories.CompleteApplicationFactory()
    other = factories.CompleteApplicationFactory(challenge=extended.challenge)
    founder = member_of(extended, user__language="en")
    closes_at = extended.challenge.closes_at
    with django_capture_on_commit_callbacks(execute=True):
        grant_deadline_extension(
            extended,
            actor=factories.StaffFactory(),
            closes_at=closes_at + timedelta(days=2),
            reason="Hospital stay of the CEO",
        )
    late = closes_at + timedelta(days=1)
    services.submit_application(extended, actor=founder, now=late)
    with pytest.raises(DomainError) as refused:
        services.submit_application(other, actor=None, now=late)
    assert refused.value.code == "call_closed"
    extended.refresh_from_db()
    assert extended.status == ApplicationStatus.SUBMITTED
    entry = AuditEntry.objects.get(action="challenges.application.deadline_extended")
    assert entry.data["reason"] == "Hospital stay of the CEO"
    told = Notification.objects.get(kind="challenges.deadline_extended")
    assert told.recipient == founder
    assert [m.to for m in mail.outbox if "More time" in m.subject] == [[founder.email]]


def test_after_the_close_only_the_extended_applications_steps_stay_editable(client):
    extended = factories.CompleteApplicationFactory()
    other = factories.CompleteApplicationFactory(challenge=extended.challenge)
    closes_at = extended.challenge.closes_at
    two_days_more(extended)
    with time_machine.travel(closes_at + timedelta(days=1), tick=False):
        for application, editable in ((extended, True), (other, False)):
            client.force_login(member_of(application, user__language="en"))
            client.get(f"/applications/{application.pk}/steps/team/")
            with CaptureQueriesContext(connection) as queries:
                response = client.get(f"/applications/{application.pk}/steps/team/")
            assert response.status_code == 200
            assert response.context["editable"] is editable
            assert extension_queries(queries) == []  # read with the application


def test_submitting_reads_the_extension_with_the_locked_application():
    extended = factories.CompleteApplicationFactory()
    closes_at = extended.challenge.closes_at
    two_days_more(extended)
    with CaptureQueriesContext(connection) as queries:
        services.submit_application(extended, actor=None, now=closes_at + timedelta(days=1))
    assert extension_queries(queries) == []
    extended.refresh_from_db()
    assert extended.status == ApplicationStatus.SUBMITTED


def test_extension_ends_at_its_new_time():
    application = factories.CompleteApplicationFactory()
    new_close = application.challenge.closes_at + timedelta(days=2)
    grant_deadline_extension(
        application, actor=factories.StaffFactory(), closes_at=new_close, reason="Power cut"
    )
    with pytest.raises(DomainError):
        services.submit_application(application, actor=None, now=new_close)


def test_extension_needs_a_reason_and_a_later_time():
    application = factories.CompleteApplicationFactory()
    staff = factories.StaffFactory()
    later = application.challenge.closes_at + timedelta(days=1)
    with pytest.raises(DomainError):
        grant_deadline_extension(application, actor=staff, closes_at=later, reason=" ")
    with pytest.raises(DomainError):
        grant_deadline_extension(
            application, actor=staff, closes_at=application.challenge.closes_at, reason="x"
        )


def test_representative_only_call_refuses_a_cofounder_but_not_the_owner():
    application = factories.CompleteApplicationFactory(challenge__representative_submits=True)
    owner = member_of(application)
    cofounder = member_of(application, role="member")
    with pytest.raises(DomainError) as refused:
        services.submit_application(application, actor=cofounder)
    assert refused.value.code == "representative_only"
    services.save_draft(application, actor=cofounder, data={"bms_fit": "Edited by co-founder"})
    services.submit_application(application, actor=owner)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED


def test_any_member_submits_when_the_call_does_not_require_the_representative():
    application = factories.CompleteApplicationFactory()
    services.submit_application(application, actor=member_of(application, role="member"))
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED


def test_declared_grants_are_frozen_in_the_submission_snapshot():

    application = factories.CompleteApplicationFactory()
    declare_other_grant(
        application,
        actor=None,
        programme="TIPS",
        agency="중소벤처기업부",
        amount=500_000_000,
        starts_on=date(2026, 1, 1),
        ends_on=date(2027, 12, 31),
    )
    services.submit_application(application, actor=None)
    application.refresh_from_db()
    assert application.eligibility_snapshot["other_grants"] == [
        {
            "programme": "TIPS",
            "agency": "중소벤처기업부",
            "amount": 500_000_000,
            "starts_on": "2026-01-01",
            "ends_on": "2027-12-31",
        }
    ]
    with pytest.raises(DomainError):
        declare_other_grant(
            application,
            actor=None,
            programme="X",
            agency="Y",
            amount=1,
            starts_on=date(2026, 1, 1),
            ends_on=date(2026, 2, 1),
        )
