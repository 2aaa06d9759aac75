"""Fixtures of the coaching page tests: a frozen clock, a New York coach, a Seoul founder."""

from datetime import date, time

import pytest
import time_machine

from mentoring import services
from mentoring.models import (
    AvailabilityWindow,
    Engagement,
)
from tests import factories
from tests.mentoring.view_helpers import NOW, TUESDAY_9, founder_of, startup_with_founder


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def coach():
    coach = factories.CoachFactory(user__name="Jane Park", title="Director, Open Innovation")
    AvailabilityWindow.objects.bulk_create(
        AvailabilityWindow(coach=coach, weekday=day, starts=time(9), ends=time(17))
        for day in range(5)
    )
    return coach


@pytest.fixture
def engagement(coach):
    startup, _founder = startup_with_founder()
    return Engagement.objects.create(
        coach=coach,
        startup=startup,
        starts_on=date(2026, 3, 1),
        ends_on=date(2026, 8, 31),
        allotment=6,
        goals="Plan the IND-enabling studies.",
    )


@pytest.fixture
def session(engagement):
    return services.book_session(
        engagement,
        actor=founder_of(engagement),
        starts_at=TUESDAY_9,
        agenda="Pipeline review",
    )


@pytest.fixture
def outsider():
    """A founder of another startup, with a coach of their own."""
    startup, founder = startup_with_founder()
    Engagement.objects.create(
        coach=factories.CoachFactory(),
        startup=startup,
        starts_on=date(2026, 3, 1),
        ends_on=date(2026, 8, 31),
    )
    return founder
