from django.db import migrations

REASONS = [
    ("not-seoul", "ineligible", "서울 소재 기업이 아닙니다.", "The startup is not based in Seoul."),
    (
        "too-old",
        "ineligible",
        "창업 후 7년이 지난 기업입니다.",
        "The company started more than seven years before the call closed.",
    ),
    (
        "out-of-scope",
        "ineligible",
        "공모 분야(종양·혈액·면역)에 해당하지 않습니다.",
        "The technology is outside the call's therapeutic areas.",
    ),
    (
        "incomplete",
        "ineligible",
        "필수 서류가 누락되었거나 확인할 수 없습니다.",
        "Required documents were missing or could not be verified.",
    ),
    (
        "score",
        "not_selected",
        "심사 점수가 선정 기준에 미치지 못했습니다.",
        "The review score was below the selection threshold.",
    ),
    (
        "stage",
        "not_selected",
        "기술 개발 단계가 이번 프로그램의 지원 범위와 맞지 않습니다.",
        "The development stage does not match what this programme supports.",
    ),
    (
        "fit",
        "not_selected",
        "BMS의 현재 관심 분야와의 연관성이 낮습니다.",
        "The fit with BMS's current areas of interest was limited.",
    ),
    (
        "capacity",
        "not_selected",
        "우수한 지원서가 많아 선정 규모 내에서 선정되지 못했습니다.",
        "Strong applications exceeded the number of awards available.",
    ),
]


def seed(apps, schema_editor):
    DecisionReason = apps.get_model("challenges", "DecisionReason")
    for code, kind, label_ko, label_en in REASONS:
        DecisionReason.objects.get_or_create(
            code=code, defaults={"kind": kind, "label_ko": label_ko, "label_en": label_en}
        )


class Migration(migrations.Migration):
    dependencies = [("challenges", "0002_review_selection_grants")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
