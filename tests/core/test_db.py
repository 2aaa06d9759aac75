"""core.db: a rival's write told apart from other database errors (refused_by_database), and
an insert that gives way to a row already there (insert_unless_present)."""

import pytest
from django.db import DatabaseError, IntegrityError, OperationalError, connection, transaction
from django.db.models.signals import post_save

from core.db import insert_unless_present, refused_by_database
from notifications.models import Notification
from tests.factories import NotificationFactory, UserFactory
from tests.support.race import beside_an_open_rival


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


# --- insert_unless_present -----------------------------------------------------------------


def unsaved(key: str, recipient) -> Notification:
    return Notification(
        key=key,
        channel="email",
        kind="accounts.startup_invitation",
        recipient=recipient,
        email=recipient.email,
        context={"n": 1},
    )


@pytest.mark.django_db
def test_a_new_row_is_inserted_in_one_statement_and_saved(django_assert_num_queries):
    user = UserFactory()
    row = unsaved("invite:1", user)
    with django_assert_num_queries(1):
        assert insert_unless_present(row) is True
    assert row.pk is not None and row._state.adding is False
    stored = Notification.objects.get(pk=row.pk)
    assert (stored.key, stored.context, stored.status) == ("invite:1", {"n": 1}, "pending")
    assert stored.created_at is not None  # auto_now_add filled in, as save() does


@pytest.mark.django_db
def test_a_row_whose_place_is_taken_writes_nothing():
    user = UserFactory()
    first = NotificationFactory(key="invite:1", recipient=user, context={"n": 1})
    row = unsaved("invite:1", user)
    row.context = {"n": 2}
    assert insert_unless_present(row) is False
    assert row.pk is None
    assert list(Notification.objects.values_list("pk", "context")) == [(first.pk, {"n": 1})]


@pytest.mark.django_db
def test_an_inserted_row_sends_the_save_signals_as_save_does():
    user = UserFactory()
    heard = []

    def listener(sender, instance, created, **kwargs):
        heard.append((instance.key, created, instance.pk is not None))

    post_save.connect(listener, sender=Notification)
    try:
        insert_unless_present(unsaved("invite:1", user))
        insert_unless_present(unsaved("invite:1", user))  # refused: no signal
    finally:
        post_save.disconnect(listener, sender=Notification)
    assert heard == [("invite:1", True, True)]


@pytest.mark.postgres
def test_a_rivals_row_still_in_its_transaction_is_waited_for(transactional_db):
    """The rival commits while this insert waits on the unique index: refused, not doubled."""
    user = UserFactory()
    theirs, mine, waited = beside_an_open_rival(
        lambda: insert_unless_present(unsaved("invite:1", user)),
        lambda: insert_unless_present(unsaved("invite:1", user)),
    )
    assert (theirs, mine, waited) == (True, False, True)
    assert Notification.objects.filter(key="invite:1").count() == 1
