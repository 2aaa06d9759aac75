"""Every write of the events app: registration, the waiting list, approval, check-in.

Capacity: every change of seats locks the event row (select_for_update) and updates the
confirmed counters in the same transaction; database checks keep each counter within its
capacity. Promotion from the waiting list happens in the same transaction as the
cancellation that frees the seat, first come first served.
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core.audit import log_action
from core.exceptions import DomainError
from core.ics import build_event, programme_office
from core.timefmt import format_datetime
from events.models import (
    Event,
    EventStatus,
    Registration,
    RegistrationMode,
    RegistrationStatus,
)
from notifications.services import notify

CHECKIN_SALT = "events.checkin"
REMINDER_AHEAD = timedelta(hours=24)
COUNTER = {RegistrationMode.ONSITE: "confirmed_onsite", RegistrationMode.ONLINE: "confirmed_online"}


class RegistrationError(DomainError):
    pass


def _lock(event: Event) -> Event:
    return Event.objects.select_for_update().get(pk=event.pk)


def event_ics(
    event: Event, *, attendee=None, cancelled: bool = False, publish: bool = False
) -> str:
    """The event as iCalendar, organised by the programme office: an invitation to
    `attendee` (METHOD:REQUEST, or CANCEL when `cancelled` or the event is), or the public
    file (`publish`: METHOD:PUBLISH, addressed to nobody). One UID whatever the form."""
    location = ", ".join(part for part in (event.venue_display, event.address_display) if part)
    return build_event(
        uid=f"event-{event.uid}@seoulbiohub.kr",
        sequence=event.sequence,
        starts_at=event.starts_at,
        ends_at=event.ends_at,
        summary=event.title,
        description=event.summary,
        location=location,
        url=settings.SITE_URL + event.get_absolute_url(),
        organizer=programme_office(),
        attendees=[(attendee.email, attendee.get_full_name())] if attendee else [],
        cancelled=cancelled or event.status == EventStatus.CANCELLED,
        publish=publish,
        # The public file is the same bytes until the event changes (its ETag is strong).
        stamp=event.updated_at if publish else None,
    )


def _tell(
    registration: Registration,
    kind: str,
    *,
    suffix: str,
    with_invite: bool,
    cancelled: bool = False,
) -> None:
    """Notify the registrant; `with_invite` attaches the invitation addressed to them (its
    CANCEL when `cancelled` or the event is cancelled)."""
    event = registration.event
    with translation.override(registration.user.language):
        ics = (
            event_ics(event, attendee=registration.user, cancelled=cancelled) if with_invite else ""
        )
    notify(
        registration.user,
        kind,
        {
            "event_title": {"ko": event.title_ko, "en": event.title_en},
            "starts_at": event.starts_at,
            "ends_at": event.ends_at,
            "event_zone": event.time_zone,
            "venue": {"ko": event.venue, "en": event.venue_en},
            "mode": registration.mode,
            "online_link": event.online_link if registration.mode == "online" else "",
            "url": event.get_absolute_url(),
            "ics": ics,
        },
        key=f"{kind}:{registration.pk}:{suffix}",
    )


def _raise_sequence(event: Event) -> None:
    """SEQUENCE + 1 in the database, and updated_at with it: the public files' Last-Modified
    (views.calendar) must move whenever what they show does."""
    Event.objects.filter(pk=event.pk).update(sequence=F("sequence") + 1, updated_at=timezone.now())
    event.refresh_from_db(fields=["sequence", "updated_at"])


def _outrank_their_cancel(event: Event, registration: Registration) -> None:
    """Before a person's first invitation: when they cancelled an earlier registration, their
    calendar holds a METHOD:CANCEL at the event's SEQUENCE, and a REQUEST at that same
    SEQUENCE may be taken for an older message. Raise it (the event row is locked)."""
    earlier = (
        Registration.objects.filter(
            event=event, user=registration.user_id, status=RegistrationStatus.CANCELLED
        )
        .exclude(pk=registration.pk)
        .exists()
    )
    if earlier:
        _raise_sequence(event)


def registration_open(event: Event, now: datetime) -> bool:
    if event.status != EventStatus.PUBLISHED or now >= event.starts_at:
        return False
    if event.registration_opens_at and now < event.registration_opens_at:
        return False
    return not (event.registration_closes_at and now >= event.registration_closes_at)


def _confirm_seat(event: Event, registration: Registration) -> None:
    """Take a seat: the counter goes up under the event lock; the database check refuses an
    overbooking even if a caller forgot the lock."""
    counter = COUNTER[registration.mode]
    Event.objects.filter(pk=event.pk).update(**{counter: F(counter) + 1})
    setattr(event, counter, getattr(event, counter) + 1)
    registration.status = RegistrationStatus.CONFIRMED
    registration.waitlisted_at = None


@transaction.atomic
def register(
    event: Event,
    *,
    user,
    mode: str = RegistrationMode.ONSITE,
    affiliation: str = "",
    dietary_needs: str = "",
    now: datetime | None = None,
) -> Registration:
    """Register a person: confirmed while seats are left, else on the waiting list; pending
    when the event needs approval. Tells the person (with the invite when confirmed)."""
    event = _lock(event)
    # The clock is read once the lock is held: people take the lock one after another, and
    # the waiting list is served in that order (waitlisted_at, then id).
    now = now or timezone.now()
    if not registration_open(event, now):
        raise RegistrationError(_("Registration for this event is closed."), code="closed")
    capacity = event.capacity_online if mode == RegistrationMode.ONLINE else event.capacity_onsite
    if mode not in event.modes or capacity == 0:
        raise RegistrationError(_("This event has no such way to attend."), code="mode")
    if event.registrations.filter(user=user).exclude(status=RegistrationStatus.CANCELLED).exists():
        raise RegistrationError(_("You are already registered for this event."), code="twice")
    registration = Registration(
        event=event,
        user=user,
        mode=mode,
        affiliation=affiliation,
        dietary_needs=dietary_needs,
    )
    if event.needs_approval:
        registration.status = RegistrationStatus.PENDING
    elif event.seats_left(mode) > 0:
        _confirm_seat(event, registration)
    else:
        registration.status = RegistrationStatus.WAITLISTED
        registration.waitlisted_at = now
    try:
        with transaction.atomic():
            registration.save()
    except IntegrityError as error:
        raise RegistrationError(
            _("You are already registered for this event."), code="twice"
        ) from error
    log_action(
        registration,
        "events.registration.created",
        actor=user,
        data={"status": registration.status, "mode": mode},
    )
    if registration.status == RegistrationStatus.CONFIRMED:
        _outrank_their_cancel(event, registration)
    kind = {
        RegistrationStatus.CONFIRMED: "events.registration_confirmed",
        RegistrationStatus.WAITLISTED: "events.registration_waitlisted",
        RegistrationStatus.PENDING: "events.registration_pending",
    }[registration.status]
    _tell(
        registration,
        kind,
        suffix="created",
        with_invite=registration.status == RegistrationStatus.CONFIRMED,
    )
    return registration


def waitlist_position(registration: Registration) -> int | None:
    if registration.status != RegistrationStatus.WAITLISTED:
        return None
    # The order of _promote: by waitlisted_at, then id for people stamped the same moment.
    ahead = Q(waitlisted_at__lt=registration.waitlisted_at) | Q(
        waitlisted_at=registration.waitlisted_at, pk__lt=registration.pk
    )
    return (
        Registration.objects.filter(
            ahead,
            event=registration.event_id,
            mode=registration.mode,
            status=RegistrationStatus.WAITLISTED,
        ).count()
        + 1
    )


def _promote(event: Event, mode: str) -> Registration | None:
    """Give a freed seat to the first person waiting for that way of attending."""
    if event.status != EventStatus.PUBLISHED:
        return None
    waiting = (
        Registration.objects.select_for_update()
        .select_related("user")
        .filter(event=event, mode=mode, status=RegistrationStatus.WAITLISTED)
        .order_by("waitlisted_at", "id")
        .first()
    )
    if waiting is None or event.seats_left(mode) <= 0:
        return None
    waiting.event = event
    _confirm_seat(event, waiting)
    waiting.save(update_fields=["status", "waitlisted_at", "updated_at"])
    log_action(waiting, "events.registration.promoted", actor=None)
    _outrank_their_cancel(event, waiting)
    _tell(waiting, "events.registration_promoted", suffix="promoted", with_invite=True)
    return waiting


@transaction.atomic
def cancel_registration(
    registration: Registration, *, actor, now: datetime | None = None
) -> Registration:
    """Self-service until the event starts. The person is told; when they held a seat (and
    so the invitation) the email carries its METHOD:CANCEL: the event's SEQUENCE goes up so
    the cancel outranks the invitation they got. A freed seat goes to the first person
    waiting, in the same transaction, who is told."""
    now = now or timezone.now()
    event = _lock(registration.event)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.status == RegistrationStatus.CANCELLED:
        raise RegistrationError(_("This registration is already cancelled."), code="cancelled")
    if now >= event.starts_at:
        raise RegistrationError(_("The event has started."), code="started")
    freed = registration.status == RegistrationStatus.CONFIRMED
    previous = registration.status
    registration.status = RegistrationStatus.CANCELLED
    registration.cancelled_at = now
    registration.save(update_fields=["status", "cancelled_at", "updated_at"])
    if freed:
        counter = COUNTER[registration.mode]
        Event.objects.filter(pk=event.pk).update(**{counter: F(counter) - 1})
        setattr(event, counter, getattr(event, counter) - 1)
        _raise_sequence(event)
    log_action(
        registration,
        "events.registration.cancelled",
        actor=actor,
        data={"from": previous},
    )
    registration.event = event
    _tell(
        registration,
        "events.registration_cancelled",
        suffix="cancelled",
        with_invite=freed,
        cancelled=True,
    )
    if freed:
        _promote(event, registration.mode)
    return registration


@transaction.atomic
def approve_registration(registration: Registration, *, actor) -> Registration:
    """Staff approve a pending registration: confirmed if a seat is left, else waiting list."""
    event = _lock(registration.event)
    registration = (
        Registration.objects.select_for_update().select_related("user").get(pk=registration.pk)
    )
    if registration.status != RegistrationStatus.PENDING:
        raise RegistrationError(_("Only pending registrations can be approved."), code="state")
    registration.event = event
    if event.seats_left(registration.mode) > 0:
        _confirm_seat(event, registration)
    else:
        registration.status = RegistrationStatus.WAITLISTED
        registration.waitlisted_at = timezone.now()
    registration.save(update_fields=["status", "waitlisted_at", "updated_at"])
    log_action(
        registration, "events.registration.approved", actor=actor, data={"to": registration.status}
    )
    if registration.status == RegistrationStatus.CONFIRMED:
        _outrank_their_cancel(event, registration)
    kind = (
        "events.registration_confirmed"
        if registration.status == RegistrationStatus.CONFIRMED
        else "events.registration_waitlisted"
    )
    _tell(
        registration,
        kind,
        suffix="approved",
        with_invite=registration.status == RegistrationStatus.CONFIRMED,
    )
    return registration


@transaction.atomic
def publish_event(event: Event, *, actor) -> Event:
    """A draft goes on the public calendar and opens for registration. Audit-logged."""
    event = _lock(event)
    if event.status != EventStatus.DRAFT:
        raise RegistrationError(_("Only a draft can be published."), code="not_draft")
    event.status = EventStatus.PUBLISHED
    event.save(update_fields=["status", "updated_at"])
    log_action(
        event,
        "events.event.published",
        actor=actor,
        data={"from": EventStatus.DRAFT, "to": EventStatus.PUBLISHED},
    )
    return event


# A change of these reaches the registrants' calendars and inboxes.
ATTENDEE_FIELDS = {
    "starts_at",
    "ends_at",
    "time_zone",
    "venue",
    "venue_en",
    "address",
    "address_en",
    "format",
    "online_link",
    "title_ko",
    "title_en",
}


@transaction.atomic
def publish_event_change(event: Event, *, actor, fields: list[str]) -> Event:
    """After staff edit a published event: SEQUENCE goes up so subscribed calendars update
    it, and when the time, place or title changed, confirmed registrants get the updated
    invitation (same UID, new SEQUENCE), each in their language."""
    _raise_sequence(event)
    log_action(event, "events.event.changed", actor=actor, data={"fields": fields})
    if ATTENDEE_FIELDS & set(fields):
        for registration in event.registrations.filter(
            status=RegistrationStatus.CONFIRMED
        ).select_related("user"):
            registration.event = event
            _tell(
                registration,
                "events.event_changed",
                suffix=f"changed-{event.sequence}",
                with_invite=True,
            )
    return event


@transaction.atomic
def cancel_event(event: Event, *, actor, reason: str = "") -> Event:
    """The organisers cancel the event: every registrant is told, with a calendar cancel."""
    event = _lock(event)
    if event.status == EventStatus.CANCELLED:
        return event
    event.status = EventStatus.CANCELLED
    event.sequence += 1
    event.save(update_fields=["status", "sequence", "updated_at"])
    log_action(event, "events.event.cancelled", actor=actor, data={"reason": reason})
    for registration in event.registrations.exclude(
        status=RegistrationStatus.CANCELLED
    ).select_related("user"):
        registration.event = event
        _tell(registration, "events.event_cancelled", suffix="event-cancelled", with_invite=True)
    return event


def checkin_token(registration: Registration) -> str:
    """What the QR code holds: the registration and its event, signed by the server."""
    return signing.dumps({"r": registration.pk, "e": registration.event_id}, salt=CHECKIN_SALT)


@transaction.atomic
def check_in(event: Event, *, token: str | None = None, registration=None, actor) -> tuple:
    """Mark attendance once, from a scanned token or a registration found by name.

    Returns (registration, first_time). A forged token, or one of another event, is refused;
    a second scan reports when the person was checked in.
    """
    if event.status != EventStatus.PUBLISHED:
        raise RegistrationError(_("This event is not taking place."), code="not_published")
    if token is not None:
        try:
            payload = signing.loads(token.strip(), salt=CHECKIN_SALT)
        except signing.BadSignature as error:
            raise RegistrationError(_("This code is not valid."), code="forged") from error
        if payload.get("e") != event.pk:
            raise RegistrationError(_("This code is for another event."), code="other_event")
        registration = Registration.objects.filter(pk=payload.get("r"), event=event).first()
    if registration is None or registration.event_id != event.pk:
        raise RegistrationError(_("No such registration for this event."), code="unknown")
    registration = (
        Registration.objects.select_for_update().select_related("user").get(pk=registration.pk)
    )
    if registration.status != RegistrationStatus.CONFIRMED:
        raise RegistrationError(
            _("%(name)s is not confirmed for this event (%(status)s).")
            % {"name": registration.user, "status": registration.get_status_display()},
            code="not_confirmed",
        )
    if registration.checked_in_at is not None:
        return registration, False
    registration.checked_in_at = timezone.now()
    registration.save(update_fields=["checked_in_at", "updated_at"])
    log_action(registration, "events.registration.checked_in", actor=actor)
    return registration, True


def already_checked_in_message(registration: Registration) -> str:
    return _("%(name)s was already checked in at %(when)s.") % {
        "name": registration.user,
        "when": format_datetime(registration.checked_in_at),
    }


def send_due_reminders(*, now: datetime | None = None) -> int:
    """Remind confirmed registrants of events starting within 24 hours (beat task)."""
    now = now or timezone.now()
    due = list(
        Registration.objects.filter(
            status=RegistrationStatus.CONFIRMED,
            reminder_sent_at__isnull=True,
            event__status=EventStatus.PUBLISHED,
            event__starts_at__gt=now,
            event__starts_at__lte=now + REMINDER_AHEAD,
        ).values_list("pk", flat=True)
    )
    sent = 0
    for pk in due:
        with transaction.atomic():
            registration = (
                Registration.objects.select_for_update(skip_locked=True)
                .select_related("event", "user")
                .filter(pk=pk, reminder_sent_at__isnull=True)
                .first()
            )
            if registration is None:
                continue
            registration.reminder_sent_at = now
            registration.save(update_fields=["reminder_sent_at"])
            _tell(registration, "events.reminder", suffix="reminder", with_invite=False)
            sent += 1
    return sent
