"""Check-in at the door, from a scanned code or a name found in the list."""

from django.core import signing
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import log_action
from core.timefmt import format_datetime
from events.models import Event, EventStatus, Registration, RegistrationStatus
from events.selectors import CHECKIN_SALT
from events.services.common import EventError, RegistrationError


@transaction.atomic
def check_in(event: Event, *, token: str | None = None, registration=None, actor) -> tuple:
    """Mark attendance once, from a scanned token or a registration found by name.

    Returns (registration, first_time). A forged token, or one of another event, is refused;
    a second scan reports when the person was checked in. Locks the registration row;
    the first check-in is audit-logged; nobody is told.
    """
    if event.status != EventStatus.PUBLISHED:
        raise EventError(_("This event is not taking place."), code="not_published")
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
        Registration.objects.select_for_update(of=("self",))
        .select_related("user")
        .get(pk=registration.pk)
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
    """What the door is told when `check_in` answers that the person came in before."""
    return _("%(name)s was already checked in at %(when)s.") % {
        "name": registration.user,
        "when": format_datetime(registration.checked_in_at),
    }
