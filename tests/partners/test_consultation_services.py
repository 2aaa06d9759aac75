"""Consultation services: the rules of a request, each answer, reminders and invitations."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from core.exceptions import TransitionNotAllowed
from notifications.models import Notification
from partners import services
from partners.models import BookingStatus, ConsultationStatus, MeetingMode
from partners.services import ConsultationError
from tests.factories import (
    PartnerFactory,
    PartnerMemberFactory,
    StartupMembershipFactory,
    TherapeuticAreaFactory,
    UserFactory,
)
from tests.partners.factories import (
    ConsultationRequestFactory,
    RoomBookingFactory,
    RoomFactory,
    next_weekday,
    seoul,
)

pytestmark = pytest.mark.django_db
DAY = next_weekday(1)


@pytest.fixture
def sides():
    partner = PartnerFactory()
    rep = PartnerMemberFactory(partner=partner, user=UserFactory(language="en")).user
    member = StartupMembershipFactory(user=UserFactory(language="ko"))
    return partner, rep, member.user, member.startup


def ask(sides, times, **extra):
    partner, _rep, user, startup = sides
    return services.request_consultation(
        partner,
        actor=user,
        startup=startup,
        topic="ADC linker",
        area=TherapeuticAreaFactory(),
        ask="Feedback",
        mode=extra.pop("mode", MeetingMode.IN_PERSON),
        times=times,
        **extra,
    )


@pytest.mark.parametrize(
    ("times", "code"),
    [
        ([], "no_times"),
        ([(seoul(DAY, h), seoul(DAY, h + 1)) for h in (9, 11, 13, 15)], "too_many"),
        ([(timezone.now() + timedelta(hours=2), timezone.now() + timedelta(hours=3))], "notice"),
        ([(seoul(DAY, 10), seoul(DAY, 10, 15))], "length"),
        ([(seoul(DAY, 10), seoul(DAY, 14))], "length"),
        ([(seoul(DAY, 10), seoul(DAY, 11)), (seoul(DAY, 10, 30), seoul(DAY, 11, 30))], "overlap"),
    ],
)
def test_a_request_needs_sensible_times(sides, times, code):
    with pytest.raises(ConsultationError) as refused:
        ask(sides, times)
    assert refused.value.code == code


def test_one_open_request_per_partner_and_reps_told_in_their_language(sides):
    ask(sides, [(seoul(DAY, 10), seoul(DAY, 11))])
    told = Notification.objects.get(kind="partners.consultation_requested")
    assert (told.recipient, told.language) == (sides[1], "en")
    with pytest.raises(ConsultationError) as refused:
        ask(sides, [(seoul(DAY, 14), seoul(DAY, 15))])
    assert refused.value.code == "duplicate"


def test_a_partner_without_reps_or_unpublished_takes_no_requests():
    member = StartupMembershipFactory()
    for partner in (PartnerFactory(), PartnerFactory(is_published=False)):
        with pytest.raises(ConsultationError):
            services.request_consultation(
                partner,
                actor=member.user,
                startup=member.startup,
                topic="x",
                area=TherapeuticAreaFactory(),
                ask="x",
                mode=MeetingMode.ONLINE,
                times=[(seoul(DAY, 10), seoul(DAY, 11))],
            )


def test_no_free_room_refuses_and_changes_nothing(sides):
    partner, rep, _user, startup = sides
    room = RoomFactory()
    RoomBookingFactory(room=room, starts_at=seoul(DAY, 14), ends_at=seoul(DAY, 15))
    consultation = ConsultationRequestFactory(partner=partner, startup=startup)
    with pytest.raises(ConsultationError) as refused:
        services.accept_consultation(
            consultation, actor=rep, time=consultation.proposed_times.get()
        )
    assert refused.value.code == "no_room"
    consultation.refresh_from_db()
    assert consultation.status == ConsultationStatus.REQUESTED


def test_a_rep_of_another_partner_cannot_answer(sides):
    partner, _rep, _user, startup = sides
    consultation = ConsultationRequestFactory(partner=partner, startup=startup)
    stranger = PartnerMemberFactory().user
    with pytest.raises(ConsultationError) as refused:
        services.decline_consultation(consultation, actor=stranger, reason="No")
    assert refused.value.code == "rep"


def test_proposal_accepted_by_the_startup_then_cancelled_sends_a_cancel_invite(sides):
    partner, rep, user, startup = sides
    RoomFactory()
    consultation = ConsultationRequestFactory(partner=partner, startup=startup)
    services.propose_time(
        consultation, actor=rep, starts_at=seoul(DAY, 16), ends_at=seoul(DAY, 17), message="Later?"
    )
    consultation.refresh_from_db()
    assert consultation.status == ConsultationStatus.PROPOSED
    offered = consultation.proposed_times.get(proposed_by="partner")
    services.accept_consultation(consultation, actor=user, time=offered)
    consultation.refresh_from_db()
    assert (consultation.status, consultation.starts_at) == ("accepted", seoul(DAY, 16))
    invite = Notification.objects.get(kind="partners.consultation_accepted", recipient=user).context
    services.cancel_consultation(consultation, actor=rep, reason="Travel")
    consultation.refresh_from_db()
    assert consultation.booking.status == BookingStatus.CANCELLED
    cancel = Notification.objects.get(kind="partners.consultation_cancelled", recipient=user)
    uid = next(line for line in invite["ics"].splitlines() if line.startswith("UID:"))
    assert uid in cancel.context["ics"]
    assert "METHOD:CANCEL" in cancel.context["ics"]
    assert "SEQUENCE:2" in cancel.context["ics"]
    with pytest.raises(TransitionNotAllowed):
        services.withdraw_consultation(consultation, actor=user)


def test_online_needs_a_link_and_offer_new_times_goes_back_to_the_partner(sides):
    partner, rep, user, startup = sides
    consultation = ConsultationRequestFactory(partner=partner, startup=startup, mode="online")
    with pytest.raises(ConsultationError) as refused:
        services.accept_consultation(
            consultation, actor=rep, time=consultation.proposed_times.get()
        )
    assert refused.value.code == "link"
    services.propose_time(
        consultation,
        actor=rep,
        starts_at=seoul(DAY, 16),
        ends_at=seoul(DAY, 17),
        video_link="https://meet.example.com/a",
    )
    services.offer_new_times(consultation, actor=user, times=[(seoul(DAY, 9), seoul(DAY, 10))])
    consultation.refresh_from_db()
    assert consultation.status == ConsultationStatus.REQUESTED
    assert consultation.proposed_times.filter(withdrawn=False).count() == 1
    assert Notification.objects.filter(
        kind="partners.consultation_new_times", recipient=rep
    ).exists()


def test_reminders_go_once_to_both_sides_and_to_bookers(sides):
    partner, rep, user, startup = sides
    consultation = ConsultationRequestFactory(partner=partner, startup=startup, mode="online")
    consultation = services.accept_consultation(
        consultation,
        actor=rep,
        time=consultation.proposed_times.get(),
        video_link="https://meet.example.com/a",
    )
    RoomBookingFactory(booked_by=user)  # the same Tuesday, 10:00–11:00 KST
    assert services.send_due_reminders() == 0  # more than 24 hours ahead
    with time_machine.travel(consultation.starts_at - timedelta(hours=20)):
        sent = services.send_due_reminders()
        assert services.send_due_reminders() == 0
    reminded = Notification.objects.filter(kind="partners.consultation_reminder")
    assert {n.recipient for n in reminded} == {rep, user}
    assert sent == 2  # the consultation, and the booking four hours before it
    assert Notification.objects.filter(kind="partners.booking_reminder", recipient=user).exists()


def test_outcomes_only_after_the_meeting_one_per_side(sides):
    partner, rep, user, startup = sides
    consultation = ConsultationRequestFactory(partner=partner, startup=startup, mode="online")
    consultation = services.accept_consultation(
        consultation,
        actor=rep,
        time=consultation.proposed_times.get(),
        video_link="https://meet.example.com/a",
    )
    with pytest.raises(ConsultationError):
        services.record_outcome(consultation, actor=rep, outcome="nda")
    with time_machine.travel(consultation.ends_at + timedelta(minutes=5)):
        services.record_outcome(consultation, actor=rep, outcome="nda")
        services.record_outcome(consultation, actor=rep, outcome="material", note="Deck v2")
        services.record_outcome(consultation, actor=user, outcome="follow_up")
    assert sorted(consultation.outcomes.values_list("side", "outcome")) == [
        ("partner", "material"),
        ("startup", "follow_up"),
    ]


def test_every_proposal_and_every_new_offer_within_one_second_is_told(sides):
    """The idempotency key names the step, not the second it happened in."""
    partner, rep, user, startup = sides
    consultation = ConsultationRequestFactory(partner=partner, startup=startup, mode="online")
    link = "https://meet.example.com/a"
    with time_machine.travel(timezone.now(), tick=False):
        for hour in (11, 16):
            services.propose_time(
                consultation,
                actor=rep,
                starts_at=seoul(DAY, hour),
                ends_at=seoul(DAY, hour + 1),
                video_link=link,
            )
            services.offer_new_times(
                consultation, actor=user, times=[(seoul(DAY, hour - 2), seoul(DAY, hour - 1))]
            )
    proposed = Notification.objects.filter(kind="partners.consultation_proposed", recipient=user)
    new_times = Notification.objects.filter(kind="partners.consultation_new_times", recipient=rep)
    assert (proposed.count(), new_times.count()) == (2, 2)
