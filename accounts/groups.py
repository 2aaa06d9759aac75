"""The staff groups and what each may do in the admin.

Kept in the database by data migrations (accounts/migrations/*_staff_group_permissions.py),
so a fresh database, a production one and the test database all have them; the demo only
puts people into the groups. When an app adds a permission, a new migration calls
`sync_staff_groups` again (it is idempotent).
"""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Permission
from django.utils.translation import gettext_lazy as _

# Group names are stored in English (code refers to them); accounts.rules re-exports them.
REVIEWERS_GROUP = "Reviewers"
STAFF_GROUP = "Programme staff"

OUR_APPS = [
    "accounts",
    "core",
    "notifications",
    "challenges",
    "mentoring",
    "events",
    "partners",
    "legal",
]
# Privileges stay with superusers: programme staff manage people's details through the
# services, but never create, edit or delete accounts in the admin.
# Phone verification codes (their hashes) are nobody's business in the admin.
NOT_FOR_STAFF = {
    "accounts": [
        "add_user",
        "change_user",
        "delete_user",
        "add_phoneverification",
        "change_phoneverification",
        "delete_phoneverification",
        "view_phoneverification",
    ]
}

# People read the group names in their language.
GROUP_LABELS = {
    STAFF_GROUP: _("Programme staff"),
    REVIEWERS_GROUP: _("Reviewers"),
}


def group_label(group) -> str:
    """A group's name in the active language (the stored name for groups made by hand)."""
    return str(GROUP_LABELS.get(group.name, group.name))


def staff_permissions(permission_model=None):
    """What the programme staff group may do: every permission of our apps but NOT_FOR_STAFF."""
    if permission_model is None:
        permission_model = Permission
    permissions = permission_model.objects.filter(content_type__app_label__in=OUR_APPS)
    for app_label, codenames in NOT_FOR_STAFF.items():
        permissions = permissions.exclude(content_type__app_label=app_label, codename__in=codenames)
    return permissions


def sync_staff_groups(apps, schema_editor=None) -> None:
    """Create the staff groups and give programme staff their permissions (a migration step).

    On a fresh database Django creates permissions only after the last migration, so they
    are created here first, from the models as the migration sees them.
    """
    for app_label in OUR_APPS:
        create_permissions(global_apps.get_app_config(app_label), verbosity=0, apps=apps)
    group_model = apps.get_model("auth", "Group")
    for name in GROUP_LABELS:
        group_model.objects.get_or_create(name=name)
    staff = group_model.objects.get(name=STAFF_GROUP)
    staff.permissions.set(staff_permissions(apps.get_model("auth", "Permission")))
