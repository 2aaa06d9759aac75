"""A person's registration: register, cancel, staff approval, and the waiting list that
fills a freed seat."""

from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import log_action
from core.transitions import ensure
from events.models import (
    REGISTRATION_TRANSITIONS,
    Event,
    EventStatus,
    Registration,
    RegistrationMode,
    RegistrationStatus,
)
from events.selectors import registration_open
from events.services.common import (
    RegistrationError,
    confirm_seat,
    free_seat,
    lock_event,
    outrank_their_cancel,
    raise_sequence,
    tell,
)

# What a person is told when their registration takes each status.
TOLD = {
    RegistrationStatus.CONFIRMED: "events.registration_confirmed",
    RegistrationStatus.WAITLISTED: "events.registration_waitlisted",
    RegistrationStatus.PENDING: "events.registration_pending",
}


def _tell_outcome(event: Event, registration: Registration, *, suffix: str) -> None:
    """Tell the person where they stand; a confirmed seat comes with the invitation."""
    confirmed = registration.status == RegistrationStatus.CONFIRMED
    if confirmed:
        outrank_their_cancel(event, registration)
    tell(registration, TOLD[registration.status], suffix=suffix, with_invite=confirmed)


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
    when the event needs approval. Locks the event row, audit-logs, and tells the person
    (with the invite when confirmed)."""
    event = lock_event(event)
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
        confirm_seat(event, registration)
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
    _tell_outcome(event, registration, suffix="created")
    return registration


def _promote(event: Event, mode: str) -> Registration | None:
    """Give a freed seat to the first person waiting for that way of attending (the event
    row is locked by the caller), who is told with the invitation."""
    if event.status != EventStatus.PUBLISHED:
        return None
    waiting = (
        Registration.objects.select_for_update(of=("self",))
        .select_related("user")
        .filter(event=event, mode=mode, status=RegistrationStatus.WAITLISTED)
        .order_by("waitlisted_at", "id")
        .first()
    )
    if waiting is None or event.seats_left(mode) <= 0:
        return None
    waiting.event = event
    confirm_seat(event, waiting)
    waiting.save(update_fields=["status", "waitlisted_at", "updated_at"])
    log_action(waiting, "events.registration.promoted", actor=None)
    outrank_their_cancel(event, waiting)
    tell(waiting, "events.registration_promoted", suffix="promoted", with_invite=True)
    return waiting


@transaction.atomic
def cancel_registration(
    registration: Registration, *, actor, now: datetime | None = None
) -> Registration:
    """Self-service until the event starts. The person is told; when they held a seat (and
    so the invitation) the email carries its METHOD:CANCEL: the event's SEQUENCE goes up so
    the cancel outranks the invitation they got. A freed seat goes to the first person
    waiting, in the same transaction, who is told. Audit-logged."""
    now = now or timezone.now()
    event = lock_event(registration.event)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    ensure(
        REGISTRATION_TRANSITIONS,
        registration.status,
        RegistrationStatus.CANCELLED,
        message=_("This registration is already cancelled."),
        code="cancelled",
    )
    if now >= event.starts_at:
        raise RegistrationError(_("The event has started."), code="started")
    freed = registration.status == RegistrationStatus.CONFIRMED
    previous = registration.status
    registration.status = RegistrationStatus.CANCELLED
    registration.cancelled_at = now
    registration.save(update_fields=["status", "cancelled_at", "updated_at"])
    if freed:
        free_seat(event, registration)
        raise_sequence(event)
    log_action(
        registration,
        "events.registration.cancelled",
        actor=actor,
        data={"from": previous},
    )
    registration.event = event
    tell(
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
    """Staff approve a pending registration: confirmed if a seat is left, else waiting list.
    Locks the event row, audit-logs, and tells the person (with the invite when confirmed)."""
    event = lock_event(registration.event)
    registration = (
        Registration.objects.select_for_update(of=("self",))
        .select_related("user")
        .get(pk=registration.pk)
    )
    if registration.status != RegistrationStatus.PENDING:
        raise RegistrationError(_("Only pending registrations can be approved."), code="state")
    registration.event = event
    if event.seats_left(registration.mode) > 0:
        confirm_seat(event, registration)
    else:
        registration.status = RegistrationStatus.WAITLISTED
        registration.waitlisted_at = timezone.now()
    registration.save(update_fields=["status", "waitlisted_at", "updated_at"])
    log_action(
        registration, "events.registration.approved", actor=actor, data={"to": registration.status}
    )
    _tell_outcome(event, registration, suffix="approved")
    return registration
