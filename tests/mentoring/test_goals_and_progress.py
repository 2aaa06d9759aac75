"""Goals agreed at the first held session, progress after each held session, no-shows with a
side: the services and the database's checks."""

from datetime import UTC, date, datetime, timedelta

import pytest
from django.db import IntegrityError, transaction

from core.models import AuditEntry
from mentoring import selectors, services
from mentoring.models import NoShowSide, Session, SessionStatus
from mentoring.services import FollowUpError
from tests.factories import (
    EngagementFactory,
    SessionFactory,
    StaffFactory,
    StartupMembershipFactory,
)

pytestmark = pytest.mark.django_db

MONDAY = datetime(2026, 3, 2, 14, 0, tzinfo=UTC)
LATER = MONDAY + timedelta(days=30)


@pytest.fixture
def engagement():
    startup = StartupMembershipFactory().startup
    return EngagementFactory(
        startup=startup,
        starts_on=date(2026, 3, 1),
        ends_on=date(2026, 8, 31),
        goals="Proposed: an IND plan.",
    )


def session_of(engagement, *, week: int = 0, status=SessionStatus.COMPLETED, **fields) -> Session:
    starts = MONDAY + timedelta(weeks=week)
    return SessionFactory(engagement=engagement, starts_at=starts, status=status, **fields)


def actions(obj) -> list[tuple[str, dict]]:
    return [
        (entry.action, entry.data)
        for entry in AuditEntry.objects.filter(
            object_id=str(obj.pk), action__startswith=(f"mentoring.{obj._meta.model_name}.")
        ).order_by("pk")
    ]


def test_goals_agreed_at_the_first_held_session_replace_the_proposal_and_are_stamped(engagement):
    missed = session_of(engagement, week=0, status=SessionStatus.NO_SHOW)
    first = session_of(engagement, week=1)
    session_of(engagement, week=2)
    coach = engagement.coach.user
    assert selectors.first_held_session_id(engagement) == first.pk != missed.pk

    services.save_notes(
        first,
        actor=coach,
        shared_notes="Good start.",
        private_notes=None,
        progress_percent=10,
        progress_comment="Scope agreed.",
        agreed_goals="  1. IND package by August\n2. Two partnering meetings  ",
        now=LATER,
    )

    engagement.refresh_from_db()
    assert engagement.goals == "1. IND package by August\n2. Two partnering meetings"
    assert (engagement.goals_agreed_at, engagement.goals_agreed_by) == (LATER, coach)
    assert actions(engagement) == [
        (
            "mentoring.engagement.goals_agreed",
            {"session": first.pk, "starts_at": "2026-03-09T14:00:00Z"},
        )
    ]
    # Saving the write-up again with the same goals changes neither the stamp nor the log.
    services.save_notes(
        first,
        actor=coach,
        shared_notes="Good start.",
        private_notes=None,
        progress_percent=10,
        progress_comment="Scope agreed.",
        agreed_goals="1. IND package by August\n2. Two partnering meetings",
        now=LATER + timedelta(days=1),
    )
    engagement.refresh_from_db()
    assert engagement.goals_agreed_at == LATER
    assert len(actions(engagement)) == 1


def test_goals_must_be_written_and_only_for_a_held_session(engagement):
    held, booked = session_of(engagement, week=1), session_of(engagement, week=2, status="booked")
    with pytest.raises(FollowUpError) as empty:
        services.save_notes(held, actor=None, shared_notes="", private_notes=None, agreed_goals=" ")
    with pytest.raises(FollowUpError) as not_held:
        services.save_notes(
            booked, actor=None, shared_notes="", private_notes=None, agreed_goals="X"
        )
    assert (empty.value.code, not_held.value.code) == ("goals", "not_held")
    engagement.refresh_from_db()
    assert (engagement.goals, engagement.goals_agreed_at) == ("Proposed: an IND plan.", None)


def test_progress_from_0_to_100_after_a_held_session_only(engagement):
    held, booked = session_of(engagement, week=1), session_of(engagement, week=2, status="booked")
    coach = engagement.coach.user

    with pytest.raises(FollowUpError) as too_much:
        services.save_notes(
            held, actor=coach, shared_notes="", private_notes=None, progress_percent=101
        )
    with pytest.raises(FollowUpError) as not_held:
        services.save_notes(
            booked, actor=coach, shared_notes="", private_notes=None, progress_percent=50
        )
    assert (too_much.value.code, not_held.value.code) == ("progress", "not_held")

    services.save_notes(
        held,
        actor=coach,
        shared_notes="",
        private_notes=None,
        progress_percent=40,
        progress_comment="Tox plan drafted.",
    )
    held.refresh_from_db()
    assert (held.progress_percent, held.progress_comment) == (40, "Tox plan drafted.")
    assert [a for a in actions(held) if a[0] == "mentoring.session.progress_recorded"] == [
        ("mentoring.session.progress_recorded", {"percent": 40})
    ]
    assert [(s.pk, s.progress_percent) for s in selectors.progress_history(engagement)] == [
        (held.pk, 40)
    ]


def test_a_startup_members_notes_leave_the_progress_alone(engagement):
    held = session_of(engagement, week=1, progress_percent=30, progress_comment="On track")
    member = engagement.startup.memberships.get().user
    services.save_notes(held, actor=member, shared_notes="Thanks!", private_notes=None)
    held.refresh_from_db()
    assert (held.shared_notes, held.progress_percent, held.progress_comment) == (
        "Thanks!",
        30,
        "On track",
    )


@pytest.mark.parametrize("percent", [-1, 101])
def test_the_database_keeps_progress_between_0_and_100(engagement, percent):
    held = session_of(engagement, week=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        Session.objects.filter(pk=held.pk).update(progress_percent=percent)


def test_the_database_refuses_progress_on_a_session_not_held(engagement):
    booked = session_of(engagement, week=1, status="booked")
    with pytest.raises(IntegrityError), transaction.atomic():
        Session.objects.filter(pk=booked.pk).update(progress_percent=50)


def test_a_no_show_names_who_did_not_come_and_can_be_corrected(engagement):
    session = session_of(
        engagement, week=1, status="booked", progress_percent=None, progress_comment=""
    )
    coach, staff = engagement.coach.user, StaffFactory()
    with pytest.raises(FollowUpError) as no_side:
        services.record_outcome(session, actor=coach, outcome=SessionStatus.NO_SHOW, now=LATER)
    assert no_side.value.code == "no_show_side"

    services.record_outcome(
        session, actor=coach, outcome="no_show", no_show_by=NoShowSide.STARTUP, now=LATER
    )
    # Staff correct it: it was the coach who did not come.
    services.record_outcome(
        session, actor=staff, outcome="no_show", no_show_by=NoShowSide.COACH, now=LATER
    )
    # The same outcome again changes nothing.
    services.record_outcome(
        session, actor=staff, outcome="no_show", no_show_by=NoShowSide.COACH, now=LATER
    )
    session.refresh_from_db()
    assert (session.status, session.no_show_by) == ("no_show", "coach")
    assert actions(session)[-2:] == [
        ("mentoring.session.no_show", {"from": "booked", "to": "no_show", "no_show_by": "startup"}),
        ("mentoring.session.no_show", {"from": "no_show", "to": "no_show", "no_show_by": "coach"}),
    ]
    # Held after all: the side goes.
    services.record_outcome(session, actor=staff, outcome="completed", now=LATER)
    session.refresh_from_db()
    assert (session.status, session.no_show_by) == ("completed", "")


def test_a_held_session_that_becomes_a_no_show_loses_its_progress(engagement):
    session = session_of(engagement, week=1, progress_percent=50, progress_comment="Half way")
    services.record_outcome(
        session, actor=None, outcome="no_show", no_show_by=NoShowSide.STARTUP, now=LATER
    )
    session.refresh_from_db()
    assert (session.progress_percent, session.progress_comment) == (None, "")


@pytest.mark.parametrize(
    ("status", "side"), [("no_show", ""), ("completed", "coach"), ("booked", "startup")]
)
def test_the_database_wants_a_side_for_a_no_show_and_none_otherwise(engagement, status, side):
    session = session_of(engagement, week=1, status="booked")
    with pytest.raises(IntegrityError), transaction.atomic():
        Session.objects.filter(pk=session.pk).update(status=status, no_show_by=side)
