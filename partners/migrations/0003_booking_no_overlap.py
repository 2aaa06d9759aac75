"""No two confirmed bookings of one room may overlap (PostgreSQL).

An ExclusionConstraint over tstzrange(starts_at, ends_at, '[)') per room needs PostgreSQL and
btree_gist, so it is added here rather than in the model's Meta (which SQLite could not
migrate). '[)' makes back-to-back bookings legal: 10:00–11:00 and 11:00–12:00 do not overlap.
SQLite, the embedded default, serialises writes, and `book_room` checks overlaps inside its
transaction, so the same rule holds there too.
"""

from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import DateTimeRangeField, RangeBoundary, RangeOperators
from django.db import migrations
from django.db.models import Func, Q


class TsTzRange(Func):
    function = "TSTZRANGE"
    output_field = DateTimeRangeField()


def no_overlap() -> ExclusionConstraint:
    return ExclusionConstraint(
        name="partners_booking_no_overlap",
        expressions=[
            (TsTzRange("starts_at", "ends_at", RangeBoundary()), RangeOperators.OVERLAPS),
            ("room", RangeOperators.EQUAL),
        ],
        condition=Q(status="confirmed"),
    )


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS btree_gist")
    schema_editor.add_constraint(apps.get_model("partners", "RoomBooking"), no_overlap())


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.remove_constraint(apps.get_model("partners", "RoomBooking"), no_overlap())


class Migration(migrations.Migration):
    dependencies = [("partners", "0002_office")]

    operations = [migrations.RunPython(create, drop)]
