"""The staff groups and their permissions, kept in the database rather than by the demo.

Depends on every app's latest migration so that each custom permission (Meta.permissions)
exists before it is given; sync_staff_groups is idempotent.
"""

from django.db import migrations

from accounts.groups import sync_staff_groups


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_field_labels"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("core", "0002_heartbeat"),
        ("notifications", "0001_initial"),
        ("challenges", "0005_labels_and_permissions"),
        ("mentoring", "0005_labels_and_permissions"),
        ("events", "0003_field_labels"),
        ("partners", "0004_labels_and_permissions"),
    ]

    operations = [migrations.RunPython(sync_staff_groups, migrations.RunPython.noop)]
