"""Coaching services after the session (outcome, feedback, notes), and engagements and
availability."""

from datetime import UTC, date, datetime, time, timedelta

import pytest
from django.db import IntegrityError, transaction

from challenges.models import ApplicationStatus
from core.audit import history_for
from mentoring import selectors, services
from mentoring.models import Engagement, NoShowSide, Session, SessionStatus
from mentoring.services import EngagementError, FollowUpError
from notifications.models import Notification
from tests.factories import (
    CompleteApplicationFactory,
    SessionFactory,
    StaffFactory,
    StartupMembershipFactory,
    UserFactory,
)
from tests.mentoring.service_helpers import (
    NOW,
    TUESDAY_9,
    book,
    coach_in,
    engagement_with,
    new_york,
    refusal,
    starts,
)

pytestmark = pytest.mark.django_db

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
            raises=FollowUpError,
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
        session,
        actor=coach,
        outcome=SessionStatus.NO_SHOW,
        no_show_by=NoShowSide.STARTUP,
        now=session.ends_at,
    )
    session.refresh_from_db()
    assert (session.status, session.no_show_by) == (SessionStatus.NO_SHOW, "startup")
    assert [(e.action, e.data) for e in history_for(session).order_by("id")] == [
        ("mentoring.session.outcome", {"from": "booked", "to": "completed"}),
        (
            "mentoring.session.no_show",
            {"from": "completed", "to": "no_show", "no_show_by": "startup"},
        ),
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
            raises=FollowUpError,
        )
        == "cancelled"
    )
    with pytest.raises(ValueError):
        services.record_outcome(session, actor=None, outcome=SessionStatus.BOOKED, now=later)


def test_feedback_only_after_the_end_and_from_1_to_5():
    session = held_session()
    member = session.startup.memberships.get().user
    ended = session.ends_at

    def refused(rating: int, now: datetime) -> str:
        return refusal(
            services.give_feedback,
            session,
            actor=member,
            rating=rating,
            comment="",
            now=now,
            raises=FollowUpError,
        )

    before = ended - timedelta(minutes=1)
    assert refused(5, before) == "not_ended"
    assert refused(0, ended) == "rating"
    assert refused(6, ended) == "rating"
    services.give_feedback(
        session, actor=member, rating=4, comment="Clear advice on the IND", now=ended
    )

    session.refresh_from_db()
    assert (session.rating, session.feedback) == (4, "Clear advice on the IND")


def test_no_feedback_on_a_cancelled_session():
    session = held_session(status=SessionStatus.CANCELLED)
    later = session.ends_at + timedelta(days=1)

    assert (
        refusal(
            services.give_feedback,
            session,
            actor=None,
            rating=5,
            comment="",
            now=later,
            raises=FollowUpError,
        )
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


def test_save_availability_replaces_windows_rules_and_coming_exceptions_keeps_sessions():
    coach = coach_in()
    engagement = engagement_with(coach)
    session = book(engagement, TUESDAY_9)
    # Exceptions before today (2 March in New York) are the record of what was offered.
    coach.exceptions.create(date=date(2026, 3, 1), kind="blocked")
    coach.exceptions.create(date=date(2026, 3, 2), kind="blocked")

    services.save_availability(
        coach,
        actor=coach.user,
        windows=[(3, time(14), time(16))],  # Thursdays 14:00–16:00 only
        exceptions=[(date(2026, 3, 12), "blocked", None, None)],
        rules={"session_minutes": 45, "buffer_minutes": 0},
        now=NOW,
    )
    assert list(coach.exceptions.values_list("date", flat=True)) == [
        date(2026, 3, 1),
        date(2026, 3, 12),
    ]

    coach.refresh_from_db()
    assert (coach.session_minutes, coach.buffer_minutes) == (45, 0)
    slots = selectors.free_slots(engagement, first_day=date(2026, 3, 2), days=14, now=NOW)
    assert starts(slots) == [new_york(3, 5, 14), new_york(3, 5, 14, 45)]
    session.refresh_from_db()
    assert session.status == SessionStatus.BOOKED


def test_coaching_starts_once_per_selected_application():
    application = CompleteApplicationFactory(status=ApplicationStatus.SELECTED)
    coach = coach_in()
    kwargs = {
        "coach": coach,
        "startup": application.startup,
        "actor": None,
        "starts_on": date(2026, 3, 2),
        "ends_on": date(2026, 8, 31),
        "application": application,
    }
    services.start_engagement(**kwargs)
    with pytest.raises(EngagementError) as caught:
        services.start_engagement(**kwargs)
    assert caught.value.code == "duplicate"
    shortlisted = CompleteApplicationFactory(status=ApplicationStatus.SHORTLISTED)
    with pytest.raises(EngagementError) as caught:
        services.start_engagement(
            **{**kwargs, "startup": shortlisted.startup, "application": shortlisted}
        )
    assert caught.value.code == "not_selected"
    assert Engagement.objects.count() == 1
