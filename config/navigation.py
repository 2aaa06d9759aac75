"""The one place that decides the main menu, from what the person may open.

It knows every app, so it lives in config/ (the top of the dependency graph, DESIGN.md §2).
Each item is shown only when the same `rules` permission or predicate the view checks says
yes: a link never answers 403 or 404 for the person who sees it (tests/test_access_matrix.py
follows every link for every role).
"""

from dataclasses import dataclass
from functools import cached_property

from django.contrib.auth import get_user_model
from django.db.models import Exists
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _

from accounts import viewer
from accounts.rules import is_programme_staff
from accounts.selectors import startups_of
from challenges.appeal_selectors import appeal_seats
from challenges.rules import REVIEW_PORTAL, sits_on_an_appeal_committee
from challenges.selectors import reviewer_pool
from core.links import link
from mentoring.rules import coach_profile_of, is_coach
from partners.rules import belongs_to_a_startup, is_any_partner_rep, partner_memberships_of


class Roles:
    """What a signed-in person is, asked once per request (each answer costs a query), or
    given as `known` answers (kept with the viewer: `roles_for`)."""

    # The answers kept with the viewer, and every row they are read from, whose changes
    # invalidate them (core.viewer_cache.invalidate, by signals in each app): the user row,
    # startup memberships, the user's groups and permissions, a group's permissions, two-factor
    # authenticators (accounts), appeal committee seats (challenges), partner memberships
    # (partners), coach profiles (mentoring).
    KEPT = ("founder", "reviewer", "appeal_member", "coach", "partner_rep", "staff")

    def __init__(self, user, known: dict | None = None):
        self.user = user
        # cached_property reads its answer from the instance's __dict__ first
        self.__dict__.update(known or {})

    @cached_property
    def founder(self) -> bool:
        return bool(belongs_to_a_startup(self.user))

    @cached_property
    def reviewer(self) -> bool:
        return self.user.has_perm(REVIEW_PORTAL)

    @cached_property
    def appeal_member(self) -> bool:
        """Seated on an appeals committee (only reviewers and staff can be: others cost no
        query)."""
        if not (self.reviewer or self.user.is_staff):
            return False
        return bool(sits_on_an_appeal_committee(self.user))

    @cached_property
    def coach(self) -> bool:
        return bool(is_coach(self.user))

    @cached_property
    def partner_rep(self) -> bool:
        return bool(is_any_partner_rep(self.user))

    @cached_property
    def staff(self) -> bool:
        """Programme staff with two-factor authentication: the admin opens for them."""
        return bool(is_programme_staff(self.user))

    @cached_property
    def staff_without_mfa(self) -> bool:
        return self.user.is_staff and not self.staff

    @cached_property
    def newcomer(self) -> bool:
        """Signed up, no role yet: most likely a founder about to register a startup."""
        return not (
            self.founder or self.reviewer or self.coach or self.partner_rep or self.user.is_staff
        )

    @property
    def applies(self) -> bool:
        return self.founder or self.newcomer

    @classmethod
    def kept_answers(cls, user) -> dict[str, bool]:
        """The KEPT answers in one statement: one EXISTS for each rule's rows, each the query
        its predicate asks (belongs_to_a_startup, is_in_reviewer_pool,
        sits_on_an_appeal_committee, is_any_partner_rep; for is_coach, the row
        user.coach_profile reads), instead of a query per role and two more for the model
        permissions has_perm reads. A person's first page after signing in pays this, every
        later one reads the answers from the cache (tests/accounts/test_roles_in_one_query.py
        holds the answers equal to the predicates' for every kind of person).

        The review portal's permission is the reviewers' group alone (challenges.rules); an
        active superuser has every permission without a query (has_perm)."""
        rows = {
            "founder": startups_of(user),
            "in_reviewer_pool": reviewer_pool().filter(pk=user.pk),
            "seated": appeal_seats(user),
            "coach": coach_profile_of(user),
            "partner_rep": partner_memberships_of(user),
        }
        found = get_user_model().objects.filter(pk=user.pk).values(
            **{name: Exists(query) for name, query in rows.items()}
        ).first() or dict.fromkeys(rows, False)
        # has_perm answers an active superuser without a query, and only superusers can hold
        # the permission outside the group
        reviewer = found["in_reviewer_pool"] or (user.is_superuser and user.has_perm(REVIEW_PORTAL))
        return {
            "founder": found["founder"],
            "reviewer": reviewer,
            "appeal_member": (reviewer or user.is_staff) and found["seated"],
            "coach": found["coach"],
            "partner_rep": found["partner_rep"],
            "staff": bool(is_programme_staff(user)),
        }


@dataclass(frozen=True)
class MenuItem:
    url_name: str
    label: str

    @property
    def url(self) -> str:
        return link(self.url_name)


PUBLIC = [
    MenuItem("challenges:list", _("Challenges")),
    MenuItem("events:list", _("Events")),
    MenuItem("partners:list", _("Partners")),
    MenuItem("partners:office", _("Meeting rooms")),
]


class Menu(list):
    """The menu's items, and a key naming them for the menu's cached fragment (base.html)."""

    @property
    def key(self) -> str:
        return " ".join(item.url_name for item in self)


def main_menu(user, roles: Roles | None = None) -> Menu:
    """The main menu's links, in order: the person's own work first, then the programme."""
    if not user.is_authenticated:
        return Menu([MenuItem("home", _("Home")), *PUBLIC])
    roles = roles or Roles(user)
    items = [MenuItem("my_home", _("My tasks"))]
    if roles.reviewer:
        items.append(MenuItem("challenges:review_queue", _("Reviews")))
    if roles.appeal_member:
        items.append(MenuItem("challenges:appeal_committee_list", _("Appeals")))
    if roles.partner_rep:
        items.append(MenuItem("partners:requests", _("Consultation requests")))
    if roles.applies:
        items.append(MenuItem("challenges:application_list", _("My applications")))
    if roles.coach or roles.founder:
        items.append(MenuItem("mentoring:dashboard", _("Coaching")))
    if roles.staff:
        items.append(MenuItem("admin:index", _("Admin")))
    items += PUBLIC
    if roles.applies:
        items.append(MenuItem("accounts:startup_list", _("My startup")))
    return Menu(items)


def roles_for(request) -> Roles:
    """The signed-in person's roles: kept with the viewer (accounts.viewer) between requests,
    worked out (Roles.kept_answers, one query) and kept when they are not."""
    roles = getattr(request, "_roles", None)
    if roles is not None:
        return roles
    user = request.user
    known = viewer.remembered(request, "roles")
    if known is None and user.is_authenticated:
        known = Roles.kept_answers(user)
        viewer.remember(request, "roles", known)
    roles = request._roles = Roles(user, known)
    return roles


def navigation(request):
    """Context processor: `main_menu` and `roles`, worked out only if a template asks."""
    user = getattr(request, "user", None)
    if user is None:
        return {}
    roles = SimpleLazyObject(lambda: roles_for(request))
    return {
        "roles": roles,
        "main_menu": SimpleLazyObject(lambda: main_menu(user, roles)),
    }
