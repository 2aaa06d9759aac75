"""Coaching services: slots across daylight saving, the booking rules, changes and their
calendar invites and emails, reminders, and what happens after a session.

Every test builds its own "now" and passes it to the services. Runs on SQLite and on
PostgreSQL; the races and the exclusion constraints are in test_booking_race.py.
"""

from datetime import UTC, date, datetime, time, timedelta
from email.message import Message
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.db import IntegrityError, transaction
from icalendar import Calendar

from core.audit import history_for
from mentoring import services
from mentoring.models import AvailabilityException, Coach, Engagement, Session, SessionStatus
from mentoring.services import BookingError
from notifications.models import Notification
from tests.factories import (
    AvailabilityWindowFactory,
    CoachFactory,
    EngagementFactory,
    SessionFactory,
    StaffFactory,
    StartupMembershipFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

NEW_YORK = ZoneInfo("America/New_York")
SEOUL = ZoneInfo("Asia/Seoul")
# Monday 2 March 2026, 07:00 in New York (EST), 21:00 in Seoul.
NOW = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)
WEEKDAYS = range(5)


def new_york(month: int, day: int, hour: int, minute: int = 0) -> datetime:
    """A wall-clock time in New York in 2026, as a UTC instant (so that adding hours to it
    adds real hours)."""
    return datetime(2026, month, day, hour, minute, tzinfo=NEW_YORK).astimezone(UTC)


# Slots of the coach below: 09:00–10:00 and 10:15–11:15 New York on weekdays.
TUESDAY_9 = new_york(3, 3, 9)  # 26 hours after NOW
TUESDAY_1015 = new_york(3, 3, 10, 15)
WEDNESDAY_9 = new_york(3, 4, 9)
THURSDAY_9 = new_york(3, 5, 9)


def coach_in(zone: str = "America/New_York", *, weekdays=WEEKDAYS, **fields) -> Coach:
    """A coach with weekday windows 09:00–12:00 in `zone`: one-hour sessions, a 15-minute
    buffer, 24 hours' notice, up to 60 days ahead."""
    rules = {
        "session_minutes": 60,
        "buffer_minutes": 15,
        "min_notice_hours": 24,
        "horizon_days": 60,
    }
    coach = CoachFactory(time_zone=zone, **{**rules, **fields})
    for weekday in weekdays:
        AvailabilityWindowFactory(coach=coach, weekday=weekday)
    return coach


def engagement_with(coach: Coach, *, startup=None, **fields) -> Engagement:
    """An engagement of `coach` with `startup`, or with a new startup that has one founder."""
    if startup is None:
        startup = StartupMembershipFactory().startup
    return EngagementFactory(
        coach=coach,
        startup=startup,
        starts_on=date(2026, 3, 1),
        ends_on=date(2026, 12, 31),
        **fields,
    )


def founder(engagement: Engagement):
    return engagement.startup.memberships.order_by("pk").first().user


def book(engagement: Engagement, starts_at: datetime, *, now: datetime = NOW) -> Session:
    return services.book_session(
        engagement, actor=founder(engagement), starts_at=starts_at, now=now
    )


def refusal(call, *args, **kwargs) -> str:
    """The code of the BookingError that `call` raises."""
    with pytest.raises(BookingError) as caught:
        call(*args, **kwargs)
    return caught.value.code


def starts(slots) -> list[datetime]:
    return [slot.starts_at for slot in slots]


def parse_ics(text: str):
    calendar = Calendar.from_ical(text)
    (event,) = calendar.walk("VEVENT")
    return calendar, event


def invite_part(message) -> Message:
    """The text/calendar part of a sent email, as a mail client sees it."""
    (part,) = [p for p in message.message().walk() if p.get_content_type() == "text/calendar"]
    return part


def has_hangul(text: str) -> bool:
    return any("가" <= char <= "힣" for char in text)


# --- slots across daylight saving, through the service -------------------------------------


@pytest.mark.parametrize(
    ("zone", "now", "local_days", "seoul"),
    [
        (
            "America/New_York",
            datetime(2026, 3, 2, 12, 0, tzinfo=UTC),
            [date(2026, 3, 3), date(2026, 3, 10)],
            [datetime(2026, 3, 3, 23, 0), datetime(2026, 3, 10, 22, 0)],
        ),
        (
            "America/New_York",
            datetime(2026, 10, 26, 12, 0, tzinfo=UTC),
            [date(2026, 10, 27), date(2026, 11, 3)],
            [datetime(2026, 10, 27, 22, 0), datetime(2026, 11, 3, 23, 0)],
        ),
        (
            "Europe/Berlin",
            datetime(2026, 3, 23, 0, 0, tzinfo=UTC),
            [date(2026, 3, 24), date(2026, 3, 31)],
            [datetime(2026, 3, 24, 17, 0), datetime(2026, 3, 31, 16, 0)],
        ),
        (
            "Europe/Berlin",
            datetime(2026, 10, 19, 0, 0, tzinfo=UTC),
            [date(2026, 10, 20), date(2026, 10, 27)],
            [datetime(2026, 10, 20, 16, 0), datetime(2026, 10, 27, 17, 0)],
        ),
    ],
    ids=["new-york-spring", "new-york-autumn", "munich-spring", "munich-autumn"],
)
def test_tuesday_nine_oclock_stays_nine_local_across_daylight_saving(zone, now, local_days, seoul):
    coach = CoachFactory(time_zone=zone, session_minutes=60, min_notice_hours=24)
    AvailabilityWindowFactory(coach=coach, weekday=1, starts=time(9), ends=time(10))
    engagement = engagement_with(coach)

    slots = services.free_slots(engagement, first_day=now.date(), days=9, now=now)

    assert [s.starts_at.astimezone(SEOUL).replace(tzinfo=None) for s in slots] == seoul
    sessions = [book(engagement, slot.starts_at, now=now) for slot in slots]
    local = [s.starts_at.astimezone(ZoneInfo(zone)) for s in sessions]
    assert [(moment.date(), moment.time()) for moment in local] == [
        (day, time(9)) for day in local_days
    ]


# --- free slots -------------------------------------------------------------------------------


def test_free_slots_leave_out_the_notice_period_and_what_the_coach_has_booked():
    coach = coach_in()
    engagement, other = engagement_with(coach), engagement_with(coach)
    book(other, TUESDAY_9)

    slots = services.free_slots(engagement, first_day=date(2026, 3, 2), days=3, now=NOW)

    # Monday's slots are inside the 24 hours' notice; Tuesday 09:00 is the other startup's.
    assert starts(slots) == [TUESDAY_1015, WEDNESDAY_9, new_york(3, 4, 10, 15)]


def test_free_slots_leave_out_what_the_startup_has_booked_with_another_coach():
    engagement = engagement_with(coach_in())
    with_other_coach = engagement_with(coach_in(), startup=engagement.startup)
    book(with_other_coach, WEDNESDAY_9)

    slots = services.free_slots(engagement, first_day=date(2026, 3, 4), days=1, now=NOW)

    assert starts(slots) == [new_york(3, 4, 10, 15)]


def test_free_slots_end_at_the_horizon():
    engagement = engagement_with(coach_in(horizon_days=3))

    slots = services.free_slots(engagement, first_day=date(2026, 3, 2), days=7, now=NOW)

    # NOW + 3 days is Thursday 07:00 New York: Thursday's slots are too far ahead.
    assert starts(slots) == [TUESDAY_9, TUESDAY_1015, WEDNESDAY_9, new_york(3, 4, 10, 15)]


# --- booking and its rules -------------------------------------------------------------------


def test_book_session_writes_the_slot_with_the_buffer_and_audits_it():
    engagement = engagement_with(coach_in())
    actor = founder(engagement)

    session = services.book_session(
        engagement, actor=actor, starts_at=TUESDAY_9, agenda="Term sheet", now=NOW
    )

    session.refresh_from_db()
    assert (session.starts_at, session.ends_at, session.blocked_until) == (
        datetime(2026, 3, 3, 14, 0, tzinfo=UTC),
        datetime(2026, 3, 3, 15, 0, tzinfo=UTC),
        datetime(2026, 3, 3, 15, 15, tzinfo=UTC),
    )
    assert (session.coach, session.startup, session.status) == (
        engagement.coach,
        engagement.startup,
        SessionStatus.BOOKED,
    )
    assert (session.booked_by, session.agenda, session.sequence) == (actor, "Term sheet", 0)
    entry = history_for(session).get()
    assert (entry.action, entry.actor) == ("mentoring.session.booked", actor)


def test_booking_refused_when_the_allotment_is_used():
    engagement = engagement_with(coach_in(), allotment=2)
    book(engagement, TUESDAY_9)
    book(engagement, WEDNESDAY_9)

    assert refusal(book, engagement, THURSDAY_9) == "allotment"
    assert services.sessions_counted(engagement) == 2


def test_booking_refused_inside_the_notice_period_and_allowed_at_its_edge():
    engagement = engagement_with(coach_in())

    assert refusal(book, engagement, TUESDAY_9, now=TUESDAY_9 - timedelta(hours=23)) == "notice"
    assert refusal(book, engagement, new_york(3, 2, 10, 15)) == "notice"
    session = book(engagement, TUESDAY_9, now=TUESDAY_9 - timedelta(hours=24))
    assert session.starts_at == TUESDAY_9


def test_booking_refused_beyond_the_horizon_and_allowed_at_its_edge():
    engagement = engagement_with(coach_in())
    last_day = new_york(4, 30, 9)

    too_early = last_day - timedelta(days=60, minutes=1)
    assert refusal(book, engagement, last_day, now=too_early) == "horizon"
    assert book(engagement, last_day, now=last_day - timedelta(days=60)).starts_at == last_day


@pytest.mark.parametrize(
    "starts_at",
    [
        new_york(3, 3, 9, 30),  # inside a window, but not where a slot starts
        new_york(3, 3, 11, 30),  # a session from 11:30 would end after the window
        new_york(3, 7, 9),  # Saturday: no window
        new_york(3, 3, 8),  # before the window
    ],
    ids=["between-slots", "end-of-window", "saturday", "before-window"],
)
def test_booking_refused_where_the_coach_has_no_slot(starts_at):
    engagement = engagement_with(coach_in())

    assert refusal(book, engagement, starts_at) == "not_available"
    assert Session.objects.count() == 0


def test_blocked_day_and_extra_window_change_what_can_be_booked():
    coach = coach_in()
    engagement = engagement_with(coach)
    AvailabilityException.objects.create(coach=coach, date=date(2026, 3, 3), kind="blocked")
    AvailabilityException.objects.create(
        coach=coach, date=date(2026, 3, 7), kind="extra", starts=time(13), ends=time(14)
    )

    assert refusal(book, engagement, TUESDAY_9) == "not_available"
    assert book(engagement, new_york(3, 7, 13)).starts_at == new_york(3, 7, 13)


def test_booking_refused_when_the_coach_has_that_slot_with_another_startup():
    coach = coach_in()
    book(engagement_with(coach), TUESDAY_9)

    assert refusal(book, engagement_with(coach), TUESDAY_9) == "taken"


def test_booking_refused_when_the_startup_has_that_time_with_another_coach():
    engagement = engagement_with(coach_in())
    book(engagement_with(coach_in(), startup=engagement.startup), TUESDAY_9)

    assert refusal(book, engagement, TUESDAY_9) == "taken"


def test_coach_buffer_is_kept_and_back_to_back_after_it_is_allowed():
    coach = coach_in()
    # An extra window on Tuesday gives a 10:00 slot, inside the buffer of the 09:00 session.
    AvailabilityException.objects.create(
        coach=coach, date=date(2026, 3, 3), kind="extra", starts=time(10), ends=time(11)
    )
    first = book(engagement_with(coach), TUESDAY_9)

    assert refusal(book, engagement_with(coach), new_york(3, 3, 10)) == "taken"
    second = book(engagement_with(coach), TUESDAY_1015)
    assert second.starts_at == first.blocked_until


def test_booking_refused_when_the_engagement_has_ended():
    engagement = engagement_with(coach_in(), status=Engagement.Status.COMPLETED)

    assert refusal(book, engagement, TUESDAY_9) == "ended"


# --- cancelling ------------------------------------------------------------------------------


def test_late_cancellation_by_the_startup_counts_against_the_allotment():
    engagement = engagement_with(coach_in(), allotment=1)
    session = book(engagement, TUESDAY_9)

    services.cancel_session(
        session,
        actor=founder(engagement),
        reason="Our CSO is ill",
        now=TUESDAY_9 - timedelta(hours=23),
    )

    session.refresh_from_db()
    assert (session.status, session.late_cancellation) == (SessionStatus.CANCELLED, True)
    assert services.sessions_counted(engagement) == 1
    assert refusal(book, engagement, THURSDAY_9, now=TUESDAY_9) == "allotment"


def test_cancellation_by_the_startup_a_day_ahead_does_not_count():
    engagement = engagement_with(coach_in(), allotment=1)
    session = book(engagement, TUESDAY_9)

    services.cancel_session(
        session, actor=founder(engagement), reason="Moved our board meeting", now=NOW
    )

    session.refresh_from_db()
    assert (session.status, session.late_cancellation) == (SessionStatus.CANCELLED, False)
    assert services.sessions_counted(engagement) == 0


@pytest.mark.parametrize("who", ["coach", "staff"])
def test_late_cancellation_by_the_coach_or_staff_does_not_count(who):
    engagement = engagement_with(coach_in(), allotment=1)
    session = book(engagement, TUESDAY_9)
    actor = engagement.coach.user if who == "coach" else StaffFactory()

    services.cancel_session(
        session, actor=actor, reason="Travelling", now=TUESDAY_9 - timedelta(hours=2)
    )

    session.refresh_from_db()
    assert (session.status, session.late_cancellation) == (SessionStatus.CANCELLED, False)
    assert services.sessions_counted(engagement) == 0
    assert book(engagement, THURSDAY_9).starts_at == THURSDAY_9


def test_cancelled_slot_is_bookable_again_at_once():
    coach = coach_in()
    engagement = engagement_with(coach)
    session = book(engagement, TUESDAY_9)
    services.cancel_session(session, actor=founder(engagement), reason="Clash", now=NOW)

    other = engagement_with(coach)
    assert starts(services.free_slots(other, first_day=date(2026, 3, 3), days=1, now=NOW)) == [
        TUESDAY_9,
        TUESDAY_1015,
    ]
    assert book(other, TUESDAY_9).starts_at == TUESDAY_9


def test_cancel_needs_a_reason_a_booked_session_and_a_future_start():
    engagement = engagement_with(coach_in())
    session = book(engagement, TUESDAY_9)
    actor = founder(engagement)

    assert refusal(services.cancel_session, session, actor=actor, reason="  ", now=NOW) == (
        "reason_required"
    )
    assert refusal(services.cancel_session, session, actor=actor, reason="x", now=TUESDAY_9) == (
        "started"
    )
    services.cancel_session(session, actor=actor, reason="Clash", now=NOW)
    assert refusal(services.cancel_session, session, actor=actor, reason="x", now=NOW) == (
        "not_booked"
    )


# --- rescheduling ----------------------------------------------------------------------------


def test_reschedule_moves_the_session_and_frees_the_old_slot_at_once():
    coach = coach_in()
    engagement = engagement_with(coach)
    session = book(engagement, TUESDAY_9)

    moved = services.reschedule_session(
        session, actor=founder(engagement), starts_at=WEDNESDAY_9, reason="Clash", now=NOW
    )

    moved.refresh_from_db()
    assert (moved.pk, moved.starts_at, moved.ends_at, moved.blocked_until, moved.sequence) == (
        session.pk,
        WEDNESDAY_9,
        WEDNESDAY_9 + timedelta(hours=1),
        WEDNESDAY_9 + timedelta(minutes=75),
        1,
    )
    other = engagement_with(coach)
    assert book(other, TUESDAY_9).starts_at == TUESDAY_9
    assert refusal(book, engagement_with(coach), WEDNESDAY_9) == "taken"
    assert services.sessions_counted(engagement) == 1


def test_startup_cannot_reschedule_within_24_hours_but_the_coach_can():
    engagement = engagement_with(coach_in())
    session = book(engagement, WEDNESDAY_9)
    late = WEDNESDAY_9 - timedelta(hours=23)  # Tuesday 10:00 New York

    assert (
        refusal(
            services.reschedule_session,
            session,
            actor=founder(engagement),
            starts_at=THURSDAY_9,
            reason="Clash",
            now=late,
        )
        == "cutoff"
    )
    moved = services.reschedule_session(
        session, actor=engagement.coach.user, starts_at=THURSDAY_9, reason="Clash", now=late
    )
    assert moved.starts_at == THURSDAY_9


def test_reschedule_follows_the_booking_rules():
    coach = coach_in()
    engagement = engagement_with(coach)
    session = book(engagement, WEDNESDAY_9)
    book(engagement_with(coach), THURSDAY_9)
    actor = founder(engagement)

    def move(starts_at):
        return refusal(
            services.reschedule_session,
            session,
            actor=actor,
            starts_at=starts_at,
            reason="Clash",
            now=NOW,
        )

    assert move(THURSDAY_9) == "taken"
    assert move(new_york(3, 5, 9, 30)) == "not_available"
    assert move(new_york(3, 2, 10, 15)) == "notice"
    assert move(new_york(5, 4, 9)) == "horizon"
    session.refresh_from_db()
    assert (session.starts_at, session.sequence) == (WEDNESDAY_9, 0)


def test_session_can_move_to_a_slot_that_overlaps_its_old_time():
    """Its own old time does not block the session: 09:00 can move to 10:00 (an extra window)."""
    coach = coach_in()
    AvailabilityException.objects.create(
        coach=coach, date=date(2026, 3, 3), kind="extra", starts=time(10), ends=time(11)
    )
    engagement = engagement_with(coach)
    session = book(engagement, TUESDAY_9)

    moved = services.reschedule_session(
        session, actor=founder(engagement), starts_at=new_york(3, 3, 10), reason="Later", now=NOW
    )

    assert moved.starts_at == new_york(3, 3, 10)
    assert Session.objects.get().blocked_until == new_york(3, 3, 11, 15)


def test_cancelled_session_cannot_be_moved():
    engagement = engagement_with(coach_in())
    session = book(engagement, TUESDAY_9)
    services.cancel_session(session, actor=founder(engagement), reason="Clash", now=NOW)

    assert (
        refusal(
            services.reschedule_session,
            session,
            actor=engagement.coach.user,
            starts_at=WEDNESDAY_9,
            reason="Clash",
            now=NOW,
        )
        == "not_booked"
    )


# --- calendar invites ------------------------------------------------------------------------


def test_invite_keeps_its_uid_and_raises_its_sequence_on_every_change():
    engagement = engagement_with(coach_in())
    actor = founder(engagement)
    session = book(engagement, TUESDAY_9)
    uid = f"session-{session.uid}@seoulbiohub.kr"

    calendar, event = parse_ics(services.session_ics(session))
    assert (str(calendar["method"]), str(event["status"])) == ("REQUEST", "CONFIRMED")
    assert (str(event["uid"]), event.decoded("sequence")) == (uid, 0)
    assert (event.decoded("dtstart"), event.decoded("dtend")) == (
        datetime(2026, 3, 3, 14, 0, tzinfo=UTC),
        datetime(2026, 3, 3, 15, 0, tzinfo=UTC),
    )
    assert [str(a) for a in event["attendee"]] == [
        f"mailto:{engagement.coach.user.email}",
        f"mailto:{actor.email}",
    ]
    assert str(event["organizer"]) == f"mailto:{engagement.coach.user.email}"

    session = services.reschedule_session(
        session, actor=actor, starts_at=new_york(3, 10, 9), reason="Clash", now=NOW
    )
    calendar, event = parse_ics(services.session_ics(session))
    assert (str(calendar["method"]), str(event["status"])) == ("REQUEST", "CONFIRMED")
    assert (str(event["uid"]), event.decoded("sequence")) == (uid, 1)
    # 10 March is after New York moved to EDT: 09:00 there is 13:00 UTC.
    assert (event.decoded("dtstart"), event.decoded("dtend")) == (
        datetime(2026, 3, 10, 13, 0, tzinfo=UTC),
        datetime(2026, 3, 10, 14, 0, tzinfo=UTC),
    )

    session = services.cancel_session(session, actor=actor, reason="Clash", now=NOW)
    calendar, event = parse_ics(services.session_ics(session))
    assert (str(calendar["method"]), str(event["status"])) == ("CANCEL", "CANCELLED")
    assert (str(event["uid"]), event.decoded("sequence")) == (uid, 2)
    assert event.decoded("dtstart") == datetime(2026, 3, 10, 13, 0, tzinfo=UTC)


def test_booking_rescheduling_and_cancelling_are_audited_in_order():
    engagement = engagement_with(coach_in())
    actor = founder(engagement)
    session = book(engagement, TUESDAY_9)
    services.reschedule_session(
        session, actor=actor, starts_at=WEDNESDAY_9, reason="Clash", now=NOW
    )
    services.cancel_session(session, actor=actor, reason="Ill", now=NOW)

    assert list(history_for(session).order_by("id").values_list("action", flat=True)) == [
        "mentoring.session.booked",
        "mentoring.session.rescheduled",
        "mentoring.session.cancelled",
    ]


# --- emails to both sides ---------------------------------------------------------------------


def bilingual_engagement() -> Engagement:
    """An English-speaking coach; a startup with a Korean and an English-speaking member."""
    coach = coach_in(user__language="en")
    membership = StartupMembershipFactory(
        startup__name="Hongneung Therapeutics", user__language="ko"
    )
    StartupMembershipFactory(startup=membership.startup, user__language="en")
    return engagement_with(coach, startup=membership.startup)


def change(session: Session, action: str) -> Session:
    actor = founder(session.engagement)
    if action == "rescheduled":
        return services.reschedule_session(
            session, actor=actor, starts_at=WEDNESDAY_9, reason="Clash", now=NOW
        )
    return services.cancel_session(session, actor=actor, reason="Clash", now=NOW)


@pytest.mark.parametrize(
    ("action", "method", "sequence"),
    [("booked", "REQUEST", 0), ("rescheduled", "REQUEST", 1), ("cancelled", "CANCEL", 1)],
)
def test_session_emails_go_to_both_sides_in_their_language_with_the_invite(
    django_capture_on_commit_callbacks, action, method, sequence
):
    engagement = bilingual_engagement()
    coach = engagement.coach.user
    korean, english = [m.user for m in engagement.startup.memberships.order_by("pk")]

    with django_capture_on_commit_callbacks(execute=True):
        session = book(engagement, TUESDAY_9)
    if action != "booked":
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            session = change(session, action)

    kind = f"mentoring.session_{action}"
    languages = dict(Notification.objects.filter(kind=kind).values_list("email", "language"))
    assert languages == {coach.email: "en", korean.email: "ko", english.email: "en"}
    assert sorted(m.to[0] for m in mail.outbox) == sorted(languages)
    for message in mail.outbox:
        assert message.extra_headers["X-BioHub-Notification"].startswith(f"{kind}:{session.pk}:")
        assert has_hangul(message.subject) is (languages[message.to[0]] == "ko")
        part = invite_part(message)
        assert part.get_filename() == "invite.ics"
        calendar, event = parse_ics(part.get_payload(decode=True).decode())
        assert str(calendar["method"]) == method
        assert str(event["uid"]) == f"session-{session.uid}@seoulbiohub.kr"
        assert event.decoded("sequence") == sequence
        assert event.decoded("dtstart") == session.starts_at


def test_cancellation_email_labels_its_invite_as_a_cancellation(
    django_capture_on_commit_callbacks,
):
    """RFC 6047 §2.4: the Content-Type's method parameter must match the METHOD property;
    Outlook acts on the Content-Type and would offer to accept a cancelled meeting."""
    session = book(engagement_with(coach_in()), TUESDAY_9)  # its emails are never sent

    with django_capture_on_commit_callbacks(execute=True):
        change(session, "cancelled")

    coach_email, founder_email = mail.outbox  # both were sent (a ValueError otherwise)
    assert [invite_part(m).get_param("method") for m in (coach_email, founder_email)] == [
        "CANCEL",
        "CANCEL",
    ]


# --- reminders -------------------------------------------------------------------------------


def test_reminders_go_once_to_both_sides_of_sessions_starting_within_24_hours(
    django_capture_on_commit_callbacks,
):
    engagement = engagement_with(coach_in())
    coach, member = engagement.coach.user, founder(engagement)
    soon = SessionFactory(engagement=engagement, starts_at=NOW + timedelta(hours=3))
    last_due = SessionFactory(engagement=engagement, starts_at=NOW + timedelta(hours=24))
    tomorrow = SessionFactory(engagement=engagement, starts_at=NOW + timedelta(hours=26))
    SessionFactory(
        engagement=engagement, starts_at=NOW + timedelta(hours=6), status=SessionStatus.CANCELLED
    )
    SessionFactory(engagement=engagement, starts_at=NOW - timedelta(minutes=30))

    with django_capture_on_commit_callbacks(execute=True):
        assert services.send_due_reminders(now=NOW) == 2

    sent = sorted((m.extra_headers["X-BioHub-Notification"], m.to[0]) for m in mail.outbox)
    assert sent == sorted(
        (f"mentoring.session_reminder:{session.pk}:0:reminder:{person.pk}", person.email)
        for session in (soon, last_due)
        for person in (coach, member)
    )
    assert all(invite_part(m).get_param("method") == "REQUEST" for m in mail.outbox)

    # The next run (ten minutes later) sends nothing new; two hours later "tomorrow" is due.
    with django_capture_on_commit_callbacks(execute=True):
        assert services.send_due_reminders(now=NOW) == 0
        assert services.send_due_reminders(now=NOW + timedelta(minutes=10)) == 0
    assert len(mail.outbox) == 4
    with django_capture_on_commit_callbacks(execute=True):
        assert services.send_due_reminders(now=NOW + timedelta(hours=2)) == 1
    assert sorted(m.to[0] for m in mail.outbox[4:]) == sorted([coach.email, member.email])
    assert {s.pk for s in Session.objects.filter(reminder_sent_at__isnull=False)} == {
        soon.pk,
        last_due.pk,
        tomorrow.pk,
    }


def test_rescheduled_session_is_reminded_again_before_its_new_time():
    engagement = engagement_with(coach_in())
    book(engagement, TUESDAY_9)
    the_day_before = TUESDAY_9 - timedelta(hours=20)
    services.send_due_reminders(now=the_day_before)
    (reminded,) = Session.objects.filter(reminder_sent_at=the_day_before)  # ValueError if not

    services.reschedule_session(
        reminded,
        actor=engagement.coach.user,
        starts_at=new_york(3, 10, 9),
        reason="Travelling",
        now=the_day_before,
    )

    assert services.send_due_reminders(now=new_york(3, 10, 9) - timedelta(hours=20)) == 1


# --- after the session -----------------------------------------------------------------------


def held_session(**fields) -> Session:
    """A booked session of 2 March 2026, 14:00–15:00 UTC."""
    return SessionFactory(
        engagement=engagement_with(coach_in()),
        starts_at=datetime(2026, 3, 2, 14, 0, tzinfo=UTC),
        **fields,
    )


def test_outcome_only_once_the_session_has_ended():
    session = held_session()
    coach = session.coach.user

    assert (
        refusal(
            services.record_outcome,
            session,
            actor=coach,
            outcome=SessionStatus.COMPLETED,
            now=session.ends_at - timedelta(minutes=1),
        )
        == "not_ended"
    )
    services.record_outcome(
        session, actor=coach, outcome=SessionStatus.COMPLETED, now=session.ends_at
    )
    session.refresh_from_db()
    assert session.status == SessionStatus.COMPLETED
    # A mistake can be corrected: held becomes no-show.
    services.record_outcome(
        session, actor=coach, outcome=SessionStatus.NO_SHOW, now=session.ends_at
    )
    session.refresh_from_db()
    assert session.status == SessionStatus.NO_SHOW
    assert [e.data for e in history_for(session).order_by("id")] == [
        {"from": "booked", "to": "completed"},
        {"from": "completed", "to": "no_show"},
    ]


def test_cancelled_session_has_no_outcome_and_unknown_outcomes_are_refused():
    session = held_session(status=SessionStatus.CANCELLED)
    later = session.ends_at + timedelta(days=1)

    assert (
        refusal(
            services.record_outcome,
            session,
            actor=None,
            outcome=SessionStatus.COMPLETED,
            now=later,
        )
        == "cancelled"
    )
    with pytest.raises(ValueError):
        services.record_outcome(session, actor=None, outcome=SessionStatus.BOOKED, now=later)


def test_feedback_only_after_the_end_and_from_1_to_5():
    session = held_session()
    member = session.startup.memberships.get().user
    ended = session.ends_at

    give = services.give_feedback
    before = ended - timedelta(minutes=1)
    assert refusal(give, session, actor=member, rating=5, comment="", now=before) == "not_ended"
    assert refusal(give, session, actor=member, rating=0, comment="", now=ended) == "rating"
    assert refusal(give, session, actor=member, rating=6, comment="", now=ended) == "rating"
    give(session, actor=member, rating=4, comment="Clear advice on the IND", now=ended)

    session.refresh_from_db()
    assert (session.rating, session.feedback) == (4, "Clear advice on the IND")


def test_no_feedback_on_a_cancelled_session():
    session = held_session(status=SessionStatus.CANCELLED)
    later = session.ends_at + timedelta(days=1)

    assert (
        refusal(services.give_feedback, session, actor=None, rating=5, comment="", now=later)
        == "not_ended"
    )


def test_only_the_startup_may_give_feedback():
    session = held_session()
    member = session.startup.memberships.get().user

    assert member.has_perm("mentoring.give_feedback", session) is True
    assert session.coach.user.has_perm("mentoring.give_feedback", session) is False
    assert UserFactory().has_perm("mentoring.give_feedback", session) is False


def test_database_refuses_a_rating_outside_1_to_5():
    session = held_session()

    with pytest.raises(IntegrityError), transaction.atomic():
        Session.objects.filter(pk=session.pk).update(rating=6)


def test_startup_saving_shared_notes_keeps_the_coachs_private_notes():
    session = held_session()
    coach, member = session.coach.user, session.startup.memberships.get().user
    services.save_notes(
        session, actor=coach, shared_notes="Next: CMC plan", private_notes="Team is thin on CMC"
    )

    services.save_notes(
        session, actor=member, shared_notes="Next: CMC plan, draft by Friday", private_notes=None
    )

    session.refresh_from_db()
    assert (session.shared_notes, session.coach_private_notes) == (
        "Next: CMC plan, draft by Friday",
        "Team is thin on CMC",
    )
    assert member.has_perm("mentoring.see_private_notes", session) is False
    assert coach.has_perm("mentoring.see_private_notes", session) is True


# --- engagements and availability ------------------------------------------------------------


def test_start_engagement_tells_the_coach_and_every_member_in_their_language():
    coach = coach_in(user__language="en")
    membership = StartupMembershipFactory(user__language="ko")
    cofounder = StartupMembershipFactory(startup=membership.startup, user__language="en").user
    staff = StaffFactory()

    engagement = services.start_engagement(
        coach=coach,
        startup=membership.startup,
        actor=staff,
        starts_on=date(2026, 3, 1),
        ends_on=date(2026, 8, 31),
        allotment=4,
    )

    assert (engagement.coach, engagement.allotment, engagement.status) == (coach, 4, "active")
    assert dict(
        Notification.objects.filter(kind="mentoring.engagement_started").values_list(
            "email", "language"
        )
    ) == {coach.user.email: "en", membership.user.email: "ko", cofounder.email: "en"}
    entry = history_for(engagement).get()
    assert (entry.action, entry.actor, entry.data) == (
        "mentoring.engagement.started",
        staff,
        {"coach": coach.pk, "allotment": 4},
    )


def test_save_availability_replaces_windows_and_rules_and_keeps_booked_sessions():
    coach = coach_in()
    engagement = engagement_with(coach)
    session = book(engagement, TUESDAY_9)

    services.save_availability(
        coach,
        actor=coach.user,
        windows=[(3, time(14), time(16))],  # Thursdays 14:00–16:00 only
        exceptions=[(date(2026, 3, 12), "blocked", None, None)],
        rules={"session_minutes": 45, "buffer_minutes": 0},
    )

    coach.refresh_from_db()
    assert (coach.session_minutes, coach.buffer_minutes) == (45, 0)
    slots = services.free_slots(engagement, first_day=date(2026, 3, 2), days=14, now=NOW)
    assert starts(slots) == [new_york(3, 5, 14), new_york(3, 5, 14, 45)]
    session.refresh_from_db()
    assert session.status == SessionStatus.BOOKED
