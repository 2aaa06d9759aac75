"""Programme staff: the destruction log (파기 대장) and personal data requests."""

from django.db import migrations

from accounts.groups import sync_staff_groups


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0006_privacy_request"),
        ("core", "0003_destruction_log"),
        ("events", "0004_registration_user_may_be_emptied"),
    ]

    operations = [migrations.RunPython(sync_staff_groups, migrations.RunPython.noop)]
