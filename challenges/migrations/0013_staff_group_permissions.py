"""Programme staff get the permissions of the call's attachments (ChallengeAttachment).

sync_staff_groups is idempotent: it creates the new model's permissions and sets the staff
group's permissions again."""

from django.db import migrations

from accounts.groups import sync_staff_groups


class Migration(migrations.Migration):
    dependencies = [
        ("challenges", "0012_call_page"),
        ("accounts", "0004_staff_group_permissions"),
    ]

    operations = [migrations.RunPython(sync_staff_groups, migrations.RunPython.noop)]
