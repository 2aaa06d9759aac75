"""Around and after the day: the online link released before the start, certificates of
attendance, and the one follow-up message after the event (periodic sweeps, events.tasks).

Each sweep stamps the registration (link_sent_at, follow_up_sent_at) in the transaction that
queues the message, under a row lock skipped by a concurrent sweep, and the outbox key names
the occasion: a person is told once whatever the number of sweeps.
"""

from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from core.audit import log_action
from core.i18n import in_language
from events.models import (
    Certificate,
    Event,
    EventStatus,
    Registration,
    RegistrationMode,
    RegistrationStatus,
)
from events.services.common import tell
from notifications.services import notify

# Follow-ups go out for events that ended within this window (materials published later
# than that reach nobody by email; they stay on the event page).
FOLLOW_UP_WINDOW = timedelta(days=14)
# The longest release time the sweep looks ahead for (the admin field is capped to it).
LONGEST_RELEASE = timedelta(days=7)


def send_online_links(*, now: datetime | None = None) -> int:
    """Send the joining link to confirmed online registrants once the event's release time
    has come (beat task). Returns how many were sent."""
    now = now or timezone.now()
    events = [
        event
        for event in Event.objects.filter(
            status=EventStatus.PUBLISHED,
            ends_at__gt=now,
            starts_at__lte=now + LONGEST_RELEASE,
        ).exclude(online_link="")
        if event.online_link_released(now)
    ]
    due = list(
        Registration.objects.filter(
            event__in=events,
            mode=RegistrationMode.ONLINE,
            status=RegistrationStatus.CONFIRMED,
            link_sent_at__isnull=True,
        ).values_list("pk", flat=True)
    )
    sent = 0
    for pk in due:
        with transaction.atomic():
            registration = (
                Registration.objects.select_for_update(skip_locked=True, of=("self",))
                .select_related("event", "user")
                .filter(pk=pk, link_sent_at__isnull=True, status=RegistrationStatus.CONFIRMED)
                .first()
            )
            if registration is None:
                continue
            registration.link_sent_at = now
            registration.save(update_fields=["link_sent_at"])
            tell(registration, "events.link_released", suffix="link", with_invite=False)
            sent += 1
    return sent


def issue_certificate(registration: Registration, *, actor=None) -> Certificate:
    """The certificate of attendance of a checked-in registration, issued once (a second
    call returns the first). Side effect: audit entry on first issue."""
    if registration.checked_in_at is None:
        raise ValueError("only a checked-in registration has a certificate")
    event = registration.event
    certificate, created = Certificate.objects.get_or_create(
        registration=registration,
        defaults={
            "holder_name": registration.user.get_full_name() or registration.user.email,
            "event_title_ko": event.title_ko,
            "event_title_en": event.title_en,
            "event_starts_at": event.starts_at,
            "event_time_zone": event.time_zone,
        },
    )
    if created:
        log_action(
            registration,
            "events.certificate.issued",
            actor=actor,
            data={"code": certificate.code},
        )
    return certificate


def _follow_up(registration: Registration, materials: list[dict]) -> bool:
    """Queue the follow-up of one registration (the row is locked). False when there is
    nothing to send yet (a no-show of an event whose materials are not published)."""
    event = registration.event
    person = registration.user
    if registration.checked_in_at is not None:
        certificate = issue_certificate(registration)
        kind = "events.follow_up_attended"
        context = {
            "survey_url": event.survey_url,
            "certificate_url": certificate.get_absolute_url(),
            "certificate_code": certificate.code,
            "pdf_url": f"{event.get_absolute_url()}certificate.pdf",
        }
    else:
        if not materials:
            return False
        kind = "events.follow_up_missed"
        context = {"materials": materials}
    with in_language(person):
        context |= {"event_title": event.title, "url": event.get_absolute_url()}
        notify(person, kind, context, key=f"{kind}:{registration.pk}")
    return True


def send_follow_ups(*, now: datetime | None = None) -> int:
    """After an event (beat task): checked-in people get their certificate and the survey
    link, registered no-shows the slides and recording once they are published. Each
    person once. Returns how many were sent."""
    now = now or timezone.now()
    due = list(
        Registration.objects.filter(
            status=RegistrationStatus.CONFIRMED,
            follow_up_sent_at__isnull=True,
            event__status=EventStatus.PUBLISHED,
            event__ends_at__lte=now,
            event__ends_at__gt=now - FOLLOW_UP_WINDOW,
        ).values_list("pk", flat=True)
    )
    sent = 0
    for pk in due:
        with transaction.atomic():
            registration = (
                Registration.objects.select_for_update(skip_locked=True, of=("self",))
                .select_related("event", "user")
                .filter(pk=pk, follow_up_sent_at__isnull=True)
                .first()
            )
            if registration is None:
                continue
            materials = [
                {"title": material.title, "url": material.url}
                for material in registration.event.materials.all()
            ]
            if not _follow_up(registration, materials):
                continue
            registration.follow_up_sent_at = now
            registration.save(update_fields=["follow_up_sent_at"])
            sent += 1
    return sent
