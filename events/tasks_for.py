"""The events a person is registered for, for the "coming up" part of /home/ (one query)."""

from django.utils.translation import gettext as _

from core.todo import Task
from events.models import Registration, RegistrationStatus

UPCOMING_SHOWN = 5


def attendee_upcoming(user, now) -> list[Task]:
    registrations = (
        Registration.objects.filter(
            user=user,
            status__in=[RegistrationStatus.CONFIRMED, RegistrationStatus.WAITLISTED,
                        RegistrationStatus.PENDING],
            event__ends_at__gt=now,
        )
        .select_related("event")
        .order_by("event__starts_at", "pk")[:UPCOMING_SHOWN]
    )  # fmt: skip
    return [
        Task(
            title=registration.event.title,
            for_whom=registration.get_status_display(),
            starts_at=registration.event.starts_at,
            ends_at=registration.event.ends_at,
            url=registration.event.get_absolute_url(),
            action=_("See the event"),
        )
        for registration in registrations
    ]
