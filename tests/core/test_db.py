"""core.db.refused_by_database: a rival's write, told apart from other database errors."""

import pytest
from django.db import DatabaseError, IntegrityError, OperationalError, connection, transaction

from core.db import refused_by_database


class DriverError(Exception):
    """What psycopg raises under Django's wrapper: an error with a SQLSTATE."""

    def __init__(self, sqlstate):
        super().__init__(sqlstate)
        self.sqlstate = sqlstate


def wrapped(error_class, sqlstate):
    error = error_class("database said no")
    error.__cause__ = DriverError(sqlstate)
    return error


def test_an_integrity_error_is_a_refusal():
    assert refused_by_database(IntegrityError("duplicate key")) is True


@pytest.mark.parametrize(
    ("error_class", "sqlstate"),
    [(OperationalError, "40P01"), (IntegrityError, "23P01"), (OperationalError, "23P01")],
)
def test_a_deadlock_or_exclusion_violation_on_postgresql_is_a_refusal(error_class, sqlstate):
    assert refused_by_database(wrapped(error_class, sqlstate)) is True


def test_other_operational_errors_are_not_a_refusal():
    assert refused_by_database(OperationalError("connection lost")) is False
    assert refused_by_database(wrapped(OperationalError, "57P01")) is False


def test_an_error_outside_the_database_is_not_a_refusal():
    assert refused_by_database(wrapped(ValueError, "40P01")) is False


def raised_by_postgresql(sql: str) -> DatabaseError:
    """The error Django raises for `sql`, as the real server and driver produce it."""
    with pytest.raises(DatabaseError) as caught, transaction.atomic(), connection.cursor() as c:
        c.execute(sql)
    return caught.value


@pytest.mark.postgres
@pytest.mark.django_db
def test_the_drivers_own_deadlock_error_is_a_refusal():
    error = raised_by_postgresql(
        "DO $$ BEGIN RAISE EXCEPTION 'rival' USING ERRCODE = 'deadlock_detected'; END $$"
    )
    assert isinstance(error, OperationalError)
    assert refused_by_database(error) is True


@pytest.mark.postgres
@pytest.mark.django_db
def test_the_drivers_own_syntax_error_is_not_a_refusal():
    error = raised_by_postgresql("SELEC 1")
    assert refused_by_database(error) is False
