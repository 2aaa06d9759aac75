from datetime import date, timedelta

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from accounts import services
from accounts.models import Startup, StartupInvitation, StartupMembership
from core.exceptions import DomainError
from core.models import AuditEntry
from tests import factories

pytestmark = pytest.mark.django_db

VALID = {
    "kind": "company",
    "name": "홍릉바이오",
    "name_en": "Hongneung Bio",
    "business_number": "220-81-62517",
    "founded_on": "2023-05-02",
    "district": "동대문구",
    "address": "서울특별시 동대문구 회기로 117",
    "website": "https://hongneung.example.kr",
}


def test_founder_creates_startup_and_becomes_owner(client):
    founder = factories.UserFactory()
    client.force_login(founder)
    oncology = factories.TherapeuticAreaFactory(slug="oncology")
    response = client.post("/startups/new/", {**VALID, "therapeutic_areas": [oncology.pk]})
    startup = Startup.objects.get()
    assert response.status_code == 302
    assert response.url == f"/startups/{startup.pk}/"
    assert startup.business_number == "2208162517"
    assert list(startup.therapeutic_areas.all()) == [oncology]
    assert StartupMembership.objects.get(startup=startup).user == founder
    assert AuditEntry.objects.get().action == "accounts.startup.created"


def test_wrong_check_digit_is_refused_with_message_and_input_kept(client):
    client.force_login(factories.UserFactory())
    response = client.post("/startups/new/", {**VALID, "business_number": "123-45-67890"})
    assert response.status_code == 200
    assert Startup.objects.count() == 0
    form = response.context["form"]
    assert form.errors["business_number"][0].startswith("123-45-67890")
    assert 'value="123-45-67890"' in response.content.decode()
    assert 'href="#id_business_number"' in response.content.decode()


def test_company_needs_number_and_start_date_but_pre_founder_does_not(client):
    client.force_login(factories.UserFactory())
    data = {**VALID, "business_number": "", "founded_on": ""}
    response = client.post("/startups/new/", data)
    assert set(response.context["form"].errors) == {"business_number", "founded_on"}
    response = client.post("/startups/new/", {**data, "kind": "pre_founder"})
    assert response.status_code == 302
    assert Startup.objects.get().kind == "pre_founder"


def test_address_must_match_the_district(client):
    client.force_login(factories.UserFactory())
    response = client.post("/startups/new/", {**VALID, "address": "서울특별시 강남구 테헤란로 1"})
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["address"]


def test_business_number_is_unique(client):
    factories.StartupFactory(business_number="2208162517")
    client.force_login(factories.UserFactory())
    response = client.post("/startups/new/", VALID)
    assert response.status_code == 200
    assert Startup.objects.count() == 1


def test_member_edits_startup_and_change_is_audited(client):
    membership = factories.StartupMembershipFactory(
        startup__name=VALID["name"],
        startup__name_en=VALID["name_en"],
        startup__business_number="2208162517",
        startup__founded_on=date(2023, 5, 2),
        startup__website=VALID["website"],
    )
    client.force_login(membership.user)
    startup = membership.startup
    data = {**VALID, "name": "새 이름"}
    response = client.post(f"/startups/{startup.pk}/edit/", data)
    assert response.status_code == 302
    startup.refresh_from_db()
    assert startup.name == "새 이름"
    entry = AuditEntry.objects.get(action="accounts.startup.updated")
    assert entry.data["changed"] == ["name"]


def test_other_founder_cannot_see_or_edit_the_startup(client):
    startup = factories.StartupMembershipFactory().startup
    client.force_login(factories.StartupMembershipFactory().user)
    assert client.get(f"/startups/{startup.pk}/").status_code == 404
    response = client.post(f"/startups/{startup.pk}/edit/", {**VALID, "name": "탈취"})
    assert response.status_code == 404
    startup.refresh_from_db()
    assert startup.name != "탈취"


def test_owner_invites_cofounder_who_joins(client, django_capture_on_commit_callbacks):
    owner = factories.StartupMembershipFactory().user
    startup = owner.startups.get()
    client.force_login(owner)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/startups/{startup.pk}/invite/", {"email": "Co@Example.kr"})
    assert response.status_code == 302
    invitation = StartupInvitation.objects.get()
    assert invitation.email == "co@example.kr"
    assert [m.to for m in mail.outbox] == [["co@example.kr"]]
    assert f"/invitations/{invitation.token}/" in mail.outbox[0].body

    cofounder = factories.UserFactory(email="co@example.kr")
    client.force_login(cofounder)
    response = client.post(f"/invitations/{invitation.token}/")
    assert response.status_code == 302
    assert startup.memberships.get(user=cofounder).role == "member"
    # The link works once.
    with pytest.raises(DomainError):
        services.accept_invitation(invitation, user=cofounder)


def test_invitation_for_another_address_is_refused():
    invitation = factories.StartupInvitationFactory(email="a@example.kr")
    stranger = factories.UserFactory(email="b@example.kr")
    with pytest.raises(DomainError):
        services.accept_invitation(invitation, user=stranger)
    assert invitation.startup.memberships.filter(user=stranger).exists() is False


def test_member_who_is_not_owner_cannot_invite(client):
    startup = factories.StartupMembershipFactory().startup
    member = factories.StartupMembershipFactory(startup=startup, role="member").user
    client.force_login(member)
    response = client.post(f"/startups/{startup.pk}/invite/", {"email": "x@example.kr"})
    assert response.status_code == 404
    assert StartupInvitation.objects.count() == 0


def test_inviting_an_existing_member_is_refused():
    membership = factories.StartupMembershipFactory()
    with pytest.raises(DomainError):
        services.invite_member(
            membership.startup, actor=membership.user, email=membership.user.email.upper()
        )
    assert StartupInvitation.objects.count() == 0


def test_next_after_creating_a_startup_stays_on_this_site(client):
    client.force_login(factories.UserFactory())
    response = client.post("/startups/new/?next=https://evil.example/", VALID)
    startup = Startup.objects.get()
    assert response.url == f"/startups/{startup.pk}/"


def test_next_after_creating_a_startup_returns_to_the_application(client):
    client.force_login(factories.UserFactory())
    response = client.post("/startups/new/?next=/challenges/call/apply/", VALID)
    assert response.url == "/challenges/call/apply/"


def test_expired_invitation_is_refused(client):

    invitation = factories.StartupInvitationFactory(email="late@example.kr")
    user = factories.UserFactory(email="late@example.kr", language="en")
    with time_machine.travel(timezone.now() + timedelta(days=15)):
        client.force_login(user)
        page = client.get(f"/invitations/{invitation.token}/").content.decode()
        assert "This invitation has expired." in page
        with pytest.raises(DomainError):
            services.accept_invitation(invitation, user=user)
    assert invitation.startup.memberships.filter(user=user).exists() is False


def test_a_second_invitation_to_the_same_address_is_refused_while_the_first_is_valid():
    membership = factories.StartupMembershipFactory()
    services.invite_member(membership.startup, actor=membership.user, email="co@example.kr")
    with pytest.raises(DomainError):
        services.invite_member(membership.startup, actor=membership.user, email="CO@example.kr")
    assert StartupInvitation.objects.count() == 1


def test_invitation_email_is_plain_text_without_html_escaping(django_capture_on_commit_callbacks):
    owner = factories.UserFactory(name="O'Brien", language="en")
    startup = factories.StartupMembershipFactory(user=owner, startup__name='R&D "Bio"').startup
    with django_capture_on_commit_callbacks(execute=True):
        services.invite_member(startup, actor=owner, email="co@example.kr")
    assert mail.outbox[0].subject == 'O\'Brien invited you to join R&D "Bio"'
    assert 'R&D "Bio"' in mail.outbox[0].body
