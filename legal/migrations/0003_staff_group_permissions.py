"""Programme staff may edit the operator record and the legal pages (accounts.groups)."""

from django.db import migrations

from accounts.groups import sync_staff_groups


class Migration(migrations.Migration):
    dependencies = [
        ("legal", "0002_default_pages"),
        ("accounts", "0005_unique_messages"),
    ]

    operations = [migrations.RunPython(sync_staff_groups, migrations.RunPython.noop)]
