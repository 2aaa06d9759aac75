"""One final assessment per side, under concurrent submissions on PostgreSQL.

Ten founders of one startup submit at the same moment: submit_assessment locks the
engagement, so they line up and each one after the first is refused by the check in Python.
The harness at the end shows the race is real: with a plain check, every racer passes it and
only the unique constraint stops them; with the constraint switched off, all ten are written.
"""

import threading
from contextlib import contextmanager
from datetime import UTC, date, datetime

import pytest
from django.db import IntegrityError, connection, transaction

from mentoring import services
from mentoring.models import EngagementAssessment
from mentoring.services import AssessmentError
from tests.factories import EngagementFactory, StartupFactory, StartupMembershipFactory
from tests.support.race import DEADLINE, race

pytestmark = pytest.mark.postgres

RACERS = 10
LAST_DAY = datetime(2026, 8, 31, 3, 0, tzinfo=UTC)  # noon on 31 August in Seoul


def founders_and_engagement():
    startup = StartupFactory()
    founders = [StartupMembershipFactory(startup=startup).user for _ in range(RACERS)]
    engagement = EngagementFactory(
        startup=startup, starts_on=date(2026, 3, 1), ends_on=date(2026, 8, 31)
    )
    return founders, engagement


def test_ten_founders_racing_submit_one_assessment_for_their_startup(transactional_db):
    founders, engagement = founders_and_engagement()

    def submit(founder):
        return services.submit_assessment(
            engagement, actor=founder, side="startup", rating=4, text="Ours.", now=LAST_DAY
        )

    submitted, refusals = race(submit, founders)

    assert (len(submitted), [r.code for r in refusals]) == (1, ["duplicate"] * (RACERS - 1))
    assert EngagementAssessment.objects.filter(engagement=engagement).count() == 1


def submit_with_plain_check(founder, engagement, *, checked: threading.Barrier, passed: list):
    """The service's "already submitted?" check without the lock, then the INSERT; `checked`
    holds every racer between the two."""
    with transaction.atomic():
        if EngagementAssessment.objects.filter(engagement=engagement, side="startup").exists():
            raise AssessmentError("already", code="duplicate")
        passed.append(founder.pk)
        checked.wait()
        try:
            with transaction.atomic():
                return EngagementAssessment.objects.create(
                    engagement=engagement, side="startup", rating=4, text="x", submitted_by=founder
                )
        except IntegrityError as error:
            raise AssessmentError("refused by the database", code="refused") from error


def one_per_side():
    [constraint] = [
        c for c in EngagementAssessment._meta.constraints if c.name == "one_assessment_per_side"
    ]
    return constraint


@contextmanager
def unique_constraint_switched_off():
    with connection.schema_editor() as editor:
        editor.remove_constraint(EngagementAssessment, one_per_side())
    try:
        yield
    finally:
        EngagementAssessment.objects.all().delete()
        with connection.schema_editor() as editor:
            editor.add_constraint(EngagementAssessment, one_per_side())


def test_race_harness_only_the_unique_constraint_stops_the_racers(transactional_db):
    founders, engagement = founders_and_engagement()
    checked, passed = threading.Barrier(RACERS, timeout=DEADLINE), []

    written, refusals = race(
        lambda f: submit_with_plain_check(f, engagement, checked=checked, passed=passed), founders
    )

    assert len(passed) == RACERS
    assert (len(written), [r.code for r in refusals]) == (1, ["refused"] * (RACERS - 1))


def test_race_harness_without_the_constraint_writes_every_racers_assessment(transactional_db):
    founders, engagement = founders_and_engagement()
    checked, passed = threading.Barrier(RACERS, timeout=DEADLINE), []

    with unique_constraint_switched_off():
        written, refusals = race(
            lambda f: submit_with_plain_check(f, engagement, checked=checked, passed=passed),
            founders,
        )
        assert (len(passed), len(written), refusals) == (RACERS, RACERS, [])
        assert EngagementAssessment.objects.filter(engagement=engagement).count() == RACERS
