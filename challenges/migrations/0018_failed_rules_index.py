"""A GIN index (jsonb_path_ops) on the eligibility frozen at submission (PostgreSQL).

The dashboard's "eligibility rules failed, per call" asks for the applications whose
snapshot holds a failed rule (`eligibility_snapshot @> '{"rules": [{"passed": false}]}'`):
a few among all, found through this index instead of reading every snapshot. Added here
rather than in the model's Meta, which SQLite could not migrate; on SQLite the report reads
the snapshots (challenges.reports_outcomes.failed_rules_by_call).
"""

from django.db import migrations

NAME = "challenges_application_eligibility_gin"


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {NAME} ON challenges_application "
        "USING gin (eligibility_snapshot jsonb_path_ops)"
    )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {NAME}")


class Migration(migrations.Migration):
    dependencies = [("challenges", "0017_publication_jobs")]

    operations = [migrations.RunPython(create, drop)]
