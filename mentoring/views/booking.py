"""Booking: a week of the coach's free slots in both zones, then book_session.

The week's slot list is also served alone to htmx (previous / next week); without JavaScript
the same links load the whole page.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import partial
from zoneinfo import ZoneInfo

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _

from accounts import viewer
from core import fragments
from core.exceptions import DomainError
from core.timefmt import KO_WEEKDAYS
from mentoring import selectors, services
from mentoring.forms import BookingForm, slot_value
from mentoring.models import Engagement

# Slots outside these hours of the viewer's day are flagged, so nobody books 03:00 by mistake.
DAY_STARTS, DAY_ENDS = time(8), time(20)


def _engagement_to_book(request, pk: int) -> Engagement:
    engagement = get_object_or_404(
        Engagement.objects.select_related("coach__user", "startup"), pk=pk
    )
    if not request.user.has_perm("mentoring.book_in_engagement", engagement):
        raise Http404
    return engagement


# --- the slot picker ----------------------------------------------------------------------


@dataclass(frozen=True)
class SlotChoice:
    value: str  # UTC ISO, the radio's value
    starts_at: datetime
    ends_at: datetime
    viewer_label: str
    coach_label: str  # empty when the coach is in the viewer's zone
    outside_hours: bool
    current: bool = False  # the time of the session being moved


@dataclass
class Day:
    date: date
    slots: list[SlotChoice] = field(default_factory=list)


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _weekday_names() -> tuple[str, ...]:
    """Monday to Sunday, short, in the active language: worked out once per week shown."""
    if (translation.get_language() or "ko").startswith("ko"):
        return tuple(KO_WEEKDAYS)
    monday = date(2026, 1, 5)
    return tuple(f"{monday + timedelta(days=offset):%a}" for offset in range(7))


def _short_label(moment: datetime, zone, weekdays: tuple[str, ...]) -> str:
    """ "화 22:00 KST" / "Tue 09:00 EDT": weekday, time and zone, in the active language."""
    local = moment.astimezone(zone)
    return f"{weekdays[local.weekday()]} {local:%H:%M} {local.tzname()}"


def _outside_hours(starts_at: datetime, ends_at: datetime, zone) -> bool:
    start, end = starts_at.astimezone(zone), ends_at.astimezone(zone)
    return start.time() < DAY_STARTS or end.date() != start.date() or end.time() > DAY_ENDS


def slot_picker(
    request, engagement: Engagement, *, now: datetime, around=None, excluding=None, current=None
) -> dict:
    """One week (Monday to Sunday in the viewer's zone) of the engagement's free slots."""
    coach = engagement.coach
    viewer_zone = timezone.get_current_timezone()
    coach_zone = ZoneInfo(coach.time_zone)
    same_zone = str(viewer_zone) == coach.time_zone
    this_week = _monday(timezone.localtime(now, viewer_zone).date())
    last_week = _monday(
        timezone.localtime(now + timedelta(days=coach.horizon_days), viewer_zone).date()
    )
    try:
        week = _monday(date.fromisoformat(request.GET.get("week", "")))
    except ValueError:
        first = around or now + timedelta(hours=coach.min_notice_hours)
        week = _monday(timezone.localtime(first, viewer_zone).date())
    week = min(max(week, this_week), last_week)

    start = datetime.combine(week, time.min, tzinfo=viewer_zone)
    end = datetime.combine(week + timedelta(days=7), time.min, tzinfo=viewer_zone)
    first_coach_day = start.astimezone(coach_zone).date()
    coach_days = (end.astimezone(coach_zone).date() - first_coach_day).days + 1
    slots = selectors.free_slots(
        engagement, first_day=first_coach_day, days=coach_days, now=now, excluding=excluding
    )
    days = {
        week + timedelta(days=offset): Day(week + timedelta(days=offset)) for offset in range(7)
    }
    weekdays = _weekday_names()
    for slot in slots:
        if not start <= slot.starts_at < end:
            continue
        days[slot.starts_at.astimezone(viewer_zone).date()].slots.append(
            SlotChoice(
                value=slot_value(slot.starts_at),
                starts_at=slot.starts_at,
                ends_at=slot.ends_at,
                viewer_label=_short_label(slot.starts_at, viewer_zone, weekdays),
                coach_label="" if same_zone else _short_label(slot.starts_at, coach_zone, weekdays),
                outside_hours=_outside_hours(slot.starts_at, slot.ends_at, viewer_zone),
                current=slot.starts_at == current,
            )
        )
    return {
        "week": week,
        "week_end": week + timedelta(days=6),
        "days": list(days.values()),
        "slot_count": sum(len(day.slots) for day in days.values()),
        "previous_week": week - timedelta(days=7) if week > this_week else None,
        "next_week": week + timedelta(days=7) if week < last_week else None,
        "viewer_zone": str(viewer_zone),
        "coach_zone": coach.time_zone,
        "same_zone": same_zone,
        "picker_url": request.path,
    }


def with_picker(request, template: str, context: dict):
    """The whole page, or only the slot list when htmx asks for another week."""
    if request.htmx and request.method == "GET":
        response = render(request, "mentoring/_slot_picker.html", context)
    else:
        response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


# --- booking ------------------------------------------------------------------------------


@login_required
def book(request, pk: int):
    """A week of free slots in both zones; choosing one and "Book" calls book_session."""
    if request.method == "GET" and not request.htmx:
        return _kept_booking_page(request, pk)
    engagement = _engagement_to_book(request, pk)
    now = timezone.now()
    form = BookingForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            session = services.book_session(
                engagement,
                actor=request.user,
                starts_at=form.cleaned_data["starts_at"],
                session_format=form.cleaned_data["session_format"],
                agenda=form.cleaned_data["agenda"],
            )
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _("Your session is booked. Everyone taking part gets an email with a calendar "
                  "invitation."),
            )  # fmt: skip
            return redirect(session)
    context = _booking_context(request, engagement, form, now)
    if request.htmx and request.method == "GET":  # another week: the slot list alone
        return with_picker(request, "mentoring/_slot_picker.html", context)
    return _booking_page(request, _booking_parts(request, context))


def _booking_context(request, engagement, form, now) -> dict:
    allotment = selectors.allotment_of(engagement)
    around = getattr(form, "cleaned_data", {}).get("starts_at")
    return {
        "engagement": engagement,
        "coach": engagement.coach,
        "form": form,
        "used": allotment.used,
        "remaining": allotment.remaining,
        "can_book": allotment.can_book,
        "selected": form["starts_at"].value(),
        **slot_picker(request, engagement, now=now, around=around),
    }


def _booking_parts(request, context) -> tuple[str, str]:
    """The page's content before its form, and the form's fields (the CSRF token goes between,
    per request); no form once nothing can be booked."""
    head = render_to_string("mentoring/_book_head.html", context, request)
    if not context["can_book"]:
        return head, ""
    return head, render_to_string("mentoring/_book_form.html", context, request)


def _booking_page(request, parts: tuple[str, str]):
    head, fields = parts
    response = render(request, "mentoring/book.html", {"head": head, "fields": fields})
    patch_vary_headers(response, ["HX-Request"])
    return response


def _kept_booking_page(request, pk: int):
    """The booking page as kept (core.fragments): until the engagement, its sessions, the
    coach's availability or sessions, the startup's sessions or a name shown changes, or the
    clock changes the week (`_clock_change`). Only the CSRF token is the request's own."""
    people = fragments.kept(
        "engagement-people",
        (pk,),
        [selectors.engagement_topic(pk)],
        partial(selectors.engagement_people, pk),
    )
    if people is None or not viewer.member_of(request, people[0]):
        raise Http404
    startup_id, coach_id, coach_user_id = people

    def build():
        engagement = _engagement_to_book(request, pk)
        now = timezone.now()
        context = _booking_context(request, engagement, BookingForm(), now)
        return fragments.Expiring(
            _booking_parts(request, context), _clock_change(engagement, context, now)
        )

    parts = fragments.kept(
        "booking",
        fragments.for_viewer(request),
        selectors.booking_topics(pk, startup_id, coach_id, coach_user_id),
        build,
    )
    return _booking_page(request, parts)


def _clock_change(engagement, picker: dict, now) -> datetime:
    """When the clock alone changes the picker built at `now`: a slot of its days passes the
    notice or enters the horizon, this week ends, or the last week or the first week shown by
    default moves on."""
    coach, zone = engagement.coach, timezone.get_current_timezone()
    notice, horizon = timedelta(hours=coach.min_notice_hours), timedelta(days=coach.horizon_days)

    def next_monday(moment) -> datetime:
        monday = _monday(timezone.localtime(moment, zone).date()) + timedelta(days=7)
        return datetime.combine(monday, time.min, tzinfo=zone)

    first = datetime.combine(picker["week"], time.min, tzinfo=zone)
    coach_zone = ZoneInfo(coach.time_zone)
    first_day = first.astimezone(coach_zone).date()
    # Seven days in the viewer's zone span eight or nine in the coach's; more days only make
    # the answer earlier, never late.
    slots_change = selectors.next_clock_change(engagement, first_day=first_day, days=9, now=now)
    moments = [
        next_monday(now),
        next_monday(now + horizon) - horizon,
        next_monday(now + notice) - notice,
        slots_change,
    ]
    return min(moment for moment in moments if moment is not None)
