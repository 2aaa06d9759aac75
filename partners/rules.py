"""Who may act for a partner organisation (django-rules)."""

import rules


@rules.predicate
def is_partner_rep(user):
    return user.is_authenticated and user.partner_memberships.exists()
