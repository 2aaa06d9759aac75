"""Events services: approval, calendar invitations, check-in, reminders."""

from datetime import UTC, timedelta

import pytest
from django.core import mail, signing
from django.utils import timezone, translation
from icalendar import Calendar

from core.exceptions import TransitionNotAllowed
from core.models import AuditEntry
from core.timefmt import format_datetime
from events import selectors, services
from events.calendar import event_ics
from events.models import EventStatus, Registration, RegistrationStatus
from events.services import EventError, RegistrationError
from notifications.models import Notification
from tests.events.service_helpers import (
    HOUR,
    full_event,
    mails,
    parse,
    recipients,
    register,
)
from tests.factories import EventFactory, RegistrationFactory, StaffFactory, UserFactory

pytestmark = pytest.mark.django_db

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
    assert selectors.waitlist_position(approved) == 1
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

    ics = event_ics(event, attendee=UserFactory())

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
    before = parse(event_ics(event, publish=True))[1]

    services.publish_event_change(event, actor=None, fields=["venue"])
    services.publish_event_change(event, actor=None, fields=["starts_at"])

    event.refresh_from_db()
    after = parse(event_ics(event, publish=True))[1]
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
    calendar, vevent = parse(event_ics(event, attendee=confirmed[0].user))
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
    token = selectors.checkin_token(registration)

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
        registration.event, token=f"  {selectors.checkin_token(registration)}\n", actor=None
    )

    assert first_time is True


def forge_by_editing_the_signature(token: str) -> str:
    return token[:-1] + ("A" if token[-1] != "A" else "B")


def forge_by_swapping_the_payload(token: str) -> str:
    """Claim another registration under the original signature."""
    _, signature = token.split(":", 1)
    other = signing.dumps({"r": 999_999, "e": 1}, salt=selectors.CHECKIN_SALT)
    return other.split(":", 1)[0] + ":" + signature


def forge_with_another_salt(token: str) -> str:
    return signing.dumps(signing.loads(token, salt=selectors.CHECKIN_SALT), salt="other")


@pytest.mark.parametrize(
    "forge",
    [forge_by_editing_the_signature, forge_by_swapping_the_payload, forge_with_another_salt],
)
def test_forged_token_is_refused(forge):
    registration = RegistrationFactory()

    with pytest.raises(RegistrationError) as caught:
        services.check_in(
            registration.event, token=forge(selectors.checkin_token(registration)), actor=None
        )

    assert caught.value.code == "forged"
    registration.refresh_from_db()
    assert registration.checked_in_at is None


def test_token_of_another_event_is_refused():
    registration = RegistrationFactory()
    other_event = EventFactory()

    with pytest.raises(RegistrationError) as caught:
        services.check_in(other_event, token=selectors.checkin_token(registration), actor=None)

    assert caught.value.code == "other_event"


@pytest.mark.parametrize(
    ("fields", "error", "code"),
    [
        ({"status": "waitlisted"}, RegistrationError, "not_confirmed"),
        ({"status": "pending"}, RegistrationError, "not_confirmed"),
        ({"status": "cancelled"}, RegistrationError, "not_confirmed"),
        ({"event__status": EventStatus.DRAFT}, EventError, "not_published"),
        ({"event__status": EventStatus.CANCELLED}, EventError, "not_published"),
    ],
)
def test_token_is_refused_unless_confirmed_for_an_event_taking_place(fields, error, code):
    registration = RegistrationFactory(**fields)

    with pytest.raises(error) as caught:
        services.check_in(
            registration.event, token=selectors.checkin_token(registration), actor=None
        )

    assert caught.value.code == code
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


# --- publishing and changing ---------------------------------------------------------------


def test_publishing_a_draft_opens_it_and_is_audited():
    event = EventFactory(status=EventStatus.DRAFT)
    services.publish_event(event, actor=None)
    event.refresh_from_db()
    assert event.status == EventStatus.PUBLISHED
    assert AuditEntry.objects.get(action="events.event.published").data == {
        "from": "draft",
        "to": "published",
    }
    with translation.override("en"), pytest.raises(TransitionNotAllowed) as caught:
        services.publish_event(event, actor=None)
    assert (caught.value.code, str(caught.value)) == ("not_draft", "Only a draft can be published.")


def test_moving_an_event_sends_confirmed_registrants_the_updated_invitation(
    django_capture_on_commit_callbacks,
):
    event = EventFactory(capacity_onsite=1)
    confirmed = services.register(event, user=UserFactory(language="en"))
    services.register(event, user=UserFactory())  # waiting list: not told
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.publish_event_change(event, actor=None, fields=["starts_at", "ends_at"])
    assert [m.to for m in mail.outbox] == [[confirmed.user.email]]
    assert mail.outbox[0].subject == f"Changed: {event.title_en}"
    [(_name, ics, _type)] = mail.outbox[0].attachments
    calendar = Calendar.from_ical(ics)
    [vevent] = calendar.walk("VEVENT")
    assert (str(vevent["UID"]), int(vevent["SEQUENCE"])) == (f"event-{event.uid}@seoulbiohub.kr", 1)


def test_a_change_of_the_description_only_tells_no_one(django_capture_on_commit_callbacks):
    event = EventFactory()
    services.register(event, user=UserFactory())
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.publish_event_change(event, actor=None, fields=["description_en"])
    assert mail.outbox == []
