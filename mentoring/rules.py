"""Who may do what in coaching (django-rules)."""

import rules

from accounts.rules import is_programme_staff


@rules.predicate
def is_coach(user):
    return user.is_authenticated and hasattr(user, "coach_profile")


@rules.predicate
def is_engagement_coach(user, engagement):
    return user.is_authenticated and engagement is not None and engagement.coach.user_id == user.pk


@rules.predicate
def is_engagement_startup_member(user, engagement):
    if not user.is_authenticated or engagement is None:
        return False
    return engagement.startup.memberships.filter(user=user).exists()


@rules.predicate
def is_session_coach(user, session):
    return user.is_authenticated and session is not None and session.coach.user_id == user.pk


@rules.predicate
def is_session_startup_member(user, session):
    if not user.is_authenticated or session is None:
        return False
    return session.startup.memberships.filter(user=user).exists()


rules.add_perm("mentoring.book_in_engagement", is_engagement_startup_member)
rules.add_perm(
    "mentoring.see_engagement",
    is_engagement_startup_member | is_engagement_coach | is_programme_staff,
)
rules.add_perm(
    "mentoring.see_session", is_session_startup_member | is_session_coach | is_programme_staff
)
rules.add_perm("mentoring.see_private_notes", is_session_coach | is_programme_staff)
rules.add_perm("mentoring.record_outcome", is_session_coach | is_programme_staff)
rules.add_perm("mentoring.give_feedback", is_session_startup_member)
rules.add_perm("mentoring.edit_availability", is_coach)
