"""Who may do what with accounts and startups (django-rules).

The roles of DESIGN.md §5 that live in other apps (reviewer, coach, partner rep) add their
predicates in those apps' rules.py. Rule names are not Django's model permission names
(`view_startup`, ...), so a rule never grants admin access and vice versa.
"""

import rules
from django.conf import settings

from accounts import selectors
from accounts.groups import REVIEWERS_GROUP, STAFF_GROUP

__all__ = ["REVIEWERS_GROUP", "STAFF_GROUP", "is_programme_staff", "is_startup_member"]


@rules.predicate
def is_startup_member(user, startup):
    return selectors.is_startup_member(user, startup)


@rules.predicate
def is_startup_owner(user, startup):
    return selectors.is_startup_owner(user, startup)


@rules.predicate
def is_programme_staff(user):
    """Staff, and (where the setting asks for it, always outside the local demo) with MFA on:
    staff who skipped two-factor authentication get no more than any other user."""
    if not (user.is_authenticated and user.is_active and user.is_staff):
        return False
    if not settings.STAFF_REQUIRE_MFA:
        return True
    from allauth.mfa.utils import is_mfa_enabled

    return is_mfa_enabled(user)


rules.add_perm("accounts.see_startup_profile", is_startup_member | is_programme_staff)
rules.add_perm("accounts.edit_startup_profile", is_startup_member | is_programme_staff)
rules.add_perm("accounts.invite_cofounder", is_startup_owner)
