"""Factories for the partnering office: rooms open every weekday 09:00–18:00 KST by default."""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import factory
from django.utils import timezone

from partners.models import (
    BookingStatus,
    ClosedDate,
    ConsultationRequest,
    MeetingMode,
    OpeningHours,
    ProposedBy,
    ProposedTime,
    Room,
    RoomBooking,
)
from tests.factories import (
    PartnerFactory,
    StartupFactory,
    TherapeuticAreaFactory,
    UserFactory,
)

SEOUL = ZoneInfo("Asia/Seoul")


def seoul(day, hour: int, minute: int = 0) -> datetime:
    """An instant given as a wall-clock time in Seoul."""
    return datetime.combine(day, time(hour, minute), tzinfo=SEOUL)


def next_weekday(weekday: int = 1, *, weeks: int = 1):
    """The first `weekday` (0 = Monday) at least two days ahead in Seoul, plus `weeks - 1`
    weeks: far enough for every notice rule, near enough for every horizon."""
    today = timezone.localdate(timezone=SEOUL)
    delta = (weekday - today.weekday()) % 7
    if delta < 2:
        delta += 7
    return today + timedelta(days=delta + 7 * (weeks - 1))


class RoomFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Room
        skip_postgeneration_save = True

    slug = factory.Sequence(lambda n: f"room-{n}")
    name_ko = factory.Sequence(lambda n: f"회의실 {n}")
    name_en = factory.Sequence(lambda n: f"Meeting room {n}")
    floor = "GCB 3F"
    capacity = 8
    max_minutes = 120
    horizon_days = 30

    @factory.post_generation
    def weekdays(self, create, extracted, **kwargs):
        """Opening hours Monday to Friday 09:00–18:00 unless `weekdays=[...]` is given."""
        if not create:
            return
        days = range(5) if extracted is None else extracted
        OpeningHours.objects.bulk_create(
            OpeningHours(room=self, weekday=d, opens=time(9), closes=time(18)) for d in days
        )


class ClosedDateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ClosedDate

    date = factory.LazyFunction(lambda: next_weekday(2))
    reason_ko = "휴관"
    reason_en = "Closed"


class RoomBookingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RoomBooking

    room = factory.SubFactory(RoomFactory)
    booked_by = factory.SubFactory(UserFactory)
    purpose = "Team meeting"
    attendees = 3
    starts_at = factory.LazyFunction(lambda: seoul(next_weekday(1), 10))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + timedelta(hours=1))
    status = BookingStatus.CONFIRMED


class ConsultationRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ConsultationRequest
        skip_postgeneration_save = True

    partner = factory.SubFactory(PartnerFactory)
    startup = factory.SubFactory(StartupFactory)
    requested_by = factory.SubFactory(UserFactory)
    topic = "First-in-class CAR-T for solid tumours"
    area = factory.SubFactory(TherapeuticAreaFactory)
    ask = "Feedback on our IND-enabling plan."
    mode = MeetingMode.IN_PERSON

    @factory.post_generation
    def times(self, create, extracted, **kwargs):
        """One startup time next Tuesday 14:00–15:00 KST unless `times=[(start, end), ...]`."""
        if not create:
            return
        day = next_weekday(1)
        for start, end in extracted or [(seoul(day, 14), seoul(day, 15))]:
            ProposedTime.objects.create(
                consultation=self, proposed_by=ProposedBy.STARTUP, starts_at=start, ends_at=end
            )
