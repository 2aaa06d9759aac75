"""Slots from weekly wall-clock windows (core.slots): daylight saving, stepping, exceptions."""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from core.slots import Slot, generate_slots, overlaps

SEOUL = ZoneInfo("Asia/Seoul")
HOUR = timedelta(hours=1)
TUESDAY = 1


def tuesday_nine_to_ten(zone: str, *, first_day: date, days: int) -> list[Slot]:
    """One hour-long slot each Tuesday at 09:00 in `zone`."""
    return generate_slots(
        zone=zone,
        first_day=first_day,
        days=days,
        weekly=[(TUESDAY, time(9), time(10))],
        length=HOUR,
    )


def in_seoul(moment: datetime) -> datetime:
    return moment.astimezone(SEOUL).replace(tzinfo=None)


# --- daylight saving ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("tuesday", "seoul"),
    [
        (date(2026, 3, 3), datetime(2026, 3, 3, 23, 0)),  # EST, before 8 March
        (date(2026, 3, 10), datetime(2026, 3, 10, 22, 0)),  # EDT
        (date(2026, 10, 27), datetime(2026, 10, 27, 22, 0)),  # EDT, before 1 November
        (date(2026, 11, 3), datetime(2026, 11, 3, 23, 0)),  # EST
    ],
)
def test_new_york_window_stays_at_nine_new_york_across_daylight_saving(tuesday, seoul):
    (slot,) = tuesday_nine_to_ten("America/New_York", first_day=tuesday, days=1)

    local = slot.starts_at.astimezone(ZoneInfo("America/New_York"))
    assert (local.date(), local.time()) == (tuesday, time(9))
    assert in_seoul(slot.starts_at) == seoul
    assert slot.starts_at.tzinfo == UTC
    assert slot.ends_at - slot.starts_at == HOUR


def test_new_york_tuesdays_around_both_changes_in_one_run():
    slots = tuesday_nine_to_ten("America/New_York", first_day=date(2026, 3, 2), days=14)
    slots += tuesday_nine_to_ten("America/New_York", first_day=date(2026, 10, 26), days=14)

    assert [s.starts_at for s in slots] == [
        datetime(2026, 3, 3, 14, 0, tzinfo=UTC),
        datetime(2026, 3, 10, 13, 0, tzinfo=UTC),
        datetime(2026, 10, 27, 13, 0, tzinfo=UTC),
        datetime(2026, 11, 3, 14, 0, tzinfo=UTC),
    ]


@pytest.mark.parametrize(
    ("tuesday", "seoul"),
    [
        (date(2026, 3, 24), datetime(2026, 3, 24, 17, 0)),  # CET, before 29 March
        (date(2026, 3, 31), datetime(2026, 3, 31, 16, 0)),  # CEST
        (date(2026, 10, 20), datetime(2026, 10, 20, 16, 0)),  # CEST, before 25 October
        (date(2026, 10, 27), datetime(2026, 10, 27, 17, 0)),  # CET
    ],
)
def test_munich_window_stays_at_nine_munich_across_daylight_saving(tuesday, seoul):
    (slot,) = tuesday_nine_to_ten("Europe/Berlin", first_day=tuesday, days=1)

    local = slot.starts_at.astimezone(ZoneInfo("Europe/Berlin"))
    assert (local.date(), local.time()) == (tuesday, time(9))
    assert in_seoul(slot.starts_at) == seoul


@pytest.mark.parametrize(
    ("zone", "utc_hour"), [("Asia/Seoul", 0), ("Asia/Shanghai", 1)], ids=["seoul", "shanghai"]
)
def test_zones_without_daylight_saving_never_move(zone, utc_hour):
    slots = tuesday_nine_to_ten(zone, first_day=date(2026, 1, 1), days=365)

    assert len(slots) == 52
    assert {(s.starts_at.hour, s.starts_at.minute) for s in slots} == {(utc_hour, 0)}
    assert {s.starts_at.weekday() for s in slots} == {TUESDAY}


def test_window_over_the_spring_forward_gap_holds_only_its_real_hours():
    """01:00–04:00 New York on 8 March 2026 lasts two hours: 02:00–03:00 does not exist."""
    slots = generate_slots(
        zone="America/New_York",
        first_day=date(2026, 3, 8),
        days=1,
        weekly=[(6, time(1), time(4))],
        length=HOUR,
    )

    assert [s.starts_at for s in slots] == [
        datetime(2026, 3, 8, 6, 0, tzinfo=UTC),  # 01:00 EST
        datetime(2026, 3, 8, 7, 0, tzinfo=UTC),  # 03:00 EDT
    ]


def test_window_over_the_fall_back_hour_holds_the_repeated_hour():
    """01:00–03:00 New York on 1 November 2026 lasts three hours: 01:00 comes twice."""
    slots = generate_slots(
        zone="America/New_York",
        first_day=date(2026, 11, 1),
        days=1,
        weekly=[(6, time(1), time(3))],
        length=HOUR,
    )

    assert [s.starts_at for s in slots] == [
        datetime(2026, 11, 1, 5, 0, tzinfo=UTC),  # 01:00 EDT
        datetime(2026, 11, 1, 6, 0, tzinfo=UTC),  # 01:00 EST
        datetime(2026, 11, 1, 7, 0, tzinfo=UTC),  # 02:00 EST
    ]


# --- stepping inside a window ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("length", "gap", "starts"),
    [
        (60, 15, [time(9, 0), time(10, 15)]),
        (60, 0, [time(9, 0), time(10, 0), time(11, 0)]),
        (45, 15, [time(9, 0), time(10, 0), time(11, 0)]),
        (30, 10, [time(9, 0), time(9, 40), time(10, 20), time(11, 0)]),
        (180, 0, [time(9, 0)]),
    ],
)
def test_slots_step_by_length_plus_gap_and_end_inside_the_window(length, gap, starts):
    slots = generate_slots(
        zone="Asia/Seoul",
        first_day=date(2026, 3, 10),
        days=1,
        weekly=[(TUESDAY, time(9), time(12))],
        length=timedelta(minutes=length),
        gap=timedelta(minutes=gap),
    )

    assert [s.starts_at.astimezone(SEOUL).time() for s in slots] == starts
    assert {s.ends_at - s.starts_at for s in slots} == {timedelta(minutes=length)}
    assert max(s.ends_at for s in slots) <= datetime(2026, 3, 10, 12, 0, tzinfo=SEOUL)


def test_window_shorter_than_a_session_gives_no_slot():
    slots = generate_slots(
        zone="Asia/Seoul",
        first_day=date(2026, 3, 10),
        days=1,
        weekly=[(TUESDAY, time(9), time(9, 45))],
        length=HOUR,
    )

    assert slots == []


def test_only_the_windows_weekday_has_slots():
    slots = generate_slots(
        zone="Asia/Seoul",
        first_day=date(2026, 3, 9),  # a Monday
        days=7,
        weekly=[(TUESDAY, time(9), time(10)), (4, time(14), time(15))],
        length=HOUR,
    )

    assert [in_seoul(s.starts_at) for s in slots] == [
        datetime(2026, 3, 10, 9, 0),
        datetime(2026, 3, 13, 14, 0),
    ]


def test_two_windows_on_one_day_come_out_in_time_order():
    slots = generate_slots(
        zone="Asia/Seoul",
        first_day=date(2026, 3, 10),
        days=1,
        weekly=[(TUESDAY, time(14), time(15)), (TUESDAY, time(9), time(10))],
        length=HOUR,
    )

    assert [in_seoul(s.starts_at) for s in slots] == [
        datetime(2026, 3, 10, 9, 0),
        datetime(2026, 3, 10, 14, 0),
    ]


# --- exceptions -----------------------------------------------------------------------------


def test_blocked_day_drops_the_weekly_window_of_that_date_only():
    slots = generate_slots(
        zone="Asia/Seoul",
        first_day=date(2026, 3, 9),
        days=14,
        weekly=[(TUESDAY, time(9), time(10))],
        blocked_days=[date(2026, 3, 10)],
        length=HOUR,
    )

    assert [in_seoul(s.starts_at) for s in slots] == [datetime(2026, 3, 17, 9, 0)]


def test_extra_window_adds_slots_on_a_day_without_weekly_windows():
    slots = generate_slots(
        zone="America/New_York",
        first_day=date(2026, 3, 9),
        days=7,
        weekly=[(TUESDAY, time(9), time(10))],
        extra_windows={date(2026, 3, 14): [(time(13), time(15))]},  # a Saturday
        length=HOUR,
    )

    assert [s.starts_at for s in slots] == [
        datetime(2026, 3, 10, 13, 0, tzinfo=UTC),
        datetime(2026, 3, 14, 17, 0, tzinfo=UTC),
        datetime(2026, 3, 14, 18, 0, tzinfo=UTC),
    ]


def test_extra_window_on_a_blocked_day_replaces_the_weekly_window():
    slots = generate_slots(
        zone="Asia/Seoul",
        first_day=date(2026, 3, 10),
        days=1,
        weekly=[(TUESDAY, time(9), time(10))],
        blocked_days=[date(2026, 3, 10)],
        extra_windows={date(2026, 3, 10): [(time(16), time(17))]},
        length=HOUR,
    )

    assert [in_seoul(s.starts_at) for s in slots] == [datetime(2026, 3, 10, 16, 0)]


# --- overlaps: half-open ranges ---------------------------------------------------------------

NINE = datetime(2026, 3, 10, 0, 0, tzinfo=UTC)


def at(minutes: int) -> datetime:
    return NINE + timedelta(minutes=minutes)


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ((0, 60), (60, 120), False),  # back to back
        ((60, 120), (0, 60), False),  # back to back, the other way round
        ((0, 60), (90, 120), False),  # apart
        ((0, 60), (59, 120), True),  # one minute in common
        ((0, 120), (30, 60), True),  # one inside the other
        ((30, 60), (0, 120), True),
        ((0, 60), (0, 60), True),  # the same
    ],
)
def test_overlaps_treats_ranges_as_half_open(a, b, expected):
    assert overlaps(at(a[0]), at(a[1]), at(b[0]), at(b[1])) is expected
