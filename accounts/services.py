"""Every write about people and startups. Each function is one transaction and audit-logged."""

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import (
    MembershipRole,
    Startup,
    StartupInvitation,
    StartupMembership,
    User,
)
from core.audit import log_action
from core.exceptions import DomainError
from notifications.outbox import notify


class InvitationError(DomainError):
    pass


@transaction.atomic
def update_profile(user: User, *, actor: User, name: str, language: str, time_zone: str) -> User:
    """Save the person's name, language and time zone. No notification."""
    before = {"language": user.language, "time_zone": user.time_zone}
    user.name, user.language, user.time_zone = name, language, time_zone
    user.save(update_fields=["name", "language", "time_zone"])
    log_action(
        user,
        "accounts.user.profile_updated",
        actor=actor,
        data={"from": before, "to": {"language": language, "time_zone": time_zone}},
    )
    return user


@transaction.atomic
def set_language(user: User, *, language: str) -> None:
    """Remember a signed-in person's language choice (the switcher in the navigation)."""
    if user.language != language:
        user.language = language
        user.save(update_fields=["language"])


@transaction.atomic
def create_startup(*, founder: User, data: dict, therapeutic_areas=()) -> Startup:
    """Create a startup with `founder` as its owner. Audit-logged."""
    startup = Startup.objects.create(**data)
    startup.therapeutic_areas.set(therapeutic_areas)
    StartupMembership.objects.create(startup=startup, user=founder, role=MembershipRole.OWNER)
    log_action(startup, "accounts.startup.created", actor=founder, data={"kind": startup.kind})
    return startup


@transaction.atomic
def update_startup(startup: Startup, *, actor: User, data: dict, therapeutic_areas=()) -> Startup:
    """Save the startup profile; the audit entry lists the fields that changed."""
    startup = Startup.objects.select_for_update().get(pk=startup.pk)
    changed = [field for field, value in data.items() if getattr(startup, field) != value]
    for field, value in data.items():
        setattr(startup, field, value)
    startup.save(update_fields=[*data, "updated_at"])
    startup.therapeutic_areas.set(therapeutic_areas)
    log_action(startup, "accounts.startup.updated", actor=actor, data={"changed": changed})
    return startup


@transaction.atomic
def invite_member(startup: Startup, *, actor: User, email: str) -> StartupInvitation:
    """Invite a co-founder by email. Sends the invitation through the outbox after commit."""
    email = email.strip().lower()
    if startup.memberships.filter(user__email__iexact=email).exists():
        raise InvitationError(
            _("%(email)s is already a member of this startup.") % {"email": email}
        )
    pending = startup.invitations.filter(email__iexact=email, accepted_at__isnull=True)
    if any(not invitation.is_expired for invitation in pending):
        raise InvitationError(
            _("%(email)s has already been invited; the invitation is valid for %(days)s days.")
            % {"email": email, "days": StartupInvitation.VALID_DAYS}
        )
    invitation = StartupInvitation.objects.create(startup=startup, email=email, invited_by=actor)
    recipient = User.objects.filter(email__iexact=email).first()
    language = recipient.language if recipient else actor.language
    notify(
        recipient,
        "accounts.startup_invitation",
        {
            "startup": startup.name_in(language),
            "inviter": actor.get_full_name(),
            "url": reverse("accounts:invitation", args=[invitation.token]),
        },
        key=f"accounts.startup_invitation:{invitation.pk}",
        email=email,
        language=language,
    )
    log_action(startup, "accounts.startup.member_invited", actor=actor, data={"email": email})
    return invitation


@transaction.atomic
def accept_invitation(invitation: StartupInvitation, *, user: User) -> StartupMembership:
    """Join the startup through an invitation. The invitation can be used once."""
    invitation = StartupInvitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.accepted_at is not None:
        raise InvitationError(_("This invitation has already been used."))
    if invitation.is_expired:
        raise InvitationError(
            _("This invitation has expired. Ask the founder to invite you again.")
        )
    if invitation.email.lower() != user.email.lower():
        raise InvitationError(
            _("This invitation was sent to %(email)s. Sign in with that address to accept it.")
            % {"email": invitation.email}
        )
    membership, _created = StartupMembership.objects.get_or_create(
        startup=invitation.startup, user=user, defaults={"role": MembershipRole.MEMBER}
    )
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by", "updated_at"])
    log_action(
        invitation.startup,
        "accounts.startup.member_joined",
        actor=user,
        data={"email": user.email},
    )
    return membership
