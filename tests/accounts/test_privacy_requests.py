"""Personal data requests (PIPA Art. 35-37) and deleting one's own account (Art. 36)."""

from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from django.contrib.auth import get_user_model

from accounts import services
from accounts.models import PrivacyRequest, StartupMembership
from core.exceptions import DomainError
from core.models import AuditEntry, DestructionLog
from core.privacy import destroy_expired
from notifications.models import Notification
from tests import factories
from tests.factories import PASSWORD


def _signed_in_for_real(client, user):
    response = client.post("/accounts/login/", {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302


@pytest.mark.parametrize(
    ("submitted", "due"),
    [
        # 16:00 UTC is already the next day in Seoul: ten Seoul days from 3 March.
        (datetime(2026, 3, 2, 16, 0, tzinfo=UTC), date(2026, 3, 13)),
        (datetime(2026, 3, 2, 14, 59, tzinfo=UTC), date(2026, 3, 12)),
    ],
)
def test_request_due_date_counts_seoul_days(submitted, due):
    assert services.privacy_request_due_on(submitted) == due


@pytest.mark.django_db
def test_submitting_a_request_tells_the_staff_and_answering_tells_the_person():
    person = factories.UserFactory()
    staff = factories.StaffFactory()
    with time_machine.travel(datetime(2026, 3, 2, 16, 0, tzinfo=UTC), tick=False):
        request = services.submit_privacy_request(
            person, kind="withdraw_bms", details="Application 12"
        )
    assert (request.status, request.due_on) == ("open", date(2026, 3, 13))
    staff_notice = Notification.objects.get(recipient=staff)
    assert staff_notice.kind == "accounts.privacy_request_submitted"
    answered = services.answer_privacy_request(
        request, actor=staff, status="declined", answer="Kept for the grant's accounting."
    )
    assert (answered.status, answered.answered_by, answered.answer) == (
        "declined",
        staff,
        "Kept for the grant's accounting.",
    )
    notice = Notification.objects.get(recipient=person)
    assert notice.kind == "accounts.privacy_request_answered"
    assert notice.context["answer"] == "Kept for the grant's accounting."
    with pytest.raises(DomainError):
        services.answer_privacy_request(request, actor=staff, status="done", answer="again")


@pytest.mark.django_db
def test_request_form_needs_recent_authentication_and_records_the_request(client):
    person = factories.UserFactory()
    client.force_login(person)
    response = client.post("/accounts/my-data/requests/", {"kind": "stop"})
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/reauthenticate/")
    assert PrivacyRequest.objects.count() == 0
    client.logout()
    _signed_in_for_real(client, person)
    response = client.post("/accounts/my-data/requests/", {"kind": "stop", "details": "all"})
    assert response.status_code == 302
    assert list(PrivacyRequest.objects.values_list("requester", "kind", "details")) == [
        (person.pk, "stop", "all")
    ]


@pytest.mark.django_db
def test_person_deletes_their_account_when_nothing_must_be_kept(
    client, django_capture_on_commit_callbacks
):
    person = factories.UserFactory(email="leaving@example.kr", name="떠나는사람")
    factories.StartupMembershipFactory(user=person)
    registration = factories.RegistrationFactory(user=person, affiliation="LEAVING-LAB")
    factories.NotificationFactory(recipient=person, body_text="LEAVING-BODY")
    services.update_profile(person, actor=person, name="떠나는사람", language="ko", time_zone="UTC")
    _signed_in_for_real(client, person)
    assert client.get("/accounts/my-data/delete/").status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/accounts/my-data/delete/", {"confirm": "on"})
    assert response.status_code == 302
    person.refresh_from_db()
    assert (person.email, person.name, person.is_active, person.has_usable_password()) == (
        f"deleted-{person.pk}@deleted.invalid",
        "",
        False,
        False,
    )
    registration.refresh_from_db()
    assert (registration.user, registration.affiliation) == (None, "")
    assert StartupMembership.objects.filter(user=person).count() == 0
    assert Notification.objects.filter(body_text="LEAVING-BODY").exists() is False
    confirmation = Notification.objects.get(kind="accounts.account_deleted")
    assert (confirmation.email, confirmation.show_in_inbox) == ("leaving@example.kr", False)
    for entry in AuditEntry.objects.exclude(action="accounts.user.deleted"):
        assert "떠나는사람" not in str(entry.data) + entry.object_repr
    assert get_user_model().objects.filter(email="leaving@example.kr").exists() is False
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_account_with_a_submitted_application_cannot_be_deleted_alone(client):
    person = factories.UserFactory()
    startup = factories.StartupMembershipFactory(user=person).startup
    factories.CompleteApplicationFactory(startup=startup, status="submitted")
    _signed_in_for_real(client, person)
    response = client.get("/accounts/my-data/delete/")
    assert response.context["blockers"] != []
    client.post("/accounts/my-data/delete/", {"confirm": "on"})
    person.refresh_from_db()
    assert person.is_active is True
    with pytest.raises(DomainError):
        services.delete_account(person, actor=person)


@pytest.mark.django_db
def test_unused_account_is_told_then_anonymised(django_capture_on_commit_callbacks):
    joined = datetime(2026, 1, 5, 3, 0, tzinfo=UTC)
    with time_machine.travel(joined, tick=False):
        idle = factories.UserFactory(email="idle@example.kr", last_login=joined)
        back = factories.UserFactory(email="back@example.kr", last_login=joined)
        staff = factories.StaffFactory(last_login=joined)
    told_at = joined + timedelta(days=3 * 365 - 29)
    with time_machine.travel(told_at, tick=False):
        destroy_expired()
        destroy_expired()  # a second run the same day tells nobody twice
    notices = Notification.objects.filter(kind="accounts.inactive_account_notice")
    assert sorted(notices.values_list("recipient__email", flat=True)) == [
        "back@example.kr",
        "idle@example.kr",
    ]
    get_user_model().objects.filter(pk=back.pk).update(last_login=told_at + timedelta(days=1))
    with (
        time_machine.travel(joined + timedelta(days=3 * 365 + 2), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        destroy_expired()
    idle.refresh_from_db()
    back.refresh_from_db()
    staff.refresh_from_db()
    assert (idle.email, idle.is_active) == (f"deleted-{idle.pk}@deleted.invalid", False)
    assert (back.email, back.is_active) == ("back@example.kr", True)
    assert staff.is_active is True
    assert list(
        DestructionLog.objects.filter(rule="inactive_accounts").values_list("count", flat=True)
    ) == [1]
