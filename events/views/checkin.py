"""Check-in at the door: scan a code or find a name; staff only (404 for anyone else)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from core.exceptions import DomainError
from events import services
from events.forms import CheckInSearchForm, CheckInTokenForm
from events.models import Event, Registration, RegistrationStatus

PER_PAGE = 25


def _registration_from(event: Event, value: str) -> Registration | None:
    try:
        pk = int(value)
    except (TypeError, ValueError):
        return None
    return Registration.objects.filter(pk=pk, event=event).first()


@login_required
def checkin(request, slug: str):
    """GET: the scan field, counts and the confirmed registrants (?q= by name or email).
    POST: services.check_in with a token, or with a registration chosen from the list."""
    if not request.user.has_perm("events.check_in_attendees"):
        raise Http404
    event = get_object_or_404(Event, slug=slug)
    search = CheckInSearchForm(request.GET)
    query = search.cleaned_data["q"].strip() if search.is_valid() else ""
    token_form = CheckInTokenForm()
    if request.method == "POST":
        token, registration = None, None
        if "registration" in request.POST:
            registration = _registration_from(event, request.POST["registration"])
            valid = True
        else:
            token_form = CheckInTokenForm(request.POST)
            valid = token_form.is_valid()
            token = token_form.cleaned_data["token"] if valid else None
        if valid:
            try:
                registration, first_time = services.check_in(
                    event, token=token, registration=registration, actor=request.user
                )
            except DomainError as error:
                messages.error(request, str(error))
            else:
                if first_time:
                    messages.success(
                        request,
                        _("%(name)s is checked in (%(mode)s).")
                        % {"name": registration.user, "mode": registration.get_mode_display()},
                    )
                else:
                    messages.warning(request, services.already_checked_in_message(registration))
            url = reverse("events:checkin", args=[event.slug])
            return redirect(f"{url}?{urlencode({'q': query})}" if query else url)
    confirmed = event.registrations.filter(status=RegistrationStatus.CONFIRMED)
    counts = confirmed.aggregate(
        registered=Count("pk"), checked_in=Count("pk", filter=Q(checked_in_at__isnull=False))
    )
    people = confirmed.select_related("user").order_by("user__name", "user__email")
    if query:
        people = people.filter(
            Q(user__name__icontains=query)
            | Q(user__email__icontains=query)
            | Q(affiliation__icontains=query)
        )
    page = Paginator(people, PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "event": event,
        "token_form": token_form,
        "search": search,
        "query": query,
        "page": page,
        "counts": counts,
    }
    return render(request, "events/checkin.html", context)
