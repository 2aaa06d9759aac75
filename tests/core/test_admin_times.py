"""Times in the admin read as staff say them: the 12-hour clock with 오전/오후 before the time in
Korean, a.m./p.m. in English, and the zone named, in the staff member's own zone (list columns,
read-only fields and values the admin formats itself)."""

import re
from datetime import UTC, datetime

import pytest
from django.utils import formats, timezone, translation

from tests import factories

pytestmark = pytest.mark.django_db

MOMENT = datetime(2026, 12, 5, 14, 17, tzinfo=UTC)  # 23:17 in Seoul, 09:17 in New York
MORNING = datetime(2026, 7, 1, 0, 5, tzinfo=UTC)  # 09:05 in Seoul, 20:05 (EDT) in New York


@pytest.mark.parametrize(
    ("language", "zone", "moment", "expected"),
    [
        ("ko", "Asia/Seoul", MOMENT, "2026년 12월 5일 오후 11:17 KST"),
        ("en", "Asia/Seoul", MOMENT, "Dec. 5, 2026, 11:17 p.m. KST"),
        ("ko", "Asia/Seoul", MORNING, "2026년 7월 1일 오전 9:05 KST"),
        ("ko", "America/New_York", MOMENT, "2026년 12월 5일 오전 9:17 EST"),
        ("en", "America/New_York", MORNING, "June 30, 2026, 8:05 p.m. EDT"),
    ],
)
def test_datetime_format_has_the_12_hour_clock_and_the_zone(language, zone, moment, expected):
    with translation.override(language), timezone.override(zone):
        assert formats.localize(timezone.template_localtime(moment)) == expected


def _readonly(html: str, field: str) -> str:
    found = re.search(rf'field-{field}\b.*?<div class="readonly">(.*?)</div>', html, re.S)
    return " ".join(found.group(1).split())


@pytest.mark.parametrize(
    ("language", "zone", "expected"),
    [
        ("ko", "Asia/Seoul", "2026년 12월 5일 오후 11:17 KST"),
        ("en", "Asia/Seoul", "Dec. 5, 2026, 11:17 p.m. KST"),
        ("en", "America/New_York", "Dec. 5, 2026, 9:17 a.m. EST"),
    ],
)
def test_admin_readonly_time_in_the_staff_members_language_and_zone(
    client, language, zone, expected
):
    application = factories.CompleteApplicationFactory(status="submitted", submitted_at=MOMENT)
    staff = factories.StaffFactory(is_superuser=True, language=language, time_zone=zone)
    client.force_login(staff)
    client.cookies["biohub_language"] = language
    html = client.get(f"/admin/challenges/application/{application.pk}/change/").content.decode()
    assert _readonly(html, "submitted_at") == expected
