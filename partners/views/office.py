"""The partnering office: rooms with their free and busy times, booking, one's bookings."""

from datetime import date, timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from accounts.rules import is_programme_staff
from core.exceptions import DomainError
from core.responses import ics_response
from partners import selectors, services
from partners.calendar import booking_ics
from partners.forms.office import BookingForm, CancelBookingForm
from partners.models import OFFICE_TZ, OFFICE_ZONE, BookingStatus, Room, RoomBooking

PER_PAGE = 20


def _chosen_day(request) -> date:
    today = timezone.localdate(timezone=OFFICE_TZ)
    try:
        day = date.fromisoformat(request.GET.get("date", ""))
    except ValueError:
        return today
    return min(max(day, today - timedelta(days=365)), today + timedelta(days=366))


@require_GET
def office(request):
    week = request.GET.get("view") == "week"
    day = _chosen_day(request)
    first = day - timedelta(days=day.weekday()) if week else day
    days = 7 if week else 1
    rooms = Room.objects.filter(is_active=True).prefetch_related("opening_hours")
    room_slug = request.GET.get("room", "")
    if room_slug:
        rooms = rooms.filter(slug=room_slug)
    schedule = selectors.office_schedule(
        first_day=first, days=days, viewer=request.user, rooms=rooms, now=timezone.now()
    )
    step = timedelta(days=days)
    viewer_zone = str(timezone.get_current_timezone())
    return render(
        request,
        "partners/office.html",
        {
            "schedule": schedule,
            "week": week,
            "day": day,
            "first": first,
            "days": [first + timedelta(days=n) for n in range(days)],
            "previous": first - step,
            "next": first + step,
            "room_slug": room_slug,
            "all_rooms": Room.objects.filter(is_active=True),
            "office_zone": OFFICE_ZONE,
            "other_zone": viewer_zone if viewer_zone != OFFICE_ZONE else "",
            "can_book": request.user.has_perm("partners.book_rooms"),
            "today": timezone.localdate(timezone=OFFICE_TZ),
        },
    )


@login_required
def book(request, room: str):
    room = get_object_or_404(Room, slug=room, is_active=True)
    if not request.user.has_perm("partners.book_rooms"):
        raise PermissionDenied(
            _("Rooms can be booked by startup members, partner representatives and staff.")
        )
    staff = is_programme_staff(request.user)
    initial = {
        "date": request.GET.get("date", ""),
        "start": request.GET.get("start", ""),
        "end": request.GET.get("end", ""),
        "attendees": 2,
    }
    form = BookingForm(
        request.POST or None, initial=initial, room=room, user=request.user, staff=staff
    )
    if not form.has_choices:
        raise PermissionDenied(_("You cannot book this room."))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        starts_at, ends_at = data["range"]
        try:
            booking = services.book_room(
                room,
                actor=request.user,
                starts_at=starts_at,
                ends_at=ends_at,
                purpose=data["purpose"],
                attendees=data["attendees"],
                startup=data["startup"],
                partner=data["partner"],
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            if booking.status == BookingStatus.CONFIRMED:
                messages.success(request, _("The room is booked. The invitation is in your email."))
            else:
                messages.success(
                    request,
                    _("Your request is waiting for the office's approval. We will email you."),
                )
            return redirect(booking)
    return render(request, "partners/book.html", {"room": room, "form": form})


@login_required
@require_GET
def booking_list(request):
    bookings = selectors.bookings_for(request.user)
    now = timezone.now()
    upcoming = bookings.filter(ends_at__gt=now).order_by("starts_at")
    past = bookings.filter(ends_at__lte=now)
    page = Paginator(past, PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "partners/booking_list.html", {"upcoming": upcoming[:50], "page": page})


def _visible(request, pk: int) -> RoomBooking:
    booking = get_object_or_404(
        RoomBooking.objects.select_related("room", "startup", "partner", "booked_by"), pk=pk
    )
    if not request.user.has_perm("partners.see_booking", booking):
        raise Http404
    return booking


@login_required
@require_GET
def booking_detail(request, pk: int):
    booking = _visible(request, pk)
    return render(request, "partners/booking_detail.html", _detail(booking))


def _detail(booking: RoomBooking, form=None) -> dict:
    cancellable = selectors.booking_cancellable(booking, now=timezone.now())
    return {
        "booking": booking,
        "consultation": getattr(booking, "consultation", None),
        "cancel_form": (form or CancelBookingForm()) if cancellable else None,
    }


@login_required
def booking_cancel(request, pk: int):
    booking = _visible(request, pk)
    if request.method != "POST":
        return redirect(booking)
    form = CancelBookingForm(request.POST)
    if form.is_valid():
        try:
            services.cancel_booking(booking, actor=request.user, reason=form.cleaned_data["reason"])
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The booking is cancelled. The room is free again."))
            return redirect(booking)
    return render(request, "partners/booking_detail.html", _detail(booking, form))


@login_required
@require_GET
def booking_calendar(request, pk: int):
    booking = _visible(request, pk)
    if not booking.has_calendar_file:
        raise Http404
    return ics_response(booking_ics(booking), filename=f"room-booking-{booking.pk}.ics")
