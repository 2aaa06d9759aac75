"""Who may do what with accounts and startups (django-rules).

The roles of DESIGN.md §5 that live in other apps (reviewer, coach, partner rep) add their
predicates in those apps' rules.py.
"""

import rules

REVIEWERS_GROUP = "Reviewers"
STAFF_GROUP = "Programme staff"


@rules.predicate
def is_startup_member(user, startup):
    if not user.is_authenticated or startup is None:
        return False
    return startup.memberships.filter(user=user).exists()


@rules.predicate
def is_startup_owner(user, startup):
    if not user.is_authenticated or startup is None:
        return False
    return startup.memberships.filter(user=user, role="owner").exists()


@rules.predicate
def is_applicant(user):
    return user.is_authenticated and user.startup_memberships.exists()


@rules.predicate
def is_reviewer(user):
    return user.is_authenticated and user.groups.filter(name=REVIEWERS_GROUP).exists()


is_programme_staff = rules.is_staff

rules.add_perm("accounts.view_startup", is_startup_member | is_programme_staff)
rules.add_perm("accounts.change_startup", is_startup_member | is_programme_staff)
rules.add_perm("accounts.invite_to_startup", is_startup_owner)
