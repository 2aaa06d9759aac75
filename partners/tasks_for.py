"""What partner representatives and programme staff have to do in the partnering office, and
the meetings to come, for /home/. Each function costs one query whatever the number of rows."""

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from core.todo import Task
from partners.models import BookingStatus, ConsultationRequest, ConsultationStatus, RoomBooking

UPCOMING_SHOWN = 5


def partner_rep_tasks(user, now) -> list[Task]:
    """Consultation requests to the rep's partners that await an answer."""
    waiting = (
        ConsultationRequest.objects.filter(
            partner__members__user=user, status=ConsultationStatus.REQUESTED
        )
        .distinct()
        .select_related("partner", "startup")
        .order_by("created_at", "pk")
    )
    return [
        Task(
            title=_("Answer the consultation request: %(topic)s") % {"topic": request.topic},
            for_whom=_("%(startup)s → %(partner)s")
            % {"startup": request.startup.name_display, "partner": request.partner.name},
            url=request.get_absolute_url(),
            action=_("Answer"),
        )
        for request in waiting
    ]


def partner_rep_upcoming(user, now) -> list[Task]:
    """Accepted meetings to come, for the rep's partners."""
    meetings = (
        ConsultationRequest.objects.filter(
            partner__members__user=user, status=ConsultationStatus.ACCEPTED, ends_at__gt=now
        )
        .distinct()
        .select_related("partner", "startup")
        .order_by("starts_at", "pk")[:UPCOMING_SHOWN]
    )
    return [
        Task(
            title=_("Consultation: %(topic)s") % {"topic": meeting.topic},
            for_whom=meeting.startup.name_display,
            starts_at=meeting.starts_at,
            ends_at=meeting.ends_at,
            url=meeting.get_absolute_url(),
            action=_("Open the request"),
        )
        for meeting in meetings
    ]


def staff_tasks(now) -> list[Task]:
    """Room bookings awaiting approval, as a count linking to the filtered admin list."""
    counts = RoomBooking.objects.aggregate(
        pending=Count("pk", filter=Q(status=BookingStatus.PENDING, ends_at__gt=now))
    )
    if not counts["pending"]:
        return []
    url = reverse("admin:partners_roombooking_changelist") + "?status__exact=pending"
    return [
        Task(
            title=_("Room bookings awaiting approval"),
            count=counts["pending"],
            url=url,
            action=_("Open the list"),
        )
    ]
