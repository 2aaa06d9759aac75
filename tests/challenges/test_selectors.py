"""The rules that a page and a service share: the page shows what the service would do."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone, translation

from challenges import selectors, services
from challenges.models import ApplicationStatus, ReviewerConflict
from core.exceptions import DomainError, TransitionNotAllowed
from notifications.models import Notification
from tests import factories
from tests.challenges.grant_helpers import MILLION, active_grant, member_of

pytestmark = pytest.mark.django_db


def signed_in_founder(client, **application_fields):
    application = factories.ApplicationFactory(**application_fields)
    founder = factories.StartupMembershipFactory(
        startup=application.startup, user__language="en"
    ).user
    client.force_login(founder)
    return application, founder


def service_accepts_withdrawal(application, founder) -> bool:
    try:
        services.withdraw_application(application, actor=founder)
    except DomainError:
        return False
    return True


@pytest.mark.parametrize(
    "status",
    [
        ApplicationStatus.DRAFT,
        ApplicationStatus.SUBMITTED,
        ApplicationStatus.SCREENING,
        ApplicationStatus.UNDER_REVIEW,
        ApplicationStatus.SELECTED,
        ApplicationStatus.WITHDRAWN,
    ],
)
def test_withdraw_button_is_shown_exactly_when_the_service_accepts(client, status):
    application, founder = signed_in_founder(client, status=status)
    page = client.get(f"/applications/{application.pk}/").content.decode()
    shown = f"/applications/{application.pk}/withdraw/" in page
    assert shown == service_accepts_withdrawal(application, founder)


def test_withdraw_button_is_gone_once_the_call_has_closed(client):
    application, founder = signed_in_founder(client, status=ApplicationStatus.SUBMITTED)
    with time_machine.travel(application.challenge.closes_at, tick=False):
        page = client.get(f"/applications/{application.pk}/").content.decode()
        assert service_accepts_withdrawal(application, founder) is False
    assert f"/applications/{application.pk}/withdraw/" not in page


def test_withdrawal_refusal_names_the_rule():
    application = factories.ApplicationFactory(status=ApplicationStatus.SELECTED)
    now = timezone.now()
    refusal = selectors.withdrawal_refusal(application, now)
    assert (type(refusal), refusal.code) == (TransitionNotAllowed, "transition_not_allowed")
    open_draft = factories.ApplicationFactory()
    assert selectors.withdrawal_refusal(open_draft, now) is None
    closed = selectors.withdrawal_refusal(open_draft, open_draft.challenge.closes_at)
    assert closed.code == "call_closed"


def test_draft_page_is_read_only_when_the_service_would_refuse_a_change(client):
    """Before the call opens (its dates moved after the draft was started), saving is refused;
    the page says so instead of offering a form that cannot be saved."""
    application, founder = signed_in_founder(client)
    challenge = application.challenge
    challenge.opens_at = timezone.now() + timedelta(days=1)
    challenge.closes_at = timezone.now() + timedelta(days=30)
    challenge.save()
    with translation.override("en"), pytest.raises(DomainError) as caught:
        services.save_draft(application, actor=founder, data={"bms_fit": "Oncology."})
    page = client.get(f"/applications/{application.pk}/steps/fit/").content.decode()
    assert caught.value.code == "call_not_open"
    assert str(caught.value) in page
    assert "<fieldset disabled>" in page


def test_edit_refusal_after_the_close_is_the_message_the_page_shows():
    application = factories.ApplicationFactory()
    closes_at = application.challenge.closes_at
    refusal = selectors.edit_refusal(application, closes_at)
    assert (refusal.code, str(refusal)) == (
        "call_closed",
        "The call has closed, so this draft can no longer be changed.",
    )
    assert selectors.edit_refusal(application, closes_at - timedelta(seconds=1)) is None


def test_reporting_again_in_the_same_instant_notifies_staff_again():
    """Notification keys name the report (its audit entry), not the clock: a report returned
    and sent again at the same microsecond is still a new report."""
    staff = factories.StaffFactory()
    grant = active_grant(30 * MILLION)
    founder = member_of(grant.application)
    tranche = grant.tranches.get()
    with time_machine.travel(timezone.now(), tick=False):
        services.report_milestone(tranche, actor=founder, text="First try.")
        services.return_tranche(tranche, actor=staff, comment="Add the data.")
        services.report_milestone(tranche, actor=founder, text="Second try.")
        services.return_tranche(tranche, actor=staff, comment="Still missing.")
    reported = Notification.objects.filter(recipient=staff, kind="challenges.milestone_reported")
    returned = Notification.objects.filter(recipient=founder, kind="challenges.milestone_returned")
    assert (reported.count(), returned.count()) == (2, 2)


def test_excluded_reviewers_are_members_and_declared_conflicts():
    application = factories.ApplicationFactory()
    member = member_of(application)
    conflicted = factories.UserFactory()
    ReviewerConflict.objects.create(
        reviewer=conflicted, startup=application.startup, reason="Former adviser."
    )
    other = factories.ApplicationFactory()
    excluded = selectors.excluded_reviewers({application.startup_id, other.startup_id})
    assert excluded == {application.startup_id: {member.pk, conflicted.pk}, other.startup_id: set()}


def test_a_refusal_that_sends_people_to_the_office_links_the_contact_page(client):
    application, founder = signed_in_founder(client, status=ApplicationStatus.SUBMITTED)
    with time_machine.travel(application.challenge.closes_at, tick=False):
        client.force_login(founder)  # the session of "now" would have expired by then
        page = client.post(
            f"/applications/{application.pk}/withdraw/", follow=True
        ).content.decode()
    alert = page[page.index('role="alert"') :]
    alert = alert[: alert.index("</div>")]
    assert "please contact the programme office to withdraw" in alert
    assert 'href="/contact/"' in alert
