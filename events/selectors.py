"""Reads of the events app: the public list, the calendar, the feed, one person's place."""

from datetime import datetime

from django.core import signing
from django.db.models import Q
from django.utils import timezone

from events.models import Certificate, Event, EventStatus, Registration, RegistrationStatus

CHECKIN_SALT = "events.checkin"


def public_events():
    """Published and cancelled events (cancelled ones stay visible, marked, so people who
    saw them learn they are off); drafts are never public."""
    return Event.objects.filter(status__in=[EventStatus.PUBLISHED, EventStatus.CANCELLED])


def upcoming_events(now=None):
    """Public events not yet over, soonest first."""
    now = now or timezone.now()
    return public_events().filter(ends_at__gt=now).order_by("starts_at")


def past_events(now=None):
    """Public events that are over, latest first (the archive)."""
    now = now or timezone.now()
    return public_events().filter(ends_at__lte=now).order_by("-starts_at")


def registration_open(event: Event, now: datetime) -> bool:
    """Whether the published event takes registrations at `now`: before it starts, within
    its registration window when one is set."""
    if event.status != EventStatus.PUBLISHED or now >= event.starts_at:
        return False
    if event.registration_opens_at and now < event.registration_opens_at:
        return False
    return not (event.registration_closes_at and now >= event.registration_closes_at)


def active_registration(event: Event, user) -> Registration | None:
    """The person's registration for the event that is not cancelled; None for visitors."""
    if not user.is_authenticated:
        return None
    return (
        Registration.objects.filter(event=event, user=user)
        .exclude(status=RegistrationStatus.CANCELLED)
        .first()
    )


def waitlist_position(registration: Registration) -> int | None:
    """1 for the next person to get a seat of that way of attending; None unless waiting."""
    if registration.status != RegistrationStatus.WAITLISTED:
        return None
    # The order of services.registration._promote: by waitlisted_at, then id for people
    # stamped the same moment.
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


def checkin_token(registration: Registration) -> str:
    """What the QR code holds: the registration and its event, signed by the server
    (services.check_in reads it back)."""
    return signing.dumps({"r": registration.pk, "e": registration.event_id}, salt=CHECKIN_SALT)


def certificate_of(registration: Registration | None) -> Certificate | None:
    """The certificate of attendance issued for the registration, if any."""
    if registration is None or registration.checked_in_at is None:
        return None
    return Certificate.objects.filter(registration=registration).first()


def certificate_by_code(code: str) -> Certificate | None:
    """The certificate with exactly this code (typed codes are upper-cased); None otherwise."""
    code = (code or "").strip().upper()
    if not code:
        return None
    return Certificate.objects.filter(code=code).first()
