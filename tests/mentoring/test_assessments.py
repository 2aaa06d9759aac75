"""The final assessment: once per side, from the engagement's last day, and each side reads
the other's only when both have submitted."""

from datetime import UTC, date, datetime

import pytest
from django.db import IntegrityError, transaction

from core.models import AuditEntry
from mentoring import selectors, services
from mentoring.models import EngagementAssessment
from mentoring.services import AssessmentError
from tests.factories import EngagementFactory, StartupMembershipFactory

pytestmark = pytest.mark.django_db

# 31 August 2026 is the engagement's last day in Seoul from 15:00 UTC on the 30th.
BEFORE_LAST_DAY = datetime(2026, 8, 30, 14, 59, tzinfo=UTC)  # 23:59 on 30 Aug in Seoul
LAST_DAY = datetime(2026, 8, 30, 15, 0, tzinfo=UTC)  # 00:00 on 31 Aug in Seoul


@pytest.fixture
def engagement():
    return EngagementFactory(
        startup=StartupMembershipFactory().startup,
        starts_on=date(2026, 3, 1),
        ends_on=date(2026, 8, 31),
    )


def submit(engagement, side, *, actor=None, now=LAST_DAY, rating=4, text="Useful."):
    return services.submit_assessment(
        engagement, actor=actor, side=side, rating=rating, text=text, now=now
    )


def test_the_assessment_opens_on_the_last_day_in_seoul(engagement):
    with pytest.raises(AssessmentError) as early:
        submit(engagement, "coach", now=BEFORE_LAST_DAY)
    assert early.value.code == "not_ended"
    assert selectors.assessment_is_open(engagement, now=BEFORE_LAST_DAY) is False
    assert selectors.assessment_is_open(engagement, now=LAST_DAY) is True


def test_a_completed_engagement_is_open_for_assessment_before_its_last_day(engagement):
    engagement.status = "completed"
    engagement.save(update_fields=["status"])
    submit(engagement, "startup", now=BEFORE_LAST_DAY)
    assert list(engagement.assessments.values_list("side", "rating")) == [("startup", 4)]


def test_each_side_submits_once(engagement):
    founder = engagement.startup.memberships.get().user
    submit(engagement, "startup", actor=founder, rating=5, text="Our IND plan is done.")
    with pytest.raises(AssessmentError) as again:
        submit(engagement, "startup", actor=founder, rating=1, text="Changed my mind.")
    assert again.value.code == "duplicate"
    assert list(engagement.assessments.values_list("side", "rating", "text")) == [
        ("startup", 5, "Our IND plan is done.")
    ]
    assert list(
        AuditEntry.objects.filter(action="mentoring.engagement.assessed").values_list(
            "data", flat=True
        )
    ) == [{"side": "startup", "rating": 5}]


@pytest.mark.parametrize(
    ("rating", "text", "code"), [(0, "x", "rating"), (6, "x", "rating"), (3, " ", "text")]
)
def test_a_rating_from_1_to_5_and_a_text(engagement, rating, text, code):
    with pytest.raises(AssessmentError) as refused:
        submit(engagement, "coach", rating=rating, text=text)
    assert refused.value.code == code


def test_the_database_keeps_one_assessment_per_side_and_ratings_1_to_5(engagement):
    EngagementAssessment.objects.create(engagement=engagement, side="coach", rating=3, text="ok")
    with pytest.raises(IntegrityError), transaction.atomic():
        EngagementAssessment.objects.create(engagement=engagement, side="coach", rating=4, text="")
    with pytest.raises(IntegrityError), transaction.atomic():
        EngagementAssessment.objects.create(
            engagement=engagement, side="startup", rating=6, text=""
        )


def test_each_side_reads_the_others_assessment_only_when_both_have_submitted(engagement):
    coach_side = submit(engagement, "coach", text="Strong team.")

    def visible(side, staff=False):
        return [a.side for a in selectors.visible_assessments(engagement, side=side, staff=staff)]

    assert (visible("coach"), visible("startup"), visible(None, staff=True)) == (
        ["coach"],
        [],
        ["coach"],
    )
    submit(engagement, "startup", text="Great help.")
    assert (visible("coach"), visible("startup"), visible(None)) == (
        ["coach", "startup"],
        ["coach", "startup"],
        ["coach", "startup"],
    )
    assert coach_side.text == "Strong team."


def test_the_side_of_a_person(engagement):
    founder = engagement.startup.memberships.get().user
    outsider = StartupMembershipFactory().user
    assert [
        selectors.assessment_side(person, engagement)
        for person in (engagement.coach.user, founder, outsider)
    ] == ["coach", "startup", None]
