"""The reviewer's queue sorts on the assignment's own columns: review_submitted (a copy of
"the review has submitted_at") and an index in the queue's order. Existing rows are filled in
from their reviews."""

from django.conf import settings
from django.db import migrations, models


def copy_submitted(apps, schema_editor):
    ReviewAssignment = apps.get_model("challenges", "ReviewAssignment")
    ReviewAssignment.objects.filter(review__submitted_at__isnull=False).update(
        review_submitted=True
    )


class Migration(migrations.Migration):
    dependencies = [
        ("challenges", "0015_grant_reports"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="reviewassignment",
            name="review_submitted",
            field=models.BooleanField(
                default=False, editable=False, verbose_name="review submitted"
            ),
        ),
        migrations.RunPython(copy_submitted, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name="reviewassignment",
            index=models.Index(
                fields=["reviewer", "review_submitted", "due_at", "id"], name="review_queue_idx"
            ),
        ),
    ]
