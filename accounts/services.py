"""Every write about people and startups. Each function is one transaction and audit-logged."""

from datetime import date, timedelta
from zoneinfo import ZoneInfo

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import (
    PRIVACY_REQUEST_DAYS,
    PRIVACY_REQUEST_TRANSITIONS,
    MembershipRole,
    PrivacyRequest,
    Startup,
    StartupInvitation,
    StartupMembership,
    User,
)
from accounts.selectors import staff_to_notify
from core.admin import admin_link
from core.audit import log_action
from core.exceptions import DomainError
from core.i18n import in_language
from core.timefmt import format_date
from core.transitions import ensure
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


# --- personal data requests (PIPA Art. 35-37) ----------------------------------------------------


def privacy_request_due_on(submitted_at) -> date:
    """Ten days after the request, counted in Seoul days (the programme's office)."""
    seoul_day = timezone.localtime(submitted_at, ZoneInfo("Asia/Seoul")).date()
    return seoul_day + timedelta(days=PRIVACY_REQUEST_DAYS)


@transaction.atomic
def submit_privacy_request(user: User, *, kind: str, details: str = "", now=None) -> PrivacyRequest:
    """Record a person's request; the programme staff are told through the outbox."""
    now = now or timezone.now()
    request = PrivacyRequest.objects.create(
        requester=user, kind=kind, details=details, due_on=privacy_request_due_on(now)
    )
    log_action(request, "accounts.privacy_request.submitted", actor=user, data={"kind": kind})
    for member in staff_to_notify():
        with in_language(member):
            notify(
                member,
                "accounts.privacy_request_submitted",
                {
                    "request": str(request.get_kind_display()),
                    "due_on": format_date(request.due_on, member.language),
                    "url": admin_link(request),
                },
                key=f"accounts.privacy_request_submitted:{request.pk}:{member.pk}",
            )
    return request


@transaction.atomic
def answer_privacy_request(
    request: PrivacyRequest, *, actor: User, status: str, answer: str
) -> PrivacyRequest:
    """Staff close a request as done or declined (what a law requires keeping, and what was
    done instead, goes in the answer). The requester is told through the outbox."""
    request = PrivacyRequest.objects.select_for_update().get(pk=request.pk)
    ensure(PRIVACY_REQUEST_TRANSITIONS, request.status, status)
    before = request.status
    request.status, request.answer = status, answer
    request.answered_by, request.answered_at = actor, timezone.now()
    request.save(update_fields=["status", "answer", "answered_by", "answered_at", "updated_at"])
    log_action(
        request,
        "accounts.privacy_request.answered",
        actor=actor,
        data={"from": before, "to": status},
    )
    person = request.requester
    if person is not None:
        with in_language(person):
            notify(
                person,
                "accounts.privacy_request_answered",
                {
                    "request": str(request.get_kind_display()),
                    "status": str(request.get_status_display()),
                    "answer": answer,
                    "url": reverse("my_data"),
                },
                key=f"accounts.privacy_request_answered:{request.pk}",
            )
    return request


class AccountDeletionRefused(DomainError):
    pass


@transaction.atomic
def delete_account(user: User, *, actor: User | None) -> None:
    """A person deletes their own account when nothing must be kept (PIPA Art. 36).

    Every registered row that points at them loses its personal values (core.privacy); the
    account row stays, anonymised and unusable, so history and counts keep their shape. The
    confirmation goes to the old address through the outbox (not shown in any inbox).
    """
    from core.privacy import erase_person, kept_for, scrub_audit  # noqa: PLC0415

    user = User.objects.select_for_update().get(pk=user.pk)
    if user.is_staff or user.is_superuser or kept_for(user):
        raise AccountDeletionRefused(
            _("Your account cannot be deleted alone: send a deletion request instead.")
        )
    email, language = user.email, user.language
    erase_person(user)
    EmailAddress.objects.filter(user=user).delete()
    Authenticator.objects.filter(user=user).delete()
    user.email = f"deleted-{user.pk}@deleted.invalid"
    user.name = ""
    user.is_active = False
    user.last_login = None
    user.set_unusable_password()
    user.save(update_fields=["email", "name", "is_active", "last_login", "password"])
    scrub_audit(User, [user.pk])
    log_action(user, "accounts.user.deleted", actor=None)
    with in_language(language):
        notify(
            None,
            "accounts.account_deleted",
            {},
            key=f"accounts.account_deleted:{user.pk}",
            email=email,
            language=language,
            show_in_inbox=False,
        )


def notify_inactive_account(user: User, *, now) -> bool:
    """Tell a person their unused account will be anonymised; once per period of inactivity
    (the key names their last sign-in). Returns whether a notice was written now."""
    from accounts.selectors import INACTIVITY_NOTICE  # noqa: PLC0415
    from core.privacy import retention_days  # noqa: PLC0415
    from notifications.models import Notification  # noqa: PLC0415

    last_seen = user.last_login or user.date_joined
    key = f"{INACTIVITY_NOTICE}:{user.pk}:{last_seen:%Y%m%d%H%M%S}"
    if Notification.objects.filter(key=key).exists():
        return False
    deadline = now + timedelta(days=retention_days("inactive_account_notice"))
    with in_language(user):
        notify(
            user,
            INACTIVITY_NOTICE,
            {"deadline": format_date(deadline, user.language), "url": reverse("account_login")},
            key=key,
        )
    return True
