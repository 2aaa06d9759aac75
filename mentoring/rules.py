"""Who may do what in coaching (django-rules), and the 24-hour cut-off for the startup."""

from datetime import datetime, timedelta

import rules

from accounts.rules import is_programme_staff
from accounts.selectors import is_startup_member
from mentoring.models import Coach

# Until this long before a session, the startup may move it, and cancel it without it
# counting against the allotment; the coach and staff may do both at any time.
CUTOFF = timedelta(hours=24)


@rules.predicate
def is_coach(user):
    return user.is_authenticated and hasattr(user, "coach_profile")


def coach_profile_of(user):
    """The row is_coach looks for (user.coach_profile), as a query: config.navigation asks it
    beside the other roles in one statement."""
    return Coach.objects.filter(user=user)


@rules.predicate
def is_engagement_coach(user, engagement):
    return user.is_authenticated and engagement is not None and engagement.coach.user_id == user.pk


@rules.predicate
def is_engagement_startup_member(user, engagement):
    return engagement is not None and is_startup_member(user, engagement.startup)


@rules.predicate
def is_session_coach(user, session):
    return user.is_authenticated and session is not None and session.coach.user_id == user.pk


@rules.predicate
def is_session_startup_member(user, session):
    return session is not None and is_startup_member(user, session.startup)


manages_session = is_session_coach | is_programme_staff


def is_late_change(user, session, *, now: datetime) -> bool:
    """A change by the startup's side inside the cut-off: the reschedule is refused, the
    cancellation counts against the allotment. The coach and staff are never late."""
    if user is not None and manages_session(user, session):
        return False
    return session.starts_at - now < CUTOFF


rules.add_perm("mentoring.book_in_engagement", is_engagement_startup_member)
rules.add_perm(
    "mentoring.see_engagement",
    is_engagement_startup_member | is_engagement_coach | is_programme_staff,
)
rules.add_perm(
    "mentoring.see_session", is_session_startup_member | is_session_coach | is_programme_staff
)
rules.add_perm("mentoring.see_private_notes", manages_session)
rules.add_perm("mentoring.record_outcome", manages_session)
# The write-up of a held session: progress towards the goals, and the goals agreed at the first.
rules.add_perm("mentoring.record_progress", manages_session)
# Each side's final assessment: the coach, or a member of the startup (never staff for them).
rules.add_perm("mentoring.assess_engagement", is_engagement_coach | is_engagement_startup_member)
rules.add_perm("mentoring.give_feedback", is_session_startup_member)
rules.add_perm("mentoring.edit_availability", is_coach)
