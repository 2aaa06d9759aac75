"""accounts' part of the personal data inventory (see core/privacy.py)."""

from datetime import timedelta

from core.exceptions import DomainError
from core.privacy import Category as C
from core.privacy import Method, retention_days

FIELDS = {
    "accounts.User": {
        "password": C.IDENTITY,
        "last_login": C.LOG,
        "is_superuser": None,
        "email": C.CONTACT,
        "name": C.IDENTITY,
        "language": C.CONTACT,
        "time_zone": C.CONTACT,
        "is_staff": None,
        "is_active": None,
        "date_joined": C.LOG,
        "groups": None,
        "user_permissions": None,
        "phone": C.CONTACT,
        "phone_verified_at": C.LOG,
        "phone_consent_at": C.LOG,
        "kakao_opt_in": C.CONTACT,
    },
    # One-time codes sent by SMS (only a hash of the code is kept).
    "accounts.PhoneVerification": {
        "user": C.IDENTITY,
        "phone": C.CONTACT,
        "code_hash": None,
        "created_at": C.LOG,
        "expires_at": None,
        "attempts": None,
        "used_at": C.LOG,
    },
    "accounts.TherapeuticArea": {
        "name_ko": None,
        "name_en": None,
        "slug": None,
        "sort_order": None,
    },
    # A startup is a company, but a pre-founder team's name and address are a person's.
    "accounts.Startup": {
        "created_at": None,
        "updated_at": None,
        "name": C.BUSINESS,
        "name_en": C.BUSINESS,
        "kind": None,
        "business_number": C.BUSINESS,
        "district": None,  # the dashboard counts by district: coarse, kept
        "address": C.BUSINESS,
        "founded_on": C.BUSINESS,
        "website": C.BUSINESS,
        "therapeutic_areas": None,
        "members": C.IDENTITY,
    },
    "accounts.StartupMembership": {
        "created_at": None,
        "updated_at": None,
        "startup": None,
        "user": C.IDENTITY,
        "role": C.BUSINESS,
    },
    "accounts.StartupInvitation": {
        "created_at": None,
        "updated_at": None,
        "startup": None,
        "email": C.CONTACT,
        "invited_by": C.IDENTITY,
        "token": None,
        "accepted_at": C.LOG,
        "accepted_by": C.IDENTITY,
    },
    "accounts.PrivacyRequest": {
        "created_at": None,
        "updated_at": None,
        "requester": C.IDENTITY,
        "kind": None,
        "details": C.LOG,
        "status": None,
        "due_on": None,
        "answer": C.LOG,
        "answered_by": None,  # staff, acting for the programme
        "answered_at": None,
    },
}

OWNERS = {
    # The password is a hash, never shown.
    "accounts.User": {
        "pk": [
            "email",
            "name",
            "language",
            "time_zone",
            "last_login",
            "date_joined",
            "phone",
            "phone_verified_at",
            "phone_consent_at",
            "kakao_opt_in",
        ]
    },
    "accounts.PhoneVerification": {"user": ["phone", "created_at", "used_at"]},
    "accounts.Startup": {"members": None},
    "accounts.StartupMembership": {"user": None},
    "accounts.StartupInvitation": {"accepted_by": None},
    "accounts.PrivacyRequest": {"requester": None},
}


def sweep_inactive_accounts(now, dry_run):
    """Accounts nobody signed in to for `inactive_accounts` days: a notice
    `inactive_account_notice` days ahead, then anonymised (when nothing must be kept)."""
    from accounts.selectors import inactive_accounts  # noqa: PLC0415
    from accounts.services import (  # noqa: PLC0415 -- loaded by the registry at run time
        delete_account,
        notify_inactive_account,
    )

    days, notice = retention_days("inactive_accounts"), retention_days("inactive_account_notice")
    warned, erased = 0, 0
    for user in inactive_accounts(before=now - timedelta(days=days - notice)):
        if dry_run:
            warned += 1
            continue
        if notify_inactive_account(user, now=now):
            warned += 1
    ripe = inactive_accounts(
        before=now - timedelta(days=days), noticed_before=now - timedelta(days=notice)
    )
    for user in ripe:
        if dry_run:
            erased += 1
            continue
        try:
            delete_account(user, actor=None)
        except DomainError:
            continue
        erased += 1
    return [
        ("inactive_account_notices", "accounts.User", C.CONTACT, "noticed", warned),
        ("inactive_accounts", "accounts.User", C.IDENTITY, Method.ANONYMISED, erased),
    ]


SWEEPS = [sweep_inactive_accounts]
