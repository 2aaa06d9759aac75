"""The coach's and the startup's dashboard; the coach's availability."""

from datetime import date, timedelta
from zoneinfo import ZoneInfo

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from core.exceptions import DomainError
from mentoring import selectors, services
from mentoring.forms import ExceptionFormSet, RulesForm, WindowFormSet
from mentoring.models import SessionStatus
from mentoring.utilisation import coach_utilisation, months_between

# The coach's own page shows the utilisation of this month and the five before it.
UTILISATION_MONTHS = 6

PAST_PER_PAGE = 20


# --- dashboard ----------------------------------------------------------------------------


@login_required
@require_GET
def dashboard(request):
    """A coach's engagements and sessions, a startup member's coaching, or what to do next."""
    user, now = request.user, timezone.now()
    context: dict = {"coaching": None, "mentee": None}
    if user.has_perm("mentoring.edit_availability"):
        engagements = list(selectors.engagements_of_coach(user))
        context["coaching"] = {
            "coach": user.coach_profile,
            "engagements": engagements,
            "upcoming": list(selectors.upcoming_sessions(engagements=engagements, now=now)),
            "awaiting_outcome": list(
                selectors.past_sessions(engagements=engagements, now=now).filter(
                    status=SessionStatus.BOOKED
                )
            ),
            "has_availability": user.coach_profile.windows.exists(),
            "utilisation": _own_utilisation(user.coach_profile, now=now),
        }
    engagements = list(selectors.engagements_of_startup_member(user))
    if engagements:
        for engagement in engagements:
            allotment = selectors.allotment_of(engagement, used=engagement.used)
            engagement.remaining, engagement.can_book = allotment.remaining, allotment.can_book
        past = selectors.past_sessions(engagements=engagements, now=now)
        context["mentee"] = {
            "engagements": engagements,
            "upcoming": list(selectors.upcoming_sessions(engagements=engagements, now=now)),
            "past": Paginator(past, PAST_PER_PAGE).get_page(request.GET.get("page")),
        }
    return render(request, "mentoring/dashboard.html", context)


def _own_utilisation(coach, *, now) -> list:
    """The coach's hours offered, booked and held in the last months, in the coach's zone,
    latest first."""
    today = timezone.localtime(now, ZoneInfo(coach.time_zone)).date()
    first = today.replace(day=1)
    for _month in range(UTILISATION_MONTHS - 1):
        first = (first - timedelta(days=1)).replace(day=1)
    rows = coach_utilisation(months=months_between(first, today), coach_ids=[coach.pk])
    return list(reversed(rows))


# --- availability -------------------------------------------------------------------------


@login_required
def availability(request):
    """The coach's weekly windows, date exceptions and booking rules, in the coach's zone."""
    if not request.user.has_perm("mentoring.edit_availability"):
        raise PermissionDenied
    coach = request.user.coach_profile
    coach_zone = ZoneInfo(coach.time_zone)
    today = timezone.localtime(timezone.now(), coach_zone).date()
    data = request.POST if request.method == "POST" else None
    rules_form = RulesForm.for_coach(coach, data)
    windows = WindowFormSet(
        data,
        prefix="windows",
        initial=[
            {"weekday": w.weekday, "starts": w.starts, "ends": w.ends} for w in coach.windows.all()
        ],
    )
    exceptions = ExceptionFormSet(
        data,
        prefix="exceptions",
        initial=[
            {"date": e.date, "kind": e.kind, "starts": e.starts, "ends": e.ends}
            for e in coach.exceptions.filter(date__gte=today)
        ],
    )
    if data is not None and all(f.is_valid() for f in (rules_form, windows, exceptions)):
        try:
            services.save_availability(
                coach,
                actor=request.user,
                windows=windows.rows(),
                exceptions=exceptions.rows(),
                rules=rules_form.cleaned_data,
            )
        except DomainError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Your availability has been saved."))
            return redirect("mentoring:availability")
    preview: dict[date, list] = {today + timedelta(days=n): [] for n in range(14)}
    for slot in selectors.availability_slots(coach, first_day=today, days=14):
        preview.setdefault(slot.starts_at.astimezone(coach_zone).date(), []).append(slot)
    context = {
        "coach": coach,
        "rules_form": rules_form,
        "windows": windows,
        "exceptions": exceptions,
        "has_errors": bool(
            rules_form.errors or windows.total_error_count() or exceptions.total_error_count()
        ),
        "preview": sorted(preview.items()),
    }
    return render(request, "mentoring/availability.html", context)
