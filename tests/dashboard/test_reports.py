"""The aggregates under the programme dashboard, against hand-counted factories."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from challenges import reports as challenge_reports
from challenges.models import DecisionReason
from events import reports as event_reports
from mentoring import reports as coaching_reports
from partners import reports as office_reports
from tests import factories
from tests.partners.factories import ConsultationRequestFactory, RoomBookingFactory

SEOUL = ZoneInfo("Asia/Seoul")
OPENS = datetime(2026, 3, 1, 9, tzinfo=SEOUL)
CLOSES = datetime(2026, 3, 31, 18, tzinfo=SEOUL)
SUBMITTED = datetime(2026, 3, 20, 10, tzinfo=SEOUL)
pytestmark = pytest.mark.django_db


def _application(challenge, status, *, district="동대문구", founded=date(2020, 5, 1), **kwargs):
    startup = factories.StartupFactory(district=district, founded_on=founded)
    return factories.ApplicationFactory(
        challenge=challenge,
        startup=startup,
        status=status,
        submitted_at=None if status == "draft" else SUBMITTED,
        **kwargs,
    )


@pytest.fixture
def call():
    """Six applications of one call: a draft and one in each of five other states."""
    challenge = factories.ChallengeFactory(opens_at=OPENS, closes_at=CLOSES)
    area = challenge.therapeutic_areas.get()
    not_seoul = DecisionReason.objects.create(
        code="test-not-seoul", kind="ineligible", label_ko="서울 소재 아님", label_en="Not in Seoul"
    )
    _application(challenge, "draft")
    _application(challenge, "submitted", district="강남구", therapeutic_area=area)
    _application(challenge, "ineligible", district="", decision_reason=not_seoul)
    _application(challenge, "selected", therapeutic_area=area)
    _application(challenge, "not_selected", founded=date(2017, 1, 1))
    pre_founder = factories.StartupFactory(kind="pre_founder", founded_on=None, district="강남구")
    factories.ApplicationFactory(
        challenge=challenge, startup=pre_founder, status="under_review", submitted_at=SUBMITTED
    )
    return challenge


def test_status_counts_and_funnel_of_a_call(call):
    counts = challenge_reports.status_counts([call.pk])
    assert counts["by_status"] == {
        "draft": 1,
        "submitted": 1,
        "screening": 0,
        "under_review": 1,
        "shortlisted": 0,
        "interview": 0,
        "selected": 1,
        "not_selected": 1,
        "withdrawn": 0,
        "ineligible": 1,
    }
    assert counts["stages"] == {
        "started": 6,
        "submitted": 5,
        "reviewed": 3,
        "shortlisted": 1,
        "selected": 1,
    }
    assert challenge_reports.conversion(counts["stages"]) == {
        "started": None,
        "submitted": 5 / 6,
        "reviewed": 3 / 5,
        "shortlisted": 1 / 3,
        "selected": 1.0,
    }


def test_an_empty_call_counts_zero_and_has_no_conversion(call):
    empty = factories.ChallengeFactory()
    counts = challenge_reports.status_counts([empty.pk])
    assert set(counts["by_status"].values()) == {0}
    assert challenge_reports.conversion(counts["stages"]) == {
        "started": None,
        "submitted": None,
        "reviewed": None,
        "shortlisted": None,
        "selected": None,
    }
    assert challenge_reports.by_area([empty.pk]) == []
    assert challenge_reports.by_district([empty.pk]) == {}


def test_a_call_with_one_application():
    challenge = factories.ChallengeFactory(opens_at=OPENS, closes_at=CLOSES)
    _application(challenge, "submitted")
    stages = challenge_reports.status_counts([challenge.pk])["stages"]
    assert stages == {"started": 1, "submitted": 1, "reviewed": 0, "shortlisted": 0, "selected": 0}
    assert challenge_reports.conversion(stages)["submitted"] == 1.0
    assert challenge_reports.by_district([challenge.pk]) == {"동대문구": 1}


def test_submitted_applications_by_area_district_and_age(call):
    areas = challenge_reports.by_area([call.pk])
    assert [(row["slug"], row["count"]) for row in areas] == [(None, 3), ("oncology", 2)]
    assert challenge_reports.by_district([call.pk]) == {"동대문구": 2, "강남구": 2, "": 1}
    assert challenge_reports.by_company_age([call.pk]) == {
        "pre_founder": 1,
        "0-2": 0,
        "3-4": 0,
        "5-7": 3,  # founded 2020, call closes 2026: 6 years
        "8+": 1,  # founded 2017: 9 years
        "unknown": 0,
    }


def test_rejection_reasons_by_code(call):
    assert [
        (row["code"], row["count"]) for row in challenge_reports.rejection_reasons([call.pk])
    ] == [
        ("test-not-seoul", 1),
        (None, 1),  # no reason recorded: last
    ]


def test_the_period_filter_keeps_submissions_inside_it(call):
    since = datetime(2026, 3, 21, tzinfo=SEOUL)
    assert challenge_reports.status_counts([call.pk], since=since)["stages"]["started"] == 0
    until = datetime(2026, 3, 21, tzinfo=SEOUL)
    assert challenge_reports.status_counts([call.pk], until=until)["stages"]["started"] == 5


def test_review_progress_per_reviewer(call):
    reviewer = factories.ReviewerFactory(name="심사위원 가")
    now = datetime(2026, 4, 10, 12, tzinfo=SEOUL)
    applications = list(call.applications.exclude(status="draft"))
    done = factories.ReviewAssignmentFactory(
        application=applications[0], reviewer=reviewer, due_at=now - timedelta(days=1)
    )
    factories.ReviewFactory(assignment=done, submitted=True, weighted_score=3.5)
    factories.ReviewAssignmentFactory(
        application=applications[1], reviewer=reviewer, due_at=now - timedelta(days=1)
    )
    factories.ReviewAssignmentFactory(
        application=applications[2], reviewer=reviewer, due_at=now + timedelta(days=1)
    )
    assert challenge_reports.review_progress([call.pk], now=now) == [
        {"reviewer": "심사위원 가", "assigned": 3, "done": 1, "overdue": 1}
    ]
    assert challenge_reports.score_spread([call.pk]) == {3: 1}


def test_budgets_and_tranche_pipeline():
    challenge = factories.ChallengeFactory(total_budget=100_000_000)
    grant = factories.GrantFactory(application__challenge=challenge, amount=40_000_000)
    challenge.awarded_total = 40_000_000
    challenge.save(update_fields=["awarded_total"])
    factories.TrancheFactory(grant=grant, amount=10_000_000, status="paid")
    factories.TrancheFactory(grant=grant, amount=30_000_000, status="approved")
    assert challenge_reports.budgets([challenge.pk]) == [
        {
            "slug": challenge.slug,
            "title_ko": challenge.title_ko,
            "title_en": challenge.title_en,
            "budget": 100_000_000,
            "awarded": 40_000_000,
            "paid": 10_000_000,
            "remaining": 60_000_000,
        }
    ]
    pipeline = challenge_reports.tranche_pipeline([challenge.pk])
    assert pipeline["paid"] == {"count": 1, "amount": 10_000_000}
    assert pipeline["approved"] == {"count": 1, "amount": 30_000_000}
    assert pipeline["planned"] == {"count": 0, "amount": 0}
    assert [row["amount"] for row in challenge_reports.next_payments([challenge.pk])] == [
        30_000_000
    ]


def test_ranking_cut_off_where_the_requested_amounts_pass_the_budget():
    challenge = factories.ChallengeFactory(total_budget=50_000_000)
    criterion = factories.RubricCriterionFactory(challenge=challenge)
    for score, requested in [(4.5, 30_000_000), (4.0, 20_000_000), (3.0, 10_000_000)]:
        application = _application(challenge, "under_review", requested_grant_amount=requested)
        review = factories.ReviewFactory(
            assignment__application=application, submitted=True, weighted_score=score
        )
        review.scores.create(criterion=criterion, value=int(score))
    data = challenge_reports.ranking_with_cutoff(challenge)
    assert [row["raw_mean"] for row in data["rows"]] == [4.5, 4.0, 3.0]
    assert [row["running_total"] for row in data["rows"]] == [30_000_000, 50_000_000, 60_000_000]
    assert [row["within_budget"] for row in data["rows"]] == [True, True, False]
    assert data["cutoff_index"] == 1
    assert [row["criterion_means"] for row in data["rows"]] == [
        {criterion.pk: 4.0},
        {criterion.pk: 4.0},
        {criterion.pk: 3.0},
    ]


def test_coaching_per_month_and_per_coach():
    coach = factories.CoachFactory(user__name="Coach Kim")
    engagement = factories.EngagementFactory(coach=coach)
    march = datetime(2026, 3, 2, 10, tzinfo=SEOUL)
    for day, minutes, status, late, side in [
        (0, 60, "completed", False, ""),
        (1, 90, "completed", False, ""),
        (2, 60, "no_show", False, "startup"),
        (3, 60, "cancelled", True, ""),
        (4, 60, "no_show", False, "coach"),
        (5, 60, "no_show", False, "startup"),
    ]:
        starts = march + timedelta(days=day)
        factories.SessionFactory(
            engagement=engagement,
            starts_at=starts,
            ends_at=starts + timedelta(minutes=minutes),
            blocked_until=starts + timedelta(minutes=minutes + 15),
            status=status,
            no_show_by=side,
            late_cancellation=late,
            rating=4 if day == 0 else (2 if day == 1 else None),
        )
    assert coaching_reports.by_month() == [
        {
            "month": date(2026, 3, 1),
            "sessions": 2,
            "hours": 2.5,
            "no_shows": 3,
            "coach_no_shows": 1,
            "startup_no_shows": 2,
            "late_cancellations": 1,
        }
    ]
    assert coaching_reports.by_coach() == [
        {
            "coach": "Coach Kim",
            "sessions": 2,
            "hours": 2.5,
            "no_shows": 3,
            "coach_no_shows": 1,
            "startup_no_shows": 2,
            "late_cancellations": 1,
            "rating": 3.0,
        }
    ]


def test_seminar_attendance_and_languages():
    event = factories.EventFactory(language="ko_en")
    factories.EventFactory(status="draft")
    for checked_in in [True, False, False]:
        factories.RegistrationFactory(event=event, checked_in_at=SUBMITTED if checked_in else None)
    factories.RegistrationFactory(event=event, status="waitlisted", waitlisted_at=SUBMITTED)
    factories.RegistrationFactory(event=event, status="cancelled")
    [row] = event_reports.attendance()
    assert (row["registered"], row["checked_in"], row["waitlisted"]) == (3, 1, 1)
    assert event_reports.by_language() == {"ko_en": 1}


def test_room_use_per_week_and_consultations():
    monday = datetime(2026, 3, 2, 10, tzinfo=SEOUL)
    RoomBookingFactory(starts_at=monday, ends_at=monday + timedelta(hours=2))
    RoomBookingFactory(
        starts_at=monday + timedelta(days=1), ends_at=monday + timedelta(days=1, minutes=30)
    )
    RoomBookingFactory(
        starts_at=monday + timedelta(days=2),
        ends_at=monday + timedelta(days=2, hours=1),
        status="cancelled",
    )
    assert office_reports.room_use_by_week() == [
        {"week": date(2026, 3, 2), "bookings": 2, "hours": 2.5}
    ]
    ConsultationRequestFactory()
    assert office_reports.consultations() == {"requested": 1, "accepted": 0, "held": 0}
    assert office_reports.outcomes() == {}
