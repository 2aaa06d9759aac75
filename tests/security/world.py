"""The people and rows the fuzzed forms need, each built on first use.

A case of tests/security/test_fuzz_forms.py asks only for what its form touches (the reviewer's
assignment, a session that has ended, ...), so a case builds a few rows, not the whole world.
"""

from datetime import timedelta
from functools import cached_property

from django.utils import timezone

from challenges import services as challenge_services
from mentoring import services as mentoring_services
from mentoring.forms import slot_value
from tests import factories


class World:
    # --- people ---------------------------------------------------------------------------

    @cached_property
    def applicant(self):
        return factories.UserFactory()

    @cached_property
    def newcomer(self):
        """Signed in, no startup yet."""
        return factories.UserFactory()

    @cached_property
    def reader(self):
        """Two unread notifications in the inbox."""
        person = factories.UserFactory()
        factories.NotificationFactory.create_batch(2, recipient=person)
        return person

    @cached_property
    def staff(self):
        return factories.StaffFactory()

    @cached_property
    def coach(self):
        coach = factories.CoachFactory()
        for weekday in range(7):  # every day 09:00-17:00 in New York: slots every week
            factories.AvailabilityWindowFactory(
                coach=coach,
                weekday=weekday,
                starts=factories._wall_clock(9),
                ends=factories._wall_clock(17),
            )
        return coach

    # --- the startup and its application --------------------------------------------------

    @cached_property
    def startup(self):
        return factories.StartupMembershipFactory(user=self.applicant).startup

    @cached_property
    def challenge(self):
        return factories.ChallengeFactory()

    @cached_property
    def application(self):
        """A draft of the startup, every answer given: each step has something to change."""
        return factories.CompleteApplicationFactory(startup=self.startup, challenge=self.challenge)

    @cached_property
    def area_ids(self) -> list[str]:
        return [str(pk) for pk in self.challenge.therapeutic_areas.values_list("pk", flat=True)]

    @cached_property
    def tranche(self):
        """A tranche of an active grant, its milestone not reported yet."""
        application = factories.ApplicationFactory(startup=self.startup, status="selected")
        grant = factories.GrantFactory(application=application, active=True)
        return factories.TrancheFactory(grant=grant)

    # --- review ---------------------------------------------------------------------------

    def _assignment(self, *, confirmed: bool):
        application = factories.CompleteApplicationFactory(
            challenge=self.challenge, status="under_review"
        )
        if not self.challenge.criteria.exists():
            factories.RubricCriterionFactory.create_batch(2, challenge=self.challenge)
        assignment = factories.ReviewAssignmentFactory(application=application)
        challenge_services.accept_review_terms(self.challenge, reviewer=assignment.reviewer)
        if confirmed:
            challenge_services.confirm_no_conflict(assignment, reviewer=assignment.reviewer)
        return assignment

    @cached_property
    def assignment(self):
        """Terms accepted, no conflict: the scores are open."""
        return self._assignment(confirmed=True)

    @cached_property
    def undeclared_assignment(self):
        """Terms accepted; the conflict-of-interest question still open."""
        return self._assignment(confirmed=False)

    @cached_property
    def criterion_ids(self) -> list[int]:
        return list(self.assignment.application.challenge.criteria.values_list("pk", flat=True))

    # --- coaching -------------------------------------------------------------------------

    @cached_property
    def engagement(self):
        return factories.EngagementFactory(coach=self.coach, startup=self.startup)

    @cached_property
    def free_slots(self) -> list[str]:
        now = timezone.now()
        slots = mentoring_services.free_slots(
            self.engagement, first_day=timezone.localdate(now), days=14, now=now
        )
        return [slot_value(slot.starts_at) for slot in slots[:20]]

    @cached_property
    def session(self):
        """Booked, a week ahead: it can be cancelled, moved and annotated."""
        first = timezone.now() + timedelta(days=7)
        starts_at = first.replace(minute=0, second=0, microsecond=0)
        return factories.SessionFactory(
            engagement=self.engagement, starts_at=starts_at, booked_by=self.applicant
        )

    @cached_property
    def past_session(self):
        """Held two days ago: the coach records the outcome, the startup rates it."""
        starts_at = (timezone.now() - timedelta(days=2)).replace(minute=0, second=0, microsecond=0)
        return factories.SessionFactory(
            engagement=self.engagement, starts_at=starts_at, booked_by=self.applicant
        )

    # --- events ---------------------------------------------------------------------------

    @cached_property
    def event(self):
        """Hybrid, asking the affiliation and dietary needs: every field of the form shows."""
        return factories.EventFactory(hybrid=True, ask_affiliation=True, ask_dietary_needs=True)

    @cached_property
    def registration(self):
        """The applicant's confirmed seat at the event (for the check-in desk)."""
        from events import services as event_services

        return event_services.register(self.event, user=self.applicant, mode="onsite")
