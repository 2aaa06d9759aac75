"""What the database's answers mean to a service, and one write the ORM has no call for."""

from django.db import (
    DatabaseError,
    IntegrityError,
    NotSupportedError,
    connections,
    router,
    transaction,
)
from django.db.models import Model
from django.db.models.constants import OnConflict
from django.db.models.signals import post_save, pre_save
from django.db.models.sql import InsertQuery

# PostgreSQL SQLSTATEs
DEADLOCK_DETECTED = "40P01"
EXCLUSION_VIOLATION = "23P01"


def refused_by_database(error: BaseException) -> bool:
    """Whether the database refused a write because a rival got there first.

    True for an IntegrityError (a unique or exclusion constraint refused the row; SQLite
    too) and, on PostgreSQL, for a deadlock (40P01: it ended our wait for a rival writer
    holding the rows we need) or an exclusion violation (23P01) whatever class the driver
    wrapped it in. Other errors (a lost connection, a syntax error) are not a refusal: the
    caller re-raises them.

        try:
            with transaction.atomic():
                Booking.objects.create(...)
        except (IntegrityError, OperationalError) as error:
            if not refused_by_database(error):
                raise
            raise BookingError(_("This slot was just taken.")) from error
    """
    if isinstance(error, IntegrityError):
        return True
    if not isinstance(error, DatabaseError):
        return False
    return getattr(error.__cause__, "sqlstate", None) in (DEADLOCK_DETECTED, EXCLUSION_VIOLATION)


def insert_unless_present(row: Model) -> bool:
    """Insert the unsaved `row` unless a row already holds its values in one of the table's
    unique constraints: one statement (INSERT … ON CONFLICT DO NOTHING RETURNING the key),
    where get_or_create takes four (a SELECT, then the INSERT inside a savepoint).

    True when it was inserted: `row` is then saved, its key set and the save signals sent as
    save() sends them. False when another row holds the place: nothing is written and `row`
    stays unsaved (the caller reads the other row if it needs it). A rival inserting the same
    values in a transaction still open makes this wait for its outcome, as the unique index
    makes any INSERT wait.

    For a model whose key the database assigns (an AutoField), with no field that has a
    db_default and no save() of its own (neither is applied here). On SQLite the statement is
    INSERT OR IGNORE, which also gives way to a NOT NULL or CHECK failure: the caller's read
    of "the other row" then finds none and raises.

        notification = Notification(key=key, channel="email", ...)
        if not insert_unless_present(notification):
            notification = Notification.objects.get(key=key, channel="email")
    """
    model = type(row)
    meta = model._meta
    using = router.db_for_write(model, instance=row)
    connection = connections[using]
    if not connection.features.can_return_columns_from_insert:
        raise NotSupportedError("insert_unless_present needs INSERT … RETURNING")
    row._prepare_related_fields_for_save(operation_name="insert_unless_present")
    pre_save.send(sender=model, instance=row, raw=False, using=using, update_fields=None)
    query = InsertQuery(model, on_conflict=OnConflict.IGNORE)
    query.insert_values(
        [
            field
            for field in meta.local_concrete_fields
            if field not in meta.pk_fields and not field.generated
        ],
        [row],
    )
    compiler = query.get_compiler(using=using)
    compiler.returning_fields = [meta.pk]
    [(sql, params)] = compiler.as_sql()
    with transaction.mark_for_rollback_on_error(using), connection.cursor() as cursor:
        cursor.execute(sql, params)
        inserted = cursor.fetchone()
    if inserted is None:
        return False
    row.pk = inserted[0]
    row._state.adding = False
    row._state.db = using
    post_save.send(
        sender=model, instance=row, created=True, update_fields=None, raw=False, using=using
    )
    return True
