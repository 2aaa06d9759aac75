"""What the database's answers mean to a service."""

from django.db import DatabaseError, IntegrityError

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
