"""On PostgreSQL the site's connections bind parameters on the server and prepare a statement
they repeat (config/settings.py): PostgreSQL parses and plans it once per connection."""

import pytest
from django.conf import settings
from django.db import connection

from challenges.models import Application
from tests import factories

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]


def prepared_on_this_connection(table: str) -> list[tuple[str, int]]:
    """(statement, executions since it was prepared) for each statement prepared on this
    connection that reads `table`."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT statement, generic_plans + custom_plans FROM pg_prepared_statements"
            " WHERE statement LIKE %s",
            [f'%FROM "{table}"%'],
        )
        return cursor.fetchall()


def test_a_repeated_query_is_prepared_once_and_then_only_executed():
    application = factories.ApplicationFactory()
    threshold = settings.DATABASES["default"]["OPTIONS"].get("prepare_threshold", 5)
    runs = threshold + 3

    for _ in range(runs):
        assert Application.objects.filter(pk=application.pk).values_list("status").get()

    prepared = [
        (statement, executed)
        for statement, executed in prepared_on_this_connection("challenges_application")
        if '"challenges_application"."status"' in statement and "LIMIT" in statement
    ]
    assert len(prepared) == 1
    statement, executed = prepared[0]
    assert "$1" in statement  # the id went to the server apart from the statement
    assert f"= {application.pk}" not in statement
    # run `threshold` times as it came, prepared then: every run since used that statement
    assert executed == runs - threshold


def test_a_query_run_no_more_times_than_the_threshold_is_not_prepared():
    application = factories.ApplicationFactory()
    threshold = settings.DATABASES["default"]["OPTIONS"].get("prepare_threshold", 5)
    for _ in range(threshold):
        Application.objects.filter(pk=application.pk).values_list("team_size").get()

    assert not [
        statement
        for statement, _executed in prepared_on_this_connection("challenges_application")
        if '"challenges_application"."team_size"' in statement
    ]
