"""The one place that decides the main menu, from what the person may open.

It knows every app, so it lives in config/ (the top of the dependency graph, DESIGN.md §2).
Each item is shown only when the same `rules` permission or predicate the view checks says
yes: a link never answers 403 or 404 for the person who sees it (tests/test_access_matrix.py
follows every link for every role).
"""

from dataclasses import dataclass
from functools import cached_property

from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _

from accounts.rules import is_programme_staff
from challenges.rules import sits_on_an_appeal_committee
from mentoring.rules import is_coach
from partners.rules import belongs_to_a_startup, is_any_partner_rep


class Roles:
    """What a signed-in person is, asked once per request (each answer costs a query)."""

    def __init__(self, user):
        self.user = user

    @cached_property
    def founder(self) -> bool:
        return bool(belongs_to_a_startup(self.user))

    @cached_property
    def reviewer(self) -> bool:
        return self.user.has_perm("challenges.use_review_portal")

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


@dataclass(frozen=True)
class MenuItem:
    url_name: str
    label: str

    @property
    def url(self) -> str:
        return reverse(self.url_name)


PUBLIC = [
    MenuItem("challenges:list", _("Challenges")),
    MenuItem("events:list", _("Events")),
    MenuItem("partners:list", _("Partners")),
    MenuItem("partners:office", _("Meeting rooms")),
]


def main_menu(user, roles: Roles | None = None) -> list[MenuItem]:
    """The main menu's links, in order: the person's own work first, then the programme."""
    if not user.is_authenticated:
        return [MenuItem("home", _("Home")), *PUBLIC]
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
    return items


def navigation(request):
    """Context processor: `main_menu` and `roles`, worked out only if a template asks."""
    user = getattr(request, "user", None)
    if user is None:
        return {}
    roles = SimpleLazyObject(lambda: Roles(user))
    return {
        "roles": roles,
        "main_menu": SimpleLazyObject(lambda: main_menu(user, roles)),
    }
