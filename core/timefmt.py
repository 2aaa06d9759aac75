"""Dates and times as people read them: in their zone, with the zone named."""

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from django.utils import timezone, translation

KO_WEEKDAYS = "월화수목금토일"


def _language(lang: str | None) -> str:
    return (lang or translation.get_language() or "ko")[:2]


def _zone(tz: str | ZoneInfo | None):
    if isinstance(tz, str):
        return ZoneInfo(tz)
    return tz or timezone.get_current_timezone()


def _date_part(local: datetime, lang: str) -> str:
    if lang == "ko":
        return f"{local.year}년 {local.month}월 {local.day}일 ({KO_WEEKDAYS[local.weekday()]})"
    return f"{local:%a} {local.day} {local:%b %Y}"


def _date_and_time(local: datetime, lang: str) -> str:
    separator = " " if lang == "ko" else ", "
    return f"{_date_part(local, lang)}{separator}{local:%H:%M}"


def format_datetime(
    value: datetime, tz: str | ZoneInfo | None = None, lang: str | None = None
) -> str:
    """ "2026년 3월 10일 (화) 22:00 KST" in Korean, "Tue 10 Mar 2026, 22:00 KST" in English."""
    if value is None:
        return ""
    local = timezone.localtime(value, _zone(tz))
    return f"{_date_and_time(local, _language(lang))} {local.tzname()}"


def format_time_range(
    starts_at: datetime,
    ends_at: datetime,
    tz: str | ZoneInfo | None = None,
    lang: str | None = None,
) -> str:
    """ "Tue 10 Mar 2026, 22:00–23:00 KST": the zone once, after the end. A range that ends on
    another day names both dates ("Sun 3 Jan 2027, 20:00 – Mon 4 Jan 2027, 04:00 EST"); one
    that spans a change of clocks names the zone at each end ("01:30 EDT – 01:30 EST")."""
    zone, lang = _zone(tz), _language(lang)
    start, end = timezone.localtime(starts_at, zone), timezone.localtime(ends_at, zone)
    head = _date_and_time(start, lang)
    same_zone = start.tzname() == end.tzname()
    if start.date() != end.date():
        tail = _date_and_time(end, lang)
    elif same_zone:
        return f"{head}–{end:%H:%M} {end.tzname()}"
    else:
        tail = f"{end:%H:%M}"
    if same_zone:
        return f"{head} – {tail} {end.tzname()}"
    return f"{head} {start.tzname()} – {tail} {end.tzname()}"


def format_date(value, lang: str | None = None) -> str:
    if value is None:
        return ""
    return _date_part(value, _language(lang))


# Names of zones as people say them (after CLDR), for the zones the programme works in
# (accounts.forms.COMMON_TIME_ZONES) and those that keep the same clocks. For each language:
# (standard time, daylight saving time, either); English says the same name all year.
_KOREA = {"ko": ("한국 표준시",) * 3, "en": ("Korea Standard Time",) * 3}
_CHINA = {"ko": ("중국 표준시",) * 3, "en": ("China Standard Time",) * 3}
_JAPAN = {"ko": ("일본 표준시",) * 3, "en": ("Japan Standard Time",) * 3}
_US_EAST = {
    "ko": ("미국 동부 표준시", "미국 동부 하계 표준시", "미국 동부 시간"),
    "en": ("Eastern Time",) * 3,
}
_US_CENTRAL = {
    "ko": ("미국 중부 표준시", "미국 중부 하계 표준시", "미국 중부 시간"),
    "en": ("Central Time",) * 3,
}
_US_PACIFIC = {
    "ko": ("미국 태평양 표준시", "미국 태평양 하계 표준시", "미국 태평양 시간"),
    "en": ("Pacific Time",) * 3,
}
_EUROPE_CENTRAL = {
    "ko": ("중앙유럽 표준시", "중앙유럽 하계 표준시", "중앙유럽 시간"),
    "en": ("Central European Time",) * 3,
}
_UK = {"ko": ("그리니치 표준시", "영국 하계 표준시", "영국 시간"), "en": ("UK Time",) * 3}
_UTC = {"ko": ("협정 세계시",) * 3, "en": ("Coordinated Universal Time",) * 3}
ZONE_NAMES = {
    "Asia/Seoul": _KOREA,
    "Asia/Shanghai": _CHINA,
    "Asia/Chongqing": _CHINA,
    "Asia/Harbin": _CHINA,
    "PRC": _CHINA,
    "Asia/Tokyo": _JAPAN,
    "America/New_York": _US_EAST,
    "America/Detroit": _US_EAST,
    "America/Toronto": _US_EAST,
    "US/Eastern": _US_EAST,
    "America/Chicago": _US_CENTRAL,
    "US/Central": _US_CENTRAL,
    "America/Los_Angeles": _US_PACIFIC,
    "US/Pacific": _US_PACIFIC,
    "Europe/London": _UK,
    "UTC": _UTC,
    "Etc/UTC": _UTC,
    **dict.fromkeys(
        [
            f"Europe/{city}"
            for city in (
                "Berlin",
                "Amsterdam",
                "Brussels",
                "Copenhagen",
                "Madrid",
                "Oslo",
                "Paris",
                "Prague",
                "Rome",
                "Stockholm",
                "Vienna",
                "Warsaw",
                "Zurich",
            )
        ],
        _EUROPE_CENTRAL,
    ),
}
# Two moments half a year apart, fixed so that a name never depends on today's date.
_WINTER, _SUMMER = datetime(2026, 1, 15, 12, tzinfo=UTC), datetime(2026, 7, 15, 12, tzinfo=UTC)


def _abbreviation(local: datetime) -> str:
    """ "KST", "EDT"; "UTC+04" for a zone whose abbreviation is only its offset ("+04")."""
    name = local.tzname() or ""
    return f"UTC{name}" if name[:1] in "+-" else name


def zone_name(
    tz: str | ZoneInfo | None = None, at: datetime | None = None, lang: str | None = None
) -> str:
    """The zone as people name it, in the viewer's language, with its abbreviation:
    "한국 표준시(KST)", "Korea Standard Time (KST)". At a moment `at` a zone that changes its
    clocks gives the name and abbreviation then ("미국 동부 하계 표준시(EDT)", "Eastern Time
    (EDT)"); without one, both ("미국 동부 시간(EST/EDT)", "Eastern Time (EST/EDT)"). A zone
    without a known name is named by its city ("Dubai time (UTC+04)")."""
    zone, lang = _zone(tz), _language(lang)
    key = str(zone)
    if at is not None:
        local = timezone.localtime(at, zone)
        abbreviation, which = _abbreviation(local), 1 if local.dst() else 0
    else:
        winter, summer = _WINTER.astimezone(zone), _SUMMER.astimezone(zone)
        if winter.dst():  # the southern hemisphere
            winter, summer = summer, winter
        names = dict.fromkeys([_abbreviation(winter), _abbreviation(summer)])
        abbreviation, which = "/".join(names), 0 if len(names) == 1 else 2
    names = ZONE_NAMES.get(key)
    if names is not None:
        name = names["ko" if lang == "ko" else "en"][which]
    else:
        city = key.rsplit("/", 1)[-1].replace("_", " ")
        name = f"{city} 시간" if lang == "ko" else f"{city} time"
    return f"{name}({abbreviation})" if lang == "ko" else f"{name} ({abbreviation})"
