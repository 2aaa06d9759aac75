"""Who is who: the reads every app's rules and services ask about people and startups."""

from django.db.models import Q, QuerySet

from accounts.groups import STAFF_GROUP
from accounts.models import Startup, StartupMembership, User
from core.compiled import RowReader


def startups_of(user):
    """The startups a person belongs to, with what their list shows."""
    return (
        Startup.objects.filter(memberships__user=user)
        .prefetch_related("therapeutic_areas")
        .order_by("name")
    )


def startup_ids_of(user) -> list[int]:
    """The ids of the startups a person belongs to, in order."""
    return sorted(StartupMembership.objects.filter(user=user).values_list("startup_id", flat=True))


# Read by every notice to a startup (a founder's submission, among others): compiled once per
# process (core.compiled).
_ACTIVE_MEMBERS = RowReader(
    lambda: User.objects.filter(is_active=True).order_by("pk"), by="startup_memberships__startup"
)


def startup_people(startup: Startup) -> list[User]:
    """The active people who are members of `startup` (owners and members), in the order
    they joined the platform: the people to notify about the startup's affairs."""
    return _ACTIVE_MEMBERS.all(startup.pk)


def startup_contact(startup: Startup) -> User | None:
    """The first of `startup_people`, who is asked on the startup's behalf; None when it has
    no active member."""
    people = startup_people(startup)
    return people[0] if people else None


def is_startup_member(user, startup: Startup | None) -> bool:
    """Whether `user` (possibly anonymous) is a member of `startup` (any role)."""
    if not user.is_authenticated or startup is None:
        return False
    return startup.memberships.filter(user=user).exists()


def is_startup_owner(user, startup: Startup | None) -> bool:
    """Whether `user` (possibly anonymous) is an owner of `startup`."""
    if not user.is_authenticated or startup is None:
        return False
    return startup.memberships.filter(user=user, role="owner").exists()


def programme_staff() -> QuerySet[User]:
    """Active staff accounts (is_staff) in the programme staff group, and active superusers.

    Who runs the programme in the admin. Whether one of them may act right now (two-factor
    authentication) is the rule accounts.rules.is_programme_staff, asked of one person.
    """
    return (
        User.objects.filter(is_active=True, is_staff=True)
        .filter(Q(groups__name=STAFF_GROUP) | Q(is_superuser=True))
        .distinct()
        .order_by("pk")
    )


def staff_to_notify() -> QuerySet[User]:
    """The programme staff who receive staff notifications (a milestone reported, a booking
    to approve, a reviewer's conflict): active staff accounts in the programme staff group.
    A superuser outside the group (a technical account) is not notified."""
    return (
        User.objects.filter(is_active=True, is_staff=True, groups__name=STAFF_GROUP)
        .distinct()
        .order_by("pk")
    )


def personal_data_by_category(user: User) -> list[dict]:
    """What the platform holds about `user` (core.privacy's registry), by category.

    [{"category", "label", "purpose", "retention": [texts], "items": [{"what", "field",
    "value"}]}], categories in their declared order; empty categories left out.
    """
    from django.apps import apps  # noqa: PLC0415

    from core.privacy import PURPOSES, Category, held_about, rules  # noqa: PLC0415

    grouped: dict[str, list[dict]] = {}
    for block in held_about(user):
        model = apps.get_model(block["model"])
        for row in block["rows"]:
            for name, held in row["fields"].items():
                grouped.setdefault(held["category"], []).append(
                    {
                        "what": block["verbose_name"],
                        "field": str(model._meta.get_field(name).verbose_name),
                        "value": held["value"],
                    }
                )
    retention: dict[str, list[str]] = {}
    for rule in rules():
        text = rule.describe()
        if text not in retention.setdefault(rule.category, []):
            retention[rule.category].append(text)
    return [
        {
            "category": category.value,
            "label": category.label,
            "purpose": PURPOSES[category],
            "retention": retention.get(category.value, []),
            "items": grouped[category.value],
        }
        for category in Category
        if category.value in grouped
    ]


def privacy_requests_of(user: User):
    from accounts.models import PrivacyRequest  # noqa: PLC0415

    return PrivacyRequest.objects.filter(requester=user).order_by("-created_at")


def account_deletion_blockers(user: User) -> list[str]:
    """Why the person cannot delete their account alone (empty: they can)."""
    from django.utils.translation import gettext as _  # noqa: PLC0415

    from core.privacy import kept_for  # noqa: PLC0415

    reasons = []
    if user.is_staff or user.is_superuser:
        reasons.append(_("Staff accounts are closed by the programme office."))
    return reasons + kept_for(user)


INACTIVITY_NOTICE = "accounts.inactive_account_notice"


def inactive_accounts(*, before, noticed_before=None) -> QuerySet[User]:
    """Active non-staff accounts nobody signed in to since `before` (never signed in: since
    they joined). With `noticed_before`, only those told about it by then (and after their
    last sign-in)."""
    from django.db.models import Exists, OuterRef  # noqa: PLC0415
    from django.db.models.functions import Coalesce  # noqa: PLC0415

    from notifications.models import Notification  # noqa: PLC0415

    people = (
        User.objects.filter(is_active=True, is_staff=False, is_superuser=False)
        .annotate(last_seen=Coalesce("last_login", "date_joined"))
        .filter(last_seen__lt=before)
    )
    if noticed_before is not None:
        people = people.filter(
            Exists(
                Notification.objects.filter(
                    recipient=OuterRef("pk"),
                    kind=INACTIVITY_NOTICE,
                    created_at__lte=noticed_before,
                    created_at__gte=OuterRef("last_seen"),
                )
            )
        )
    return people.order_by("pk")
