"""Programme staff get the permissions of every model as they stand after this wave (grant
reports, publication jobs, engagement assessments): one sync after the last migration of each
app, whatever order the apps' migrations run in.

sync_staff_groups is idempotent: it creates the models' permissions and sets the staff group's
permissions again."""

from django.db import migrations

from accounts.groups import sync_staff_groups


class Migration(migrations.Migration):
    dependencies = [
        ("challenges", "0018_failed_rules_index"),
        ("accounts", "0009_phone_verification_labels"),
        ("core", "0003_destruction_log"),
        ("notifications", "0004_kind_index_without_like"),
        ("events", "0005_after_the_event"),
        ("partners", "0005_unique_messages"),
        ("legal", "0003_staff_group_permissions"),
        ("mentoring", "0007_goals_progress_no_shows_assessments"),
    ]

    operations = [migrations.RunPython(sync_staff_groups, migrations.RunPython.noop)]
