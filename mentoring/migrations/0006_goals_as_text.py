"""One place for an engagement's goals: the text staff write when coaching starts.

Goal rows (EngagementGoal) had no writer: no service, view or admin form created or changed
them. Any rows a database still holds are appended to their engagement's goals text, one line
each with their status, before the table goes, so nothing is lost.
"""

from django.db import migrations

STATUS = {"open": "open", "in_progress": "in progress", "achieved": "achieved"}


def goal_rows_into_text(apps, schema_editor):
    Engagement = apps.get_model("mentoring", "Engagement")
    EngagementGoal = apps.get_model("mentoring", "EngagementGoal")
    lines: dict[int, list[str]] = {}
    for goal in EngagementGoal.objects.order_by("engagement_id", "id"):
        status = STATUS.get(goal.status, goal.status)
        lines.setdefault(goal.engagement_id, []).append(f"- {goal.text} ({status})")
    for engagement in Engagement.objects.filter(pk__in=lines):
        engagement.goals = "\n".join(filter(None, [engagement.goals, *lines[engagement.pk]]))
        engagement.save(update_fields=["goals"])


class Migration(migrations.Migration):
    dependencies = [
        ("mentoring", "0005_labels_and_permissions"),
    ]

    operations = [
        migrations.RunPython(goal_rows_into_text, migrations.RunPython.noop, elidable=True),
        migrations.DeleteModel(
            name="EngagementGoal",
        ),
    ]
