"""Who may act as a coach (django-rules)."""

import rules


@rules.predicate
def is_coach(user):
    return user.is_authenticated and hasattr(user, "coach_profile")
