"""Coaching goals in one place, progress after each session, final assessments, and no-shows
with a side.

Every no-show recorded so far was recorded with the only button there was, "The startup did
not come": those rows become the startup's no-shows before the check that a no-show names its
side is added.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from accounts.groups import sync_staff_groups


def no_shows_were_the_startups(apps, schema_editor):
    Session = apps.get_model("mentoring", "Session")
    Session.objects.filter(status="no_show").update(no_show_by="startup")


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0009_phone_verification_labels'),
        ('challenges', '0014_outcome_nonce_label'),
        ('mentoring', '0006_goals_as_text'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='EngagementAssessment',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created at')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated at')),
                ('side', models.CharField(choices=[('coach', 'coach'), ('startup', 'startup')], max_length=10, verbose_name='by')),
                ('rating', models.PositiveSmallIntegerField(verbose_name='rating (1–5)')),
                ('text', models.TextField(max_length=5000, verbose_name='assessment')),
            ],
            options={
                'verbose_name': 'final assessment',
                'verbose_name_plural': 'final assessments',
                'ordering': ['engagement', 'side'],
            },
        ),
        migrations.AddField(
            model_name='engagement',
            name='goals_agreed_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='goals agreed at'),
        ),
        migrations.AddField(
            model_name='engagement',
            name='goals_agreed_by',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='goals agreed by'),
        ),
        migrations.AddField(
            model_name='session',
            name='no_show_by',
            field=models.CharField(blank=True, choices=[('coach', 'the coach'), ('startup', 'the startup')], max_length=10, verbose_name='did not come'),
        ),
        migrations.AddField(
            model_name='session',
            name='progress_comment',
            field=models.TextField(blank=True, verbose_name="coach's comment on the progress"),
        ),
        migrations.AddField(
            model_name='session',
            name='progress_percent',
            field=models.PositiveSmallIntegerField(blank=True, null=True, verbose_name='progress towards the goals (%)'),
        ),
        migrations.RunPython(
            no_shows_were_the_startups, migrations.RunPython.noop, elidable=True
        ),
        migrations.AddConstraint(
            model_name='engagement',
            constraint=models.CheckConstraint(condition=models.Q(('goals_agreed_at__isnull', True), models.Q(('goals', ''), _negated=True), _connector='OR'), name='engagement_agreed_goals_not_empty'),
        ),
        migrations.AddConstraint(
            model_name='session',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('status', 'no_show'), ('no_show_by__in', ['coach', 'startup'])), models.Q(models.Q(('status', 'no_show'), _negated=True), ('no_show_by', '')), _connector='OR'), name='session_no_show_has_a_side'),
        ),
        migrations.AddConstraint(
            model_name='session',
            constraint=models.CheckConstraint(condition=models.Q(('progress_percent__isnull', True), models.Q(('progress_percent__gte', 0), ('progress_percent__lte', 100), ('status', 'completed')), _connector='OR'), name='session_progress_0_to_100_when_held'),
        ),
        migrations.AddField(
            model_name='engagementassessment',
            name='engagement',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='assessments', to='mentoring.engagement', verbose_name='engagement'),
        ),
        migrations.AddField(
            model_name='engagementassessment',
            name='submitted_by',
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='submitted by'),
        ),
        migrations.AddConstraint(
            model_name='engagementassessment',
            constraint=models.UniqueConstraint(fields=('engagement', 'side'), name='one_assessment_per_side'),
        ),
        migrations.AddConstraint(
            model_name='engagementassessment',
            constraint=models.CheckConstraint(condition=models.Q(('rating__gte', 1), ('rating__lte', 5)), name='assessment_rating_1_to_5'),
        ),
        # Programme staff read (and only read) the final assessments in the admin.
        migrations.RunPython(sync_staff_groups, migrations.RunPython.noop),
    ]
