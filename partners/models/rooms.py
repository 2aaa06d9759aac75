"""The partnering office's meeting rooms, their hours and closed dates, and bookings."""

import uuid
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.models import BilingualNameMixin, Startup
from core.constraints import UniqueErrorsBesideFields
from core.i18n import Bilingual
from core.models import TimeStampedModel, Weekday
from partners.models.organisations import IMAGE_VALIDATORS, Partner, room_photo_path

OFFICE_ZONE = "Asia/Seoul"
OFFICE_TZ = ZoneInfo(OFFICE_ZONE)
BOOKING_STEP_MINUTES = 30


class Room(BilingualNameMixin, TimeStampedModel):
    slug = models.SlugField(_("slug"), unique=True)
    floor = models.CharField(_("floor"), max_length=40, help_text=_("For example “GCB 3F”."))
    capacity = models.PositiveSmallIntegerField(_("capacity (people)"))
    equipment_ko = models.TextField(_("equipment (Korean)"), blank=True)
    equipment_en = models.TextField(_("equipment (English)"), blank=True)
    photo = models.ImageField(
        _("photo"),
        upload_to=room_photo_path,
        blank=True,
        max_length=200,
        validators=IMAGE_VALIDATORS,
    )
    open_to_startups = models.BooleanField(_("startups may book"), default=True)
    open_to_partners = models.BooleanField(_("partner representatives may book"), default=True)
    requires_approval = models.BooleanField(
        _("bookings need staff approval"),
        default=False,
        help_text=_("Staff bookings and consultation meetings are confirmed at once."),
    )
    max_minutes = models.PositiveSmallIntegerField(_("longest booking (minutes)"), default=120)
    horizon_days = models.PositiveSmallIntegerField(_("bookable days ahead"), default=30)
    is_active = models.BooleanField(_("active"), default=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    equipment = Bilingual("equipment")

    class Meta:
        verbose_name = _("meeting room")
        verbose_name_plural = _("meeting rooms")
        ordering = ["sort_order", "slug"]
        constraints = [
            models.CheckConstraint(condition=Q(capacity__gte=1), name="partners_room_capacity"),
            models.CheckConstraint(
                condition=Q(max_minutes__gte=BOOKING_STEP_MINUTES), name="partners_room_max_minutes"
            ),
        ]


class OpeningHours(UniqueErrorsBesideFields, models.Model):
    """A room's opening hours on one weekday, wall-clock time in Seoul."""

    room = models.ForeignKey(
        Room, on_delete=models.CASCADE, related_name="opening_hours", verbose_name=_("room")
    )
    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=Weekday.choices)
    opens = models.TimeField(_("opens"))
    closes = models.TimeField(_("closes"))

    class Meta:
        verbose_name = _("opening hours")
        verbose_name_plural = _("opening hours")
        ordering = ["weekday"]
        constraints = [
            models.UniqueConstraint(
                fields=["room", "weekday"],
                name="partners_hours_one_per_day",
                violation_error_code="unique",
                violation_error_message=_("This room already has opening hours on this weekday."),
            ),
            models.CheckConstraint(condition=Q(closes__gt=F("opens")), name="partners_hours_order"),
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.opens:%H:%M}–{self.closes:%H:%M}"


class ClosedDate(UniqueErrorsBesideFields, models.Model):
    """A date the office (no room) or one room is closed: public holidays, maintenance."""

    room = models.ForeignKey(
        Room,
        on_delete=models.CASCADE,
        related_name="closed_dates",
        null=True,
        blank=True,
        help_text=_("Leave empty to close every room."),
        verbose_name=_("room"),
    )
    date = models.DateField(pgettext_lazy("calendar day", "date"))
    reason_ko = models.CharField(_("reason (Korean)"), max_length=200, blank=True)
    reason_en = models.CharField(_("reason (English)"), max_length=200, blank=True)

    reason = Bilingual("reason")

    class Meta:
        verbose_name = _("closed date")
        verbose_name_plural = _("closed dates")
        ordering = ["date"]
        constraints = [
            models.UniqueConstraint(
                fields=["room", "date"],
                condition=Q(room__isnull=False),
                name="partners_closed_room_unique",
                violation_error_code="unique",
                violation_error_message=_("This room is already closed on this date."),
            ),
            models.UniqueConstraint(
                fields=["date"],
                condition=Q(room__isnull=True),
                name="partners_closed_office_unique",
                violation_error_code="unique",
                violation_error_message=_("The whole office is already closed on this date."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.reason}".strip()


class BookingStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting approval")
    CONFIRMED = "confirmed", pgettext_lazy("room booking status", "Confirmed")
    DECLINED = "declined", _("Declined")
    CANCELLED = "cancelled", _("Cancelled")


BOOKING_TRANSITIONS = {
    BookingStatus.PENDING: {
        BookingStatus.CONFIRMED,
        BookingStatus.DECLINED,
        BookingStatus.CANCELLED,
    },
    BookingStatus.CONFIRMED: {BookingStatus.CANCELLED},
    BookingStatus.DECLINED: set(),
    BookingStatus.CANCELLED: set(),
}
# Only confirmed bookings hold the room. Pending requests for a room that needs approval may
# overlap one another; approving one declines the others.
ACTIVE_BOOKING_STATUSES = (BookingStatus.PENDING, BookingStatus.CONFIRMED)


class RoomBooking(TimeStampedModel):
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False, verbose_name=_("UID"))
    room = models.ForeignKey(
        Room, on_delete=models.PROTECT, related_name="bookings", verbose_name=_("room")
    )
    booked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="room_bookings",
        verbose_name=_("booked by"),
    )
    startup = models.ForeignKey(
        Startup,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="room_bookings",
        verbose_name=_("startup"),
    )
    partner = models.ForeignKey(
        Partner,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="room_bookings",
        verbose_name=_("partner"),
    )
    purpose = models.CharField(_("purpose"), max_length=200)
    attendees = models.PositiveSmallIntegerField(_("attendees"))
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    status = models.CharField(
        _("status"), max_length=10, choices=BookingStatus.choices, default=BookingStatus.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decline_reason = models.TextField(_("reason for declining"), blank=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    cancel_reason = models.TextField(_("reason for cancelling"), blank=True)
    sequence = models.PositiveIntegerField(default=0, verbose_name=_("calendar revision"))
    reminder_sent_at = models.DateTimeField(
        null=True, blank=True, verbose_name=_("reminder sent at")
    )

    class Meta:
        verbose_name = _("room booking")
        verbose_name_plural = _("room bookings")
        ordering = ["starts_at"]
        permissions = [("approve_booking", "Can approve and decline room bookings")]
        indexes = [models.Index(fields=["room", "starts_at"], name="partners_booking_room_start")]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="partners_booking_order"
            ),
            models.CheckConstraint(condition=Q(attendees__gte=1), name="partners_booking_people"),
        ]
        # The exclusion constraint (no two confirmed bookings of a room overlap) is created by
        # migration 0003 on PostgreSQL: SQLite cannot migrate it.

    def __str__(self) -> str:
        return f"{self.room} {self.starts_at:%Y-%m-%d %H:%M}"

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_BOOKING_STATUSES

    @property
    def has_calendar_file(self) -> bool:
        """Its calendar file exists once it was confirmed (it may since have been cancelled)."""
        return self.status in (BookingStatus.CONFIRMED, BookingStatus.CANCELLED)

    def get_absolute_url(self) -> str:
        return reverse("partners:booking", args=[self.pk])
