"""Coaching services, what both sides are told: calendar invites, emails, reminders."""

from datetime import UTC, datetime, timedelta

import pytest
from django.core import mail

from core.audit import history_for
from mentoring import services
from mentoring.calendar import session_ics
from mentoring.models import Engagement, Session, SessionStatus
from notifications.models import Notification
from tests.factories import (
    SessionFactory,
    StartupMembershipFactory,
)
from tests.mentoring.service_helpers import (
    NOW,
    TUESDAY_9,
    WEDNESDAY_9,
    book,
    coach_in,
    engagement_with,
    founder,
    has_hangul,
    invite_part,
    new_york,
    parse_ics,
)

pytestmark = pytest.mark.django_db

# --- calendar invites ------------------------------------------------------------------------


def test_invite_keeps_its_uid_and_raises_its_sequence_on_every_change():
    engagement = engagement_with(coach_in())
    actor = founder(engagement)
    session = book(engagement, TUESDAY_9)
    uid = f"session-{session.uid}@seoulbiohub.kr"

    calendar, event = parse_ics(session_ics(session))
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
    calendar, event = parse_ics(session_ics(session))
    assert (str(calendar["method"]), str(event["status"])) == ("REQUEST", "CONFIRMED")
    assert (str(event["uid"]), event.decoded("sequence")) == (uid, 1)
    # 10 March is after New York moved to EDT: 09:00 there is 13:00 UTC.
    assert (event.decoded("dtstart"), event.decoded("dtend")) == (
        datetime(2026, 3, 10, 13, 0, tzinfo=UTC),
        datetime(2026, 3, 10, 14, 0, tzinfo=UTC),
    )

    session = services.cancel_session(session, actor=actor, reason="Clash", now=NOW)
    calendar, event = parse_ics(session_ics(session))
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
