"""Who may see and change applications (django-rules)."""

import rules

from accounts.rules import is_programme_staff
from accounts.selectors import is_startup_member
from challenges import selectors


@rules.predicate
def is_member_of_applicant(user, application):
    """A member of the startup that applies."""
    return application is not None and is_startup_member(user, application.startup)


rules.add_perm("challenges.edit_application", is_member_of_applicant)


@rules.predicate
def is_reviewer_without_conflict(user, application):
    """An assigned reviewer who has confirmed having no conflict with the startup."""
    if not user.is_authenticated or application is None:
        return False
    return (
        selectors.has_accepted_review_terms(user, application.challenge_id)
        and application.review_assignments.filter(
            reviewer=user, no_conflict_confirmed_at__isnull=False
        ).exists()
    )


@rules.predicate
def is_in_reviewer_pool(user):
    """In the reviewers' group (may open the review portal)."""
    return user.is_authenticated and selectors.reviewer_pool().filter(pk=user.pk).exists()


rules.add_perm("challenges.read_assigned_application", is_reviewer_without_conflict)
rules.add_perm("challenges.use_review_portal", is_in_reviewer_pool)


# Documents: the startup, programme staff, and reviewers assigned to the application.
rules.add_perm(
    "challenges.access_application",
    is_member_of_applicant | is_programme_staff | is_reviewer_without_conflict,
)

# The receipt PDF of a submitted application: its startup's members and programme staff.
rules.add_perm("challenges.read_receipt", is_member_of_applicant | is_programme_staff)
