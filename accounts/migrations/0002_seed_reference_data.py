from django.db import migrations

AREAS = [
    ("oncology", "종양", "Oncology", 10),
    ("hematology", "혈액", "Hematology", 20),
    ("immunology", "면역", "Immunology", 30),
]
GROUPS = ["Programme staff", "Reviewers"]


def seed(apps, schema_editor):
    TherapeuticArea = apps.get_model("accounts", "TherapeuticArea")
    Group = apps.get_model("auth", "Group")
    for slug, name_ko, name_en, order in AREAS:
        TherapeuticArea.objects.get_or_create(
            slug=slug,
            defaults={"name_ko": name_ko, "name_en": name_en, "sort_order": order},
        )
    for name in GROUPS:
        Group.objects.get_or_create(name=name)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
