"""Who may see and change applications (django-rules)."""

import rules

from accounts.rules import is_programme_staff
from accounts.selectors import is_startup_member
from challenges import appeal_selectors, selectors


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
REVIEW_PORTAL = "challenges.use_review_portal"
rules.add_perm(REVIEW_PORTAL, is_in_reviewer_pool)


# --- the appeals committee ---------------------------------------------------------------


@rules.predicate
def is_on_appeal_committee(user, appeal):
    """Seated on this appeal's committee (AppealCommitteeMember)."""
    if not user.is_authenticated or appeal is None:
        return False
    return appeal.members.filter(member=user).exists()


@rules.predicate
def is_on_an_appeal_committee_of(user, application):
    """Seated on the committee of an appeal against this application (reads its documents)."""
    if not user.is_authenticated or application is None:
        return False
    return appeal_selectors.appeal_seats(user).filter(appeal__application=application).exists()


@rules.predicate
def sits_on_an_appeal_committee(user):
    """Seated on any appeal's committee, decided or not."""
    return user.is_authenticated and appeal_selectors.appeal_seats(user).exists()


# The committee pages: the list for the reviewer pool, staff and anyone seated; one appeal for
# its members and programme staff (who only read); the finding for its members alone.
rules.add_perm(
    "challenges.use_appeal_committee_pages",
    is_in_reviewer_pool | is_programme_staff | sits_on_an_appeal_committee,
)
rules.add_perm("challenges.read_appeal", is_on_appeal_committee | is_programme_staff)
rules.add_perm("challenges.record_appeal_finding", is_on_appeal_committee)

# Documents: the startup, programme staff, reviewers assigned to the application, and the
# committee of an appeal against it.
rules.add_perm(
    "challenges.access_application",
    is_member_of_applicant
    | is_programme_staff
    | is_reviewer_without_conflict
    | is_on_an_appeal_committee_of,
)

# The receipt PDF of a submitted application: its startup's members and programme staff.
rules.add_perm("challenges.read_receipt", is_member_of_applicant | is_programme_staff)
