"""Run a function in many threads released at the same moment: the harness of the race tests."""

import threading
import time
from collections.abc import Callable, Iterable

from django.db import connection, transaction

from core.exceptions import DomainError

DEADLINE = 30.0  # seconds; no thread waits longer


def race(action: Callable, arguments: Iterable) -> tuple[list, list]:
    """Call `action(argument)` for each argument in its own thread, all released together.

    Returns (results, refusals): the DomainErrors the services raised. Any other error, or a
    thread still running after the deadline, fails the test.
    """
    arguments = list(arguments)
    start = threading.Barrier(len(arguments), timeout=DEADLINE)
    results, refusals, errors = [], [], []

    def run(argument):
        try:
            start.wait()
            results.append(action(argument))
        except DomainError as refusal:
            refusals.append(refusal)
        except BaseException as error:
            errors.append(error)
        finally:
            connection.close()  # this thread's own connection

    threads = [threading.Thread(target=run, args=(a,)) for a in arguments]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=DEADLINE)
    assert [t for t in threads if t.is_alive()] == []
    assert errors == []
    return results, refusals


def someone_waits_for_a_lock() -> bool:
    """Whether another backend of this database is waiting for a lock (up to 10 s)."""
    with connection.cursor() as cursor:
        for _ in range(200):
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
                "AND datname = current_database() AND pid <> pg_backend_pid()"
            )
            if cursor.fetchone()[0]:
                return True
            time.sleep(0.05)
    return False


def beside_an_open_rival(rival: Callable, mine: Callable) -> tuple:
    """`rival()` in another thread's transaction and, while that is still open, `mine()` here;
    the rival commits once this side is seen waiting for a lock (or after 10 s). Returns the
    rival's result, mine, and whether this side was seen waiting."""
    written, theirs, seen = threading.Event(), [], []

    def run():
        try:
            with transaction.atomic():
                theirs.append(rival())
                written.set()
                seen.append(someone_waits_for_a_lock())
        finally:
            written.set()
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    assert written.wait(DEADLINE)
    result = mine()
    thread.join(timeout=DEADLINE)
    return theirs[0], result, seen == [True]
