"""Registrations, the waiting list, approval, calendar invitations, check-in and reminders
(events/services.py). The capacity race on PostgreSQL is in test_capacity_race.py."""

from datetime import UTC, timedelta

import pytest
from django.core import mail, signing
from django.db import IntegrityError, transaction
from django.utils import timezone
from icalendar import Calendar

from core.models import AuditEntry
from core.timefmt import format_datetime
from events import services
from events.models import Event, Registration, RegistrationStatus
from events.services import RegistrationError
from notifications.models import Notification
from tests.factories import EventFactory, RegistrationFactory, StaffFactory, UserFactory

pytestmark = pytest.mark.django_db

HOUR = timedelta(hours=1)


def register(event, user=None, **kwargs) -> Registration:
    return services.register(event, user=user or UserFactory(), **kwargs)


def full_event(*, waiting: int = 0, **fields) -> tuple[Event, list, list]:
    """An event whose seats are all taken through the service, with `waiting` people on the
    waiting list in the order they registered. Returns (event, confirmed, waitlisted)."""
    event = EventFactory(**fields)
    confirmed = [register(event) for _ in range(event.capacity_onsite)]
    waitlisted = [register(event) for _ in range(waiting)]
    event.refresh_from_db()
    return event, confirmed, waitlisted


def statuses(registrations) -> list[str]:
    return [Registration.objects.get(pk=r.pk).status for r in registrations]


def recipients(kind: str) -> list:
    return list(
        Notification.objects.filter(kind=kind).order_by("id").values_list("recipient", flat=True)
    )


def mails(kind: str) -> list[list[str]]:
    """Addressees of the emails sent for notifications of `kind`, in the order sent."""
    return [
        message.to
        for message in mail.outbox
        if message.extra_headers["X-BioHub-Notification"].startswith(f"{kind}:")
    ]


def parse(ics: str):
    (vevent,) = Calendar.from_ical(ics).walk("VEVENT")
    return Calendar.from_ical(ics), vevent


# --- registering ------------------------------------------------------------------------------


def test_register_confirms_while_seats_are_left_and_counts_the_seat():
    event = EventFactory()
    user = UserFactory()

    registration = services.register(event, user=user, affiliation="KIST")

    event.refresh_from_db()
    assert (registration.status, registration.mode, registration.waitlisted_at) == (
        RegistrationStatus.CONFIRMED,
        "onsite",
        None,
    )
    assert (event.confirmed_onsite, event.confirmed_online) == (1, 0)
    entry = AuditEntry.objects.get(action="events.registration.created")
    assert (entry.actor, entry.object_id, entry.data) == (
        user,
        str(registration.pk),
        {"status": "confirmed", "mode": "onsite"},
    )
    assert recipients("events.registration_confirmed") == [user.pk]


def test_register_when_full_goes_on_the_waiting_list_without_taking_a_seat():
    event, _, _ = full_event()

    registration = register(event)

    event.refresh_from_db()
    assert registration.status == RegistrationStatus.WAITLISTED
    assert registration.waitlisted_at is not None
    assert services.waitlist_position(registration) == 1
    assert event.confirmed_onsite == 10
    assert recipients("events.registration_waitlisted") == [registration.user_id]


def test_confirmation_email_carries_the_calendar_invitation(django_capture_on_commit_callbacks):
    event = EventFactory()
    user = UserFactory()

    with django_capture_on_commit_callbacks(execute=True):
        services.register(event, user=user)

    assert mails("events.registration_confirmed") == [[user.email]]
    (message,) = mail.outbox
    ((name, ics, mimetype),) = message.attachments
    assert (name, mimetype) == ("invite.ics", "text/calendar; method=REQUEST")
    assert parse(ics)[1]["UID"] == f"event-{event.uid}@seoulbiohub.kr"


@pytest.mark.parametrize(
    ("fields", "at"),
    [
        ({"registration_opens_at_in": 2 * HOUR}, HOUR),  # not open yet
        ({"registration_closes_at_in": HOUR}, HOUR),  # closed at that moment
        ({"registration_closes_at_in": HOUR}, 2 * HOUR),  # closed
        ({}, timedelta(days=7)),  # the event has started
        ({}, timedelta(days=8)),  # the event is over
        ({"status": "draft"}, HOUR),
        ({"status": "cancelled"}, HOUR),
    ],
)
def test_register_refused_when_registration_is_closed(fields, at):
    now = timezone.now()
    extra = {}
    if "registration_opens_at_in" in fields:
        extra["registration_opens_at"] = now + fields["registration_opens_at_in"]
    if "registration_closes_at_in" in fields:
        extra["registration_closes_at"] = now + fields["registration_closes_at_in"]
    event = EventFactory(
        starts_at=now + timedelta(days=7), status=fields.get("status", "published"), **extra
    )

    with pytest.raises(RegistrationError) as caught:
        register(event, now=now + at)

    assert caught.value.code == "closed"
    assert Registration.objects.count() == 0
    event.refresh_from_db()
    assert event.confirmed_onsite == 0


def test_register_accepted_within_the_registration_window():
    now = timezone.now()
    event = EventFactory(
        starts_at=now + timedelta(days=7),
        registration_opens_at=now + HOUR,
        registration_closes_at=now + 2 * HOUR,
    )

    registration = register(event, now=now + HOUR)

    assert registration.status == RegistrationStatus.CONFIRMED


def test_registering_twice_is_refused():
    event = EventFactory()
    user = UserFactory()
    services.register(event, user=user)

    with pytest.raises(RegistrationError) as caught:
        services.register(event, user=user)

    assert caught.value.code == "twice"
    assert Registration.objects.count() == 1
    event.refresh_from_db()
    assert event.confirmed_onsite == 1


@pytest.mark.parametrize("active", ["pending", "confirmed", "waitlisted"])
def test_database_refuses_a_second_active_registration_of_the_same_person(active):
    first = RegistrationFactory(status=active)

    with pytest.raises(IntegrityError), transaction.atomic():
        RegistrationFactory(event=first.event, user=first.user, status="confirmed")

    assert Registration.objects.count() == 1


def test_database_accepts_any_number_of_cancelled_registrations_of_the_same_person():
    first = RegistrationFactory(status="cancelled")
    RegistrationFactory(event=first.event, user=first.user, status="cancelled")
    RegistrationFactory(event=first.event, user=first.user, status="confirmed")

    assert Registration.objects.count() == 3


def test_person_may_register_again_after_cancelling():
    event = EventFactory()
    user = UserFactory()
    first = services.register(event, user=user)
    services.cancel_registration(first, actor=user)

    second = services.register(event, user=user)

    event.refresh_from_db()
    assert (second.pk != first.pk, second.status, event.confirmed_onsite) == (
        True,
        RegistrationStatus.CONFIRMED,
        1,
    )
    assert statuses([first]) == [RegistrationStatus.CANCELLED]


def test_online_registration_refused_for_an_event_on_site_only():
    event = EventFactory(format="onsite", capacity_online=5)

    with pytest.raises(RegistrationError) as caught:
        register(event, mode="online")

    assert caught.value.code == "mode"
    assert Registration.objects.count() == 0


def test_onsite_registration_refused_for_an_event_online_only():
    event = EventFactory(format="online", capacity_onsite=0, capacity_online=5)

    with pytest.raises(RegistrationError) as caught:
        register(event, mode="onsite")

    assert caught.value.code == "mode"


def test_online_registration_of_a_hybrid_event_takes_an_online_place():
    event = EventFactory(hybrid=True)

    registration = register(event, mode="online")

    event.refresh_from_db()
    assert (registration.status, event.confirmed_onsite, event.confirmed_online) == (
        RegistrationStatus.CONFIRMED,
        0,
        1,
    )
    notification = Notification.objects.get(kind="events.registration_confirmed")
    assert notification.context["online_link"] == event.online_link


def test_seats_on_site_and_online_are_counted_apart():
    event, _, _ = full_event(hybrid=True)

    onsite = register(event, mode="onsite")
    online = register(event, mode="online")

    assert (onsite.status, online.status) == (
        RegistrationStatus.WAITLISTED,
        RegistrationStatus.CONFIRMED,
    )


# --- the waiting list -------------------------------------------------------------------------


def test_waitlist_positions_follow_the_order_people_registered():
    _, _, waitlisted = full_event(waiting=4)

    assert [services.waitlist_position(r) for r in waitlisted] == [1, 2, 3, 4]


def test_waitlist_positions_are_distinct_when_people_join_at_the_same_moment():
    """A caller passing `now` (a view, a batch) stamps the same time on each: the position
    must still tell the people apart, as the promotion order does (waitlisted_at, id)."""
    event, _, _ = full_event()
    now = timezone.now()
    waitlisted = [register(event, now=now) for _ in range(3)]

    assert [services.waitlist_position(r) for r in waitlisted] == [1, 2, 3]


def test_waitlist_position_is_none_unless_waiting():
    _, (confirmed, *_), _ = full_event()

    assert services.waitlist_position(confirmed) is None


def test_cancellations_promote_in_order_one_per_freed_seat():
    event, confirmed, waitlisted = full_event(waiting=4)

    services.cancel_registration(confirmed[0], actor=confirmed[0].user)
    assert statuses(waitlisted) == ["confirmed", "waitlisted", "waitlisted", "waitlisted"]
    assert [services.waitlist_position(Registration.objects.get(pk=r.pk)) for r in waitlisted] == [
        None,
        1,
        2,
        3,
    ]

    services.cancel_registration(confirmed[1], actor=confirmed[1].user)
    services.cancel_registration(confirmed[2], actor=None)

    assert statuses(waitlisted) == ["confirmed", "confirmed", "confirmed", "waitlisted"]
    event.refresh_from_db()
    assert event.confirmed_onsite == 10
    promoted = Registration.objects.get(pk=waitlisted[0].pk)
    assert promoted.waitlisted_at is None
    assert recipients("events.registration_promoted") == [r.user_id for r in waitlisted[:3]]
    assert list(
        AuditEntry.objects.filter(action="events.registration.promoted")
        .order_by("id")
        .values_list("object_id", flat=True)
    ) == [str(r.pk) for r in waitlisted[:3]]


def test_promotion_is_emailed_once_to_each_promoted_person(django_capture_on_commit_callbacks):
    _, confirmed, waitlisted = full_event(waiting=3)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_registration(confirmed[0], actor=None)
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_registration(confirmed[1], actor=None)

    assert mails("events.registration_promoted") == [
        [waitlisted[0].user.email],
        [waitlisted[1].user.email],
    ]


def test_cancelling_when_nobody_waits_frees_the_seat():
    event, confirmed, _ = full_event()

    services.cancel_registration(confirmed[0], actor=None)

    event.refresh_from_db()
    assert event.confirmed_onsite == 9
    assert recipients("events.registration_promoted") == []


@pytest.mark.parametrize("cancelled", ["waitlisted", "pending"])
def test_cancelling_a_registration_without_a_seat_promotes_nobody(cancelled):
    event, _, waitlisted = full_event(waiting=2)
    if cancelled == "pending":
        target = RegistrationFactory(event=event, status="pending")
    else:
        target = waitlisted[0]

    services.cancel_registration(target, actor=target.user)

    event.refresh_from_db()
    assert statuses([target]) == ["cancelled"]
    assert event.confirmed_onsite == 10
    remaining = [r for r in waitlisted if r.pk != target.pk]
    assert statuses(remaining) == ["waitlisted"] * len(remaining)
    assert recipients("events.registration_promoted") == []


def test_online_cancellation_promotes_the_first_person_waiting_online_only():
    event = EventFactory(hybrid=True, capacity_onsite=1, capacity_online=1)
    register(event, mode="onsite")
    online = register(event, mode="online")
    waiting_onsite = register(event, mode="onsite")
    waiting_online = register(event, mode="online")

    services.cancel_registration(online, actor=None)

    assert statuses([waiting_onsite, waiting_online]) == ["waitlisted", "confirmed"]
    event.refresh_from_db()
    assert (event.confirmed_onsite, event.confirmed_online) == (1, 1)


@pytest.mark.parametrize("after", [timedelta(0), HOUR])
def test_cancelling_after_the_start_is_refused(after):
    event, confirmed, waitlisted = full_event(waiting=1)

    with pytest.raises(RegistrationError) as caught:
        services.cancel_registration(confirmed[0], actor=None, now=event.starts_at + after)

    assert caught.value.code == "started"
    assert statuses([confirmed[0], waitlisted[0]]) == ["confirmed", "waitlisted"]
    event.refresh_from_db()
    assert event.confirmed_onsite == 10


def test_cancelling_twice_is_refused():
    registration = register(EventFactory())
    services.cancel_registration(registration, actor=None)

    with pytest.raises(RegistrationError) as caught:
        services.cancel_registration(registration, actor=None)

    assert caught.value.code == "cancelled"


# --- approval ---------------------------------------------------------------------------------


def test_registration_of_an_event_needing_approval_is_pending_and_takes_no_seat():
    event = EventFactory(needs_approval=True)

    registration = register(event)

    event.refresh_from_db()
    assert (registration.status, event.confirmed_onsite) == (RegistrationStatus.PENDING, 0)
    assert recipients("events.registration_pending") == [registration.user_id]


def test_approval_confirms_while_a_seat_is_left():
    event = EventFactory(needs_approval=True)
    registration = register(event)
    staff = StaffFactory()

    approved = services.approve_registration(registration, actor=staff)

    event.refresh_from_db()
    assert (approved.status, event.confirmed_onsite) == (RegistrationStatus.CONFIRMED, 1)
    entry = AuditEntry.objects.get(action="events.registration.approved")
    assert (entry.actor, entry.data) == (staff, {"to": "confirmed"})
    assert recipients("events.registration_confirmed") == [registration.user_id]


def test_approval_puts_on_the_waiting_list_when_no_seat_is_left():
    event = EventFactory(needs_approval=True, capacity_onsite=1)
    first, second = register(event), register(event)
    services.approve_registration(first, actor=None)

    approved = services.approve_registration(second, actor=None)

    event.refresh_from_db()
    assert (approved.status, event.confirmed_onsite) == (RegistrationStatus.WAITLISTED, 1)
    assert approved.waitlisted_at is not None
    assert services.waitlist_position(approved) == 1
    assert recipients("events.registration_waitlisted") == [second.user_id]


def test_approving_twice_is_refused():
    event = EventFactory(needs_approval=True)
    registration = register(event)
    services.approve_registration(registration, actor=None)

    with pytest.raises(RegistrationError) as caught:
        services.approve_registration(registration, actor=None)

    assert caught.value.code == "state"
    event.refresh_from_db()
    assert event.confirmed_onsite == 1


# --- calendar invitations ---------------------------------------------------------------------


def test_event_ics_parses_with_start_and_end_in_utc():
    event = EventFactory()

    ics = services.event_ics(event)

    calendar, vevent = parse(ics)
    assert (str(calendar["METHOD"]), str(vevent["STATUS"]), vevent["SEQUENCE"]) == (
        "REQUEST",
        "CONFIRMED",
        0,
    )
    assert vevent.decoded("DTSTART") == event.starts_at
    assert vevent.decoded("DTSTART").utcoffset() == timedelta(0)
    assert vevent.decoded("DTEND") == event.ends_at
    start = event.starts_at.astimezone(UTC)
    assert f"DTSTART:{start:%Y%m%dT%H%M%S}Z" in ics.splitlines()
    assert str(vevent["LOCATION"]) == f"{event.venue}, {event.address}"


def test_uid_is_stable_and_sequence_grows_with_each_published_change():
    event = EventFactory()
    before = parse(services.event_ics(event))[1]

    services.publish_event_change(event, actor=None, fields=["venue"])
    services.publish_event_change(event, actor=None, fields=["starts_at"])

    event.refresh_from_db()
    after = parse(services.event_ics(event))[1]
    assert (str(after["UID"]), after["SEQUENCE"]) == (str(before["UID"]), 2)
    assert str(after["UID"]) == f"event-{event.uid}@seoulbiohub.kr"
    assert AuditEntry.objects.filter(action="events.event.changed").count() == 2


def test_cancel_event_sends_a_calendar_cancel_to_every_registrant_not_cancelled():
    event, confirmed, waitlisted = full_event(waiting=1)
    pending = RegistrationFactory(event=event, status="pending")
    cancelled = RegistrationFactory(event=event, status="cancelled")
    uid = f"event-{event.uid}@seoulbiohub.kr"

    services.cancel_event(event, actor=StaffFactory(), reason="Speaker ill")

    event.refresh_from_db()
    assert (event.status, event.sequence) == ("cancelled", 1)
    calendar, vevent = parse(services.event_ics(event))
    assert (str(calendar["METHOD"]), str(vevent["STATUS"]), str(vevent["UID"])) == (
        "CANCEL",
        "CANCELLED",
        uid,
    )
    told = [*confirmed, *waitlisted, pending]
    assert sorted(recipients("events.event_cancelled")) == sorted(r.user_id for r in told)
    assert cancelled.user_id not in recipients("events.event_cancelled")
    for notification in Notification.objects.filter(kind="events.event_cancelled"):
        calendar, vevent = parse(notification.context["ics"])
        assert (str(calendar["METHOD"]), str(vevent["STATUS"]), vevent["SEQUENCE"]) == (
            "CANCEL",
            "CANCELLED",
            1,
        )


def test_cancelling_an_event_twice_tells_nobody_again():
    event, _, _ = full_event()
    services.cancel_event(event, actor=None)

    services.cancel_event(event, actor=None)

    event.refresh_from_db()
    assert event.sequence == 1
    assert Notification.objects.filter(kind="events.event_cancelled").count() == 10


def test_event_cancellation_is_emailed_once_with_a_calendar_cancel(
    django_capture_on_commit_callbacks,
):
    event = EventFactory()
    registration = RegistrationFactory(event=event)

    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_event(event, actor=None)

    assert mails("events.event_cancelled") == [[registration.user.email]]
    ((_, ics, mimetype),) = mail.outbox[0].attachments
    assert mimetype == "text/calendar; method=CANCEL"
    assert "STATUS:CANCELLED" in ics.splitlines()


# --- check-in ---------------------------------------------------------------------------------


def test_first_check_in_marks_attendance_and_a_second_names_the_time():
    registration = RegistrationFactory()
    token = services.checkin_token(registration)

    first, first_time = services.check_in(registration.event, token=token, actor=None)
    again, again_first_time = services.check_in(registration.event, token=token, actor=None)

    assert (first.pk, first_time, again_first_time) == (registration.pk, True, False)
    assert again.checked_in_at == first.checked_in_at is not None
    message = services.already_checked_in_message(again)
    assert format_datetime(first.checked_in_at) in message
    assert str(registration.user) in message
    assert AuditEntry.objects.filter(action="events.registration.checked_in").count() == 1


def test_check_in_accepts_a_token_with_spaces_around_it():
    registration = RegistrationFactory()

    _, first_time = services.check_in(
        registration.event, token=f"  {services.checkin_token(registration)}\n", actor=None
    )

    assert first_time is True


def forge_by_editing_the_signature(token: str) -> str:
    return token[:-1] + ("A" if token[-1] != "A" else "B")


def forge_by_swapping_the_payload(token: str) -> str:
    """Claim another registration under the original signature."""
    _, signature = token.split(":", 1)
    other = signing.dumps({"r": 999_999, "e": 1}, salt=services.CHECKIN_SALT)
    return other.split(":", 1)[0] + ":" + signature


def forge_with_another_salt(token: str) -> str:
    return signing.dumps(signing.loads(token, salt=services.CHECKIN_SALT), salt="other")


@pytest.mark.parametrize(
    "forge",
    [forge_by_editing_the_signature, forge_by_swapping_the_payload, forge_with_another_salt],
)
def test_forged_token_is_refused(forge):
    registration = RegistrationFactory()

    with pytest.raises(RegistrationError) as caught:
        services.check_in(
            registration.event, token=forge(services.checkin_token(registration)), actor=None
        )

    assert caught.value.code == "forged"
    registration.refresh_from_db()
    assert registration.checked_in_at is None


def test_token_of_another_event_is_refused():
    registration = RegistrationFactory()
    other_event = EventFactory()

    with pytest.raises(RegistrationError) as caught:
        services.check_in(other_event, token=services.checkin_token(registration), actor=None)

    assert caught.value.code == "other_event"


@pytest.mark.parametrize("status", ["waitlisted", "pending", "cancelled"])
def test_token_of_a_person_not_confirmed_is_refused(status):
    registration = RegistrationFactory(status=status)

    with pytest.raises(RegistrationError) as caught:
        services.check_in(
            registration.event, token=services.checkin_token(registration), actor=None
        )

    assert caught.value.code == "not_confirmed"
    registration.refresh_from_db()
    assert registration.checked_in_at is None


def test_check_in_by_name_refuses_a_registration_of_another_event():
    registration = RegistrationFactory()

    with pytest.raises(RegistrationError) as caught:
        services.check_in(EventFactory(), registration=registration, actor=None)

    assert caught.value.code == "unknown"


# --- reminders --------------------------------------------------------------------------------


def test_reminders_go_once_to_confirmed_registrants_of_events_within_a_day():
    now = timezone.now()
    soon = EventFactory(starts_at=now + 3 * HOUR)
    later = EventFactory(starts_at=now + 25 * HOUR)
    started = EventFactory(starts_at=now - HOUR)
    cancelled_event = EventFactory(starts_at=now + 2 * HOUR, status="cancelled")
    reminded = [RegistrationFactory(event=soon), RegistrationFactory(event=soon, mode="onsite")]
    for status in ["waitlisted", "pending", "cancelled"]:
        RegistrationFactory(event=soon, status=status)
    for event in [later, started, cancelled_event]:
        RegistrationFactory(event=event)

    assert services.send_due_reminders(now=now) == 2
    assert services.send_due_reminders(now=now) == 0

    assert sorted(recipients("events.reminder")) == sorted(r.user_id for r in reminded)
    assert [Registration.objects.get(pk=r.pk).reminder_sent_at for r in reminded] == [now, now]


def test_reminder_is_emailed(django_capture_on_commit_callbacks):
    registration = RegistrationFactory(event=EventFactory(starts_at=timezone.now() + HOUR))

    with django_capture_on_commit_callbacks(execute=True):
        services.send_due_reminders()

    assert mails("events.reminder") == [[registration.user.email]]
