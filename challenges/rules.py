"""Who may see and change applications (django-rules)."""

import rules

from accounts.rules import is_programme_staff


@rules.predicate
def is_member_of_applicant(user, application):
    if not user.is_authenticated or application is None:
        return False
    return application.startup.memberships.filter(user=user).exists()


# Reviewers are added here by the review workflow (assigned applications only).
rules.add_perm("challenges.access_application", is_member_of_applicant | is_programme_staff)
rules.add_perm("challenges.edit_application", is_member_of_applicant)
