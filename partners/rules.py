"""Who may act for a partner organisation, book rooms and see consultations (django-rules)."""

import rules

from accounts.rules import is_programme_staff
from accounts.selectors import is_startup_member, startups_of
from partners.selectors import is_partner_rep


def partner_memberships_of(user):
    """What makes someone a partner representative: a seat with any partner."""
    return user.partner_memberships.all()


@rules.predicate
def is_any_partner_rep(user):
    return user.is_authenticated and partner_memberships_of(user).exists()


@rules.predicate
def belongs_to_a_startup(user):
    return user.is_authenticated and startups_of(user).exists()


@rules.predicate
def represents_consultation_partner(user, consultation):
    return consultation is not None and is_partner_rep(user, consultation.partner)


@rules.predicate
def belongs_to_consultation_startup(user, consultation):
    return consultation is not None and is_startup_member(user, consultation.startup)


@rules.predicate
def booked_it(user, booking):
    if not user.is_authenticated or booking is None:
        return False
    if booking.booked_by_id == user.pk:
        return True
    if booking.startup_id and is_startup_member(user, booking.startup):
        return True
    return bool(booking.partner_id and is_partner_rep(user, booking.partner))


rules.add_perm("partners.request_consultation", belongs_to_a_startup)
rules.add_perm("partners.see_requests", is_any_partner_rep | belongs_to_a_startup)
rules.add_perm(
    "partners.see_consultation",
    represents_consultation_partner | belongs_to_consultation_startup | is_programme_staff,
)
rules.add_perm("partners.answer_consultation", represents_consultation_partner)
rules.add_perm("partners.act_for_startup", belongs_to_consultation_startup)
rules.add_perm(
    "partners.book_rooms", belongs_to_a_startup | is_any_partner_rep | is_programme_staff
)
rules.add_perm("partners.see_booking", booked_it | is_programme_staff)
