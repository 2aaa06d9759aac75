"""Registering for an event and cancelling: permission → form → service → message."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.exceptions import DomainError
from events import selectors, services
from events.forms import RegistrationForm
from events.models import Registration, RegistrationStatus
from events.views.public import visible_event


def outcome_message(registration: Registration) -> str:
    if registration.status == RegistrationStatus.CONFIRMED:
        return _(
            "You are registered. A confirmation with a calendar invitation is on its way to "
            "your email."
        )
    if registration.status == RegistrationStatus.WAITLISTED:
        return _(
            "The event is full: you are number %(position)s on the waiting list. We will "
            "email you if a seat frees up."
        ) % {"position": selectors.waitlist_position(registration)}
    return _(
        "Thank you for registering. The organisers will review your registration and email you."
    )


@login_required
def register(request, slug: str):
    """GET: what the event asks. POST: services.register."""
    event = visible_event(request, slug)
    if selectors.active_registration(event, request.user) is not None:
        messages.info(request, _("You are already registered for this event."))
        return redirect(event)
    if not selectors.registration_open(event, timezone.now()):
        messages.info(request, _("Registration for this event is closed."))
        return redirect(event)
    form = RegistrationForm(request.POST if request.method == "POST" else None, event=event)
    if form.is_bound and form.is_valid():
        try:
            registration = services.register(event, user=request.user, **form.registration_data())
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, outcome_message(registration))
            return redirect(event)
    return render(request, "events/register.html", {"event": event, "form": form})


@login_required
@require_POST
def cancel(request, slug: str):
    """services.cancel_registration; a freed seat goes to the first person waiting."""
    event = visible_event(request, slug)
    registration = selectors.active_registration(event, request.user)
    if registration is None:
        messages.info(request, _("You have no registration for this event."))
        return redirect(event)
    try:
        services.cancel_registration(registration, actor=request.user)
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Your registration has been cancelled."))
    return redirect(event)
