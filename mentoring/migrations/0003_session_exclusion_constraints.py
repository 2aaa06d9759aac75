"""No two active sessions of one coach, or of one startup, may overlap (PostgreSQL).

Exclusion constraints over tstzrange(starts_at, blocked_until) need PostgreSQL and btree_gist,
so they are created here rather than in the model's Meta (which SQLite could not migrate).
SQLite, the embedded default, serialises writes, and the booking service checks overlaps
inside its transaction, so the same rule holds there too.
"""

from django.db import migrations

CONSTRAINTS = [
    ("mentoring_session_coach_no_overlap", "coach_id"),
    ("mentoring_session_startup_no_overlap", "startup_id"),
]


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS btree_gist")
    for name, column in CONSTRAINTS:
        schema_editor.execute(
            f"ALTER TABLE mentoring_session ADD CONSTRAINT {name} EXCLUDE USING gist "
            f"({column} WITH =, tstzrange(starts_at, blocked_until, '[)') WITH &&) "
            "WHERE (status <> 'cancelled')"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _column in CONSTRAINTS:
        schema_editor.execute(f"ALTER TABLE mentoring_session DROP CONSTRAINT IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("mentoring", "0002_coaching")]

    operations = [migrations.RunPython(create, drop)]
