"""Time ranges and zone names as people read them (core.timefmt): a range that ends on another
day names both dates, one that spans a change of clocks names the zone at each end, and a zone
is called by its name in the viewer's language, never by its key."""

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.template import Context, Template
from django.utils import timezone, translation

from core.timefmt import format_time_range, zone_name

SEOUL, NEW_YORK = ZoneInfo("Asia/Seoul"), ZoneInfo("America/New_York")
MUNICH, SHANGHAI = ZoneInfo("Europe/Berlin"), ZoneInfo("Asia/Shanghai")
WINTER, SUMMER = datetime(2027, 1, 3, 12, tzinfo=UTC), datetime(2026, 7, 15, 12, tzinfo=UTC)


@pytest.fixture(autouse=True)
def pinned_clock():
    """A day of changing clocks in New York: nothing below may depend on today's date."""
    with time_machine.travel(datetime(2026, 3, 8, 7, 30, tzinfo=UTC), tick=False):
        yield


@pytest.mark.parametrize(
    ("zone", "ko", "en"),
    [
        (
            SEOUL,
            "2027년 1월 3일 (일) 20:00 – 2027년 1월 4일 (월) 04:00 KST",
            "Sun 3 Jan 2027, 20:00 – Mon 4 Jan 2027, 04:00 KST",
        ),
        (
            NEW_YORK,
            "2027년 1월 3일 (일) 20:00 – 2027년 1월 4일 (월) 04:00 EST",
            "Sun 3 Jan 2027, 20:00 – Mon 4 Jan 2027, 04:00 EST",
        ),
        (
            MUNICH,
            "2027년 1월 3일 (일) 20:00 – 2027년 1월 4일 (월) 04:00 CET",
            "Sun 3 Jan 2027, 20:00 – Mon 4 Jan 2027, 04:00 CET",
        ),
        (
            SHANGHAI,
            "2027년 1월 3일 (일) 20:00 – 2027년 1월 4일 (월) 04:00 CST",
            "Sun 3 Jan 2027, 20:00 – Mon 4 Jan 2027, 04:00 CST",
        ),
    ],
)
def test_a_range_crossing_midnight_names_both_dates(zone, ko, en):
    starts_at = datetime(2027, 1, 3, 20, 0, tzinfo=zone)
    ends_at = datetime(2027, 1, 4, 4, 0, tzinfo=zone)

    assert format_time_range(starts_at, ends_at, zone, "ko") == ko
    assert format_time_range(starts_at, ends_at, zone, "en") == en


def test_a_range_within_a_day_keeps_the_short_form():
    starts_at = datetime(2026, 3, 10, 22, 0, tzinfo=SEOUL)

    assert format_time_range(starts_at, starts_at.replace(hour=23), SEOUL, "en") == (
        "Tue 10 Mar 2026, 22:00–23:00 KST"
    )
    assert format_time_range(starts_at, starts_at.replace(hour=23), SEOUL, "ko") == (
        "2026년 3월 10일 (화) 22:00–23:00 KST"
    )


def test_the_same_instants_cross_midnight_in_one_zone_and_not_in_another():
    # 14:00–16:00 UTC: Seoul 23:00–01:00 the next day, New York 09:00–11:00 the same day.
    starts_at, ends_at = datetime(2027, 1, 4, 14, tzinfo=UTC), datetime(2027, 1, 4, 16, tzinfo=UTC)

    assert format_time_range(starts_at, ends_at, SEOUL, "en") == (
        "Mon 4 Jan 2027, 23:00 – Tue 5 Jan 2027, 01:00 KST"
    )
    assert format_time_range(starts_at, ends_at, NEW_YORK, "en") == (
        "Mon 4 Jan 2027, 09:00–11:00 EST"
    )


@pytest.mark.parametrize(
    ("zone", "starts_at", "ends_at", "en", "ko"),
    [
        # New York springs forward at 02:00 on 8 March 2026: 01:30 EST is one hour before 03:30 EDT.
        (
            NEW_YORK,
            datetime(2026, 3, 8, 6, 30, tzinfo=UTC),
            datetime(2026, 3, 8, 7, 30, tzinfo=UTC),
            "Sun 8 Mar 2026, 01:30 EST – 03:30 EDT",
            "2026년 3월 8일 (일) 01:30 EST – 03:30 EDT",
        ),
        # ... and falls back at 02:00 on 1 November: 01:30 comes twice, an hour apart.
        (
            NEW_YORK,
            datetime(2026, 11, 1, 5, 30, tzinfo=UTC),
            datetime(2026, 11, 1, 6, 30, tzinfo=UTC),
            "Sun 1 Nov 2026, 01:30 EDT – 01:30 EST",
            "2026년 11월 1일 (일) 01:30 EDT – 01:30 EST",
        ),
        # Munich springs forward at 02:00 on 29 March 2026 ...
        (
            MUNICH,
            datetime(2026, 3, 29, 0, 30, tzinfo=UTC),
            datetime(2026, 3, 29, 1, 30, tzinfo=UTC),
            "Sun 29 Mar 2026, 01:30 CET – 03:30 CEST",
            "2026년 3월 29일 (일) 01:30 CET – 03:30 CEST",
        ),
        # ... and falls back at 03:00 on 25 October: 02:30 comes twice.
        (
            MUNICH,
            datetime(2026, 10, 25, 0, 30, tzinfo=UTC),
            datetime(2026, 10, 25, 1, 30, tzinfo=UTC),
            "Sun 25 Oct 2026, 02:30 CEST – 02:30 CET",
            "2026년 10월 25일 (일) 02:30 CEST – 02:30 CET",
        ),
        # An evening session over midnight and the change of clocks: both dates, both zones.
        (
            NEW_YORK,
            datetime(2026, 3, 8, 3, 0, tzinfo=UTC),
            datetime(2026, 3, 8, 7, 0, tzinfo=UTC),
            "Sat 7 Mar 2026, 22:00 EST – Sun 8 Mar 2026, 03:00 EDT",
            "2026년 3월 7일 (토) 22:00 EST – 2026년 3월 8일 (일) 03:00 EDT",
        ),
    ],
)
def test_a_range_over_a_change_of_clocks_names_the_zone_at_each_end(
    zone, starts_at, ends_at, en, ko
):
    assert format_time_range(starts_at, ends_at, zone, "en") == en
    assert format_time_range(starts_at, ends_at, zone, "ko") == ko


@pytest.mark.parametrize(
    ("zone", "ko", "en"),
    [
        ("Asia/Seoul", "한국 표준시(KST)", "Korea Standard Time (KST)"),
        ("America/New_York", "미국 동부 시간(EST/EDT)", "Eastern Time (EST/EDT)"),
        ("Europe/Berlin", "중앙유럽 시간(CET/CEST)", "Central European Time (CET/CEST)"),
        ("Asia/Shanghai", "중국 표준시(CST)", "China Standard Time (CST)"),
        ("Asia/Dubai", "Dubai 시간(UTC+04)", "Dubai time (UTC+04)"),
        ("America/Sao_Paulo", "Sao Paulo 시간(UTC-03)", "Sao Paulo time (UTC-03)"),
    ],
)
def test_each_zone_offered_has_a_name_in_both_languages(zone, ko, en):
    assert (zone_name(zone, lang="ko"), zone_name(zone, lang="en")) == (ko, en)


@pytest.mark.parametrize(
    ("zone", "at", "ko", "en"),
    [
        ("America/New_York", WINTER, "미국 동부 표준시(EST)", "Eastern Time (EST)"),
        ("America/New_York", SUMMER, "미국 동부 하계 표준시(EDT)", "Eastern Time (EDT)"),
        ("Europe/Berlin", WINTER, "중앙유럽 표준시(CET)", "Central European Time (CET)"),
        ("Europe/Berlin", SUMMER, "중앙유럽 하계 표준시(CEST)", "Central European Time (CEST)"),
        ("Asia/Seoul", SUMMER, "한국 표준시(KST)", "Korea Standard Time (KST)"),
        ("Asia/Shanghai", SUMMER, "중국 표준시(CST)", "China Standard Time (CST)"),
    ],
)
def test_at_a_moment_a_zone_is_named_as_its_clocks_are_then(zone, at, ko, en):
    assert (zone_name(zone, at, "ko"), zone_name(zone, at, "en")) == (ko, en)


def test_the_southern_hemisphere_puts_its_standard_time_first():
    assert zone_name("Australia/Sydney", lang="en") == "Sydney time (AEST/AEDT)"


def test_the_template_filter_follows_the_active_language_and_zone():
    template = Template(
        "{% load biohub %}{{ zone|zone_name }} / {{ zone|zone_name:at }} / {{ bad|zone_name }}"
    )
    context = Context({"zone": "America/New_York", "at": SUMMER.isoformat(), "bad": "Mars/Base"})
    with translation.override("ko"):
        assert template.render(context) == (
            "미국 동부 시간(EST/EDT) / 미국 동부 하계 표준시(EDT) / Mars/Base"
        )
    with translation.override("en"), timezone.override(SEOUL):
        assert template.render(context) == "Eastern Time (EST/EDT) / Eastern Time (EDT) / Mars/Base"
        assert (
            Template("{% load tz biohub %}{% get_current_timezone as z %}{{ z|zone_name }}").render(
                Context()
            )
            == "Korea Standard Time (KST)"
        )
