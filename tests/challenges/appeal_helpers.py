"""Shared set-up of the appeal tests: a call whose results were published, a not-selected
application with a member, and its reviewer."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from challenges.models import DecisionReason
from tests import factories

SEOUL = ZoneInfo("Asia/Seoul")
# Results published at 18:00 in Seoul; with a 7-day window appeals close 8 December 18:00 KST.
PUBLISHED = datetime(2026, 12, 1, 18, 0, tzinfo=SEOUL)
CLOSES = PUBLISHED + timedelta(days=7)


def decided_call(**fields):
    return factories.ChallengeFactory(
        opens_at=PUBLISHED - timedelta(days=60),
        closes_at=PUBLISHED - timedelta(days=30),
        results_published_at=PUBLISHED,
        appeal_window_days=7,
        **fields,
    )


def not_selected(challenge=None, status="not_selected"):
    challenge = challenge or decided_call()
    reason = DecisionReason.objects.filter(kind=status).first()
    application = factories.ApplicationFactory(
        challenge=challenge, status=status, decision_reason=reason
    )
    founder = factories.StartupMembershipFactory(startup=application.startup).user
    return application, founder
