"""Dates and times as people read them: in their zone, with the zone named."""

from datetime import datetime
from zoneinfo import ZoneInfo

from django.utils import timezone, translation

KO_WEEKDAYS = "월화수목금토일"


def format_datetime(
    value: datetime, tz: str | ZoneInfo | None = None, lang: str | None = None
) -> str:
    """ "2026년 3월 10일 (화) 22:00 KST" in Korean, "Tue 10 Mar 2026, 22:00 KST" in English."""
    if value is None:
        return ""
    if isinstance(tz, str):
        tz = ZoneInfo(tz)
    local = timezone.localtime(value, tz or timezone.get_current_timezone())
    lang = (lang or translation.get_language() or "ko")[:2]
    zone = local.tzname()
    if lang == "ko":
        return (
            f"{local.year}년 {local.month}월 {local.day}일 "
            f"({KO_WEEKDAYS[local.weekday()]}) {local:%H:%M} {zone}"
        )
    return f"{local:%a} {local.day} {local:%b %Y}, {local:%H:%M} {zone}"


def format_time_range(
    starts_at: datetime,
    ends_at: datetime,
    tz: str | ZoneInfo | None = None,
    lang: str | None = None,
) -> str:
    """ "Tue 10 Mar 2026, 22:00–23:00 KST": the zone once, after the end."""
    if isinstance(tz, str):
        tz = ZoneInfo(tz)
    start = format_datetime(starts_at, tz, lang)
    head, zone = start.rsplit(" ", 1)
    end = timezone.localtime(ends_at, tz or timezone.get_current_timezone())
    return f"{head}–{end:%H:%M} {zone}"


def format_date(value, lang: str | None = None) -> str:
    if value is None:
        return ""
    lang = (lang or translation.get_language() or "ko")[:2]
    if lang == "ko":
        return f"{value.year}년 {value.month}월 {value.day}일 ({KO_WEEKDAYS[value.weekday()]})"
    return f"{value:%a} {value.day} {value:%b %Y}"
