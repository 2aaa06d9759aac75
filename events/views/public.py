"""Public pages: upcoming events with filters, the archive, one event."""

import re

import qrcode
import qrcode.image.svg
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET

from accounts.rules import is_programme_staff
from core.page_cache import cached_for_visitors
from events import selectors
from events.forms import EventFilterForm, RegistrationForm, attendable_modes
from events.models import (
    AgendaItem,
    Event,
    EventStatus,
    RegistrationMode,
    RegistrationStatus,
)

PER_PAGE = 10


def visible_event(request, slug: str, queryset=None) -> Event:
    """A published or cancelled event; drafts exist only for programme staff."""
    event = get_object_or_404(queryset if queryset is not None else Event.objects, slug=slug)
    if event.status == EventStatus.DRAFT and not is_programme_staff(request.user):
        raise Http404
    return event


def qr_svg(text: str) -> str:
    """The check-in code as inline SVG. The CSP forbids inline styles: none may slip in."""
    svg = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage).to_string(
        encoding="unicode"
    )
    svg = re.sub(r'\sstyle="[^"]*"', "", svg)
    svg = re.sub(r'\swidth="[^"]*"\sheight="[^"]*"', ' width="240" height="240"', svg, count=1)
    return svg.replace("<svg ", '<svg class="qr-code img-fluid" aria-hidden="true" ', 1)


@cached_for_visitors
@require_GET
def event_list(request):
    form = EventFilterForm(request.GET)
    events = form.filter(selectors.upcoming_events())
    page = Paginator(events, PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "events/event_list.html", {"page": page, "form": form})


@cached_for_visitors
@require_GET
def past_list(request):
    events = selectors.past_events().prefetch_related("materials")
    page = Paginator(events, PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "events/past_list.html", {"page": page})


def _zones(event: Event) -> list[str]:
    """The viewer's zone first, then the event's own when it differs."""
    viewer = str(timezone.get_current_timezone())
    return [viewer] if event.time_zone == viewer else [viewer, event.time_zone]


@cached_for_visitors
@require_GET
def event_detail(request, slug: str):
    event = visible_event(
        request,
        slug,
        Event.objects.prefetch_related(
            "speakers",
            "materials",
            Prefetch("agenda", queryset=AgendaItem.objects.select_related("speaker")),
        ),
    )
    now = timezone.now()
    registration = selectors.active_registration(event, request.user)
    confirmed = registration is not None and registration.status == RegistrationStatus.CONFIRMED
    on = event.status == EventStatus.PUBLISHED
    code = selectors.checkin_token(registration) if confirmed and on else ""
    context = {
        "event": event,
        "zones": _zones(event),
        "now": now,
        "ended": event.ends_at <= now,
        "seats": [
            (RegistrationMode(mode).label, event.seats_left(mode))
            for mode in attendable_modes(event)
        ],
        "registration": registration,
        "position": selectors.waitlist_position(registration) if registration else None,
        "can_cancel": registration is not None and on and now < event.starts_at,
        "online_link": (
            event.online_link
            if confirmed
            and on
            and registration.mode == RegistrationMode.ONLINE
            and event.online_link_released(now)
            else ""
        ),
        "checkin_code": code,
        # Made by qrcode from our own signed token: nothing a user typed reaches the markup.
        "qr_code": mark_safe(qr_svg(code)) if code else "",  # noqa: S308
        "can_register": registration is None and selectors.registration_open(event, now),
        "one_click": RegistrationForm.asks_nothing(event),
        "certificate": selectors.certificate_of(registration),
        "can_check_in": request.user.has_perm("events.check_in_attendees"),
    }
    return render(request, "events/event_detail.html", context)
