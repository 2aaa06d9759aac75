"""The operator record and the first published version of each legal page (legal.defaults)."""

from django.db import migrations

from legal.defaults import ensure_defaults


class Migration(migrations.Migration):
    dependencies = [("legal", "0001_initial")]

    operations = [migrations.RunPython(ensure_defaults, migrations.RunPython.noop)]
