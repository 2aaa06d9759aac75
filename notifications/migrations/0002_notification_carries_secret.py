from django.db import migrations, models

# allauth's emails are queued with kind "account.<template>" (accounts/adapter.py); until this
# field existed, that prefix alone marked a body as secret.
ACCOUNT_EMAIL_PREFIX = "account."


def mark_account_emails(apps, schema_editor):
    Notification = apps.get_model("notifications", "Notification")
    Notification.objects.filter(kind__startswith=ACCOUNT_EMAIL_PREFIX).update(carries_secret=True)


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="notification",
            name="carries_secret",
            field=models.BooleanField(default=False, verbose_name="carries a one-time secret"),
        ),
        migrations.RunPython(mark_account_emails, migrations.RunPython.noop),
    ]
