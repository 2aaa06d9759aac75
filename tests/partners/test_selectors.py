"""Partners selectors: the steps each side may take on a consultation, and the times on the
table. The request page shows exactly these forms; the services refuse everything else."""

from datetime import timedelta

import pytest

from partners import selectors
from partners.models import ConsultationStatus, ProposedBy, ProposedTime
from tests.factories import PartnerMemberFactory, StartupMembershipFactory, UserFactory
from tests.partners.factories import ConsultationRequestFactory, next_weekday, seoul

pytestmark = pytest.mark.django_db
DAY = next_weekday(1)


@pytest.fixture
def people():
    consultation = ConsultationRequestFactory()
    rep = PartnerMemberFactory(partner=consultation.partner).user
    member = StartupMembershipFactory(startup=consultation.startup).user
    return consultation, rep, member


def agreed(consultation):
    consultation.status = ConsultationStatus.ACCEPTED
    consultation.starts_at, consultation.ends_at = seoul(DAY, 14), seoul(DAY, 15)
    consultation.save()
    return consultation


def test_a_request_is_answered_by_the_partner_and_withdrawn_by_the_startup(people):
    consultation, rep, member = people
    now = seoul(DAY, 9) - timedelta(days=2)
    assert selectors.available_actions(consultation, rep, now=now) == {
        "accept",
        "propose",
        "decline",
    }
    assert selectors.available_actions(consultation, member, now=now) == {"withdraw"}
    assert selectors.available_actions(consultation, UserFactory(), now=now) == set()


def test_a_proposed_time_is_answered_by_the_startup(people):
    consultation, rep, member = people
    consultation.status = ConsultationStatus.PROPOSED
    consultation.save()
    now = seoul(DAY, 9) - timedelta(days=2)
    assert selectors.available_actions(consultation, rep, now=now) == set()
    assert selectors.available_actions(consultation, member, now=now) == {
        "accept",
        "new_times",
        "withdraw",
    }


def test_an_agreed_meeting_is_cancelled_before_it_and_its_outcome_recorded_after(people):
    consultation, rep, member = people
    agreed(consultation)
    for user in (rep, member):
        before = selectors.available_actions(consultation, user, now=seoul(DAY, 13))
        during = selectors.available_actions(consultation, user, now=seoul(DAY, 14, 30))
        after = selectors.available_actions(consultation, user, now=seoul(DAY, 15))
        assert (before, during, after) == ({"cancel"}, set(), {"outcome"})


def test_the_times_on_the_table_are_the_side_the_other_answers(people):
    consultation, _rep, _member = people
    startup_time = consultation.proposed_times.get()
    assert list(selectors.offered_times(consultation)) == [startup_time]
    startup_time.withdrawn = True
    startup_time.save()
    partner_time = ProposedTime.objects.create(
        consultation=consultation,
        proposed_by=ProposedBy.PARTNER,
        starts_at=seoul(DAY, 16),
        ends_at=seoul(DAY, 17),
    )
    consultation.status = ConsultationStatus.PROPOSED
    assert list(selectors.offered_times(consultation)) == [partner_time]


def test_the_side_of_a_rep_who_is_also_a_member_is_the_partners(people):
    consultation, rep, member = people
    StartupMembershipFactory(startup=consultation.startup, user=rep)
    assert selectors.consultation_side(consultation, rep) == ProposedBy.PARTNER
    assert selectors.consultation_side(consultation, member) == ProposedBy.STARTUP
    assert selectors.consultation_side(consultation, UserFactory()) is None
