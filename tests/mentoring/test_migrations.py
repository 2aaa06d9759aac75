"""Data migrations of coaching keep what people wrote."""

from datetime import UTC, date, datetime, timedelta

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


@pytest.mark.django_db(transaction=True)
def test_no_shows_recorded_before_sides_existed_become_the_startups():
    coach, startup = CoachFactory(), StartupFactory()
    try:
        apps = migrate([("mentoring", "0006_goals_as_text")])
        Engagement = apps.get_model("mentoring", "Engagement")
        Session = apps.get_model("mentoring", "Session")
        engagement = Engagement.objects.create(
            coach_id=coach.pk,
            startup_id=startup.pk,
            starts_on=date(2026, 3, 1),
            ends_on=date(2026, 8, 31),
        )
        starts = datetime(2026, 3, 3, 14, tzinfo=UTC)
        for day, status in enumerate(["no_show", "completed", "booked", "cancelled"]):
            at = starts + timedelta(days=day)
            Session.objects.create(
                engagement=engagement,
                coach_id=coach.pk,
                startup_id=startup.pk,
                starts_at=at,
                ends_at=at + timedelta(hours=1),
                blocked_until=at + timedelta(hours=1),
                status=status,
            )

        apps = migrate([("mentoring", "0007_goals_progress_no_shows_assessments")])
        sides = list(
            apps.get_model("mentoring", "Session")
            .objects.order_by("starts_at")
            .values_list("status", "no_show_by")
        )
    finally:
        migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())

    assert sides == [
        ("no_show", "startup"),
        ("completed", ""),
        ("booked", ""),
        ("cancelled", ""),
    ]
