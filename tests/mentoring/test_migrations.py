"""Data migrations of coaching keep what people wrote."""

from datetime import date

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from tests.factories import CoachFactory, StartupFactory

BEFORE = [("mentoring", "0005_labels_and_permissions")]
AFTER = [("mentoring", "0006_goals_as_text")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_goal_rows_become_lines_of_the_goals_text():
    coach, startup, other = CoachFactory(), StartupFactory(), StartupFactory()
    try:
        apps = migrate(BEFORE)
        Engagement = apps.get_model("mentoring", "Engagement")
        EngagementGoal = apps.get_model("mentoring", "EngagementGoal")
        period = {"coach_id": coach.pk, "starts_on": date(2026, 3, 1), "ends_on": date(2026, 8, 31)}
        written = Engagement.objects.create(startup_id=startup.pk, goals="IND strategy", **period)
        rows_only = Engagement.objects.create(startup_id=other.pk, **period)
        EngagementGoal.objects.create(engagement=written, text="Partnering deck", status="achieved")
        EngagementGoal.objects.create(engagement=written, text="GLP tox plan")
        EngagementGoal.objects.create(engagement=rows_only, text="CMC", status="in_progress")

        apps = migrate(AFTER)
        goals = dict(apps.get_model("mentoring", "Engagement").objects.values_list("pk", "goals"))
    finally:
        migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())

    assert goals == {
        written.pk: "IND strategy\n- Partnering deck (achieved)\n- GLP tox plan (open)",
        rows_only.pk: "- CMC (in progress)",
    }
