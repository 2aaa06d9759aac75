"""Seminars, symposia and tech exchanges: the public calendar and its registrations.

Seats are counted on the event row (confirmed_onsite, confirmed_online) in the same
transaction that confirms or cancels a registration, under a row lock on the event, and a
database check keeps each count within its capacity: however many people register at once,
an event is never overbooked.
"""

import secrets
import uuid
from datetime import datetime, timedelta

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.models import validate_time_zone
from core.i18n import Bilingual
from core.models import TimeStampedModel


class EventKind(models.TextChoices):
    SEMINAR = "seminar", _("Seminar")
    SYMPOSIUM = "symposium", _("International symposium")
    TECH_EXCHANGE = "tech_exchange", _("Tech exchange")
    NETWORKING = "networking", _("Networking")
    INFO_SESSION = "info_session", _("Information session for a challenge")


class EventFormat(models.TextChoices):
    ONSITE = "onsite", pgettext_lazy("event format", "On site")
    ONLINE = "online", pgettext_lazy("event format", "Online")
    HYBRID = "hybrid", _("On site and online")


class EventLanguage(models.TextChoices):
    KO = "ko", _("Korean")
    EN = "en", _("English")
    BOTH = "ko_en", _("Korean and English")


class EventStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    CANCELLED = "cancelled", _("Cancelled")


# What each status may become (services.publish_event, services.cancel_event).
EVENT_TRANSITIONS = {
    EventStatus.DRAFT: {EventStatus.PUBLISHED, EventStatus.CANCELLED},
    EventStatus.PUBLISHED: {EventStatus.CANCELLED},
    EventStatus.CANCELLED: set(),
}


class Event(TimeStampedModel):
    slug = models.SlugField(_("slug"), unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=EventKind.choices)
    title_ko = models.CharField(_("title (Korean)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200)
    summary_ko = models.TextField(_("summary (Korean)"), max_length=600, blank=True)
    summary_en = models.TextField(_("summary (English)"), max_length=600, blank=True)
    description_ko = models.TextField(_("description (Korean, Markdown)"), blank=True)
    description_en = models.TextField(_("description (English, Markdown)"), blank=True)
    starts_at = models.DateTimeField(_("starts"), db_index=True)
    ends_at = models.DateTimeField(_("ends"))
    time_zone = models.CharField(
        _("time zone of the event"),
        max_length=64,
        default="Asia/Seoul",
        validators=[validate_time_zone],
    )
    format = models.CharField(
        _("format"), max_length=10, choices=EventFormat.choices, default=EventFormat.ONSITE
    )
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    venue_en = models.CharField(_("venue in English"), max_length=200, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    address_en = models.CharField(_("address in English"), max_length=300, blank=True)
    online_link = models.URLField(
        _("online link"), blank=True, help_text=_("Shown only to confirmed registrants.")
    )
    online_link_release = models.DurationField(
        _("online link released before the start"),
        default=timedelta(hours=1),
        # The release sweep (services.after.send_online_links) looks a week ahead at most.
        validators=[MinValueValidator(timedelta(0)), MaxValueValidator(timedelta(days=7))],
        help_text=_(
            "How long before the start confirmed online registrants receive the online link "
            "(at most 7 days)."
        ),
    )
    survey_url = models.URLField(
        _("survey after the event (link)"),
        blank=True,
        help_text=_("Sent once, after the event, to the people who were checked in."),
    )
    language = models.CharField(
        _("language of the talks"), max_length=10, choices=EventLanguage.choices, default="ko"
    )
    capacity_onsite = models.PositiveIntegerField(_("seats on site"), default=0)
    capacity_online = models.PositiveIntegerField(_("places online"), default=0)
    confirmed_onsite = models.PositiveIntegerField(
        default=0, editable=False, verbose_name=_("seats taken on site")
    )
    confirmed_online = models.PositiveIntegerField(
        default=0, editable=False, verbose_name=_("places taken online")
    )
    registration_opens_at = models.DateTimeField(_("registration opens"), null=True, blank=True)
    registration_closes_at = models.DateTimeField(_("registration closes"), null=True, blank=True)
    needs_approval = models.BooleanField(_("registrations need approval"), default=False)
    ask_affiliation = models.BooleanField(_("ask for the affiliation"), default=True)
    ask_dietary_needs = models.BooleanField(_("ask for dietary needs"), default=False)
    status = models.CharField(
        _("status"), max_length=10, choices=EventStatus.choices, default=EventStatus.DRAFT
    )
    # Calendar identity: the UID never changes; SEQUENCE grows with every published change.
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False, verbose_name=_("UID"))
    sequence = models.PositiveIntegerField(
        default=0, editable=False, verbose_name=_("calendar revision")
    )

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="event_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(confirmed_onsite__lte=F("capacity_onsite")),
                name="event_onsite_within_capacity",
            ),
            models.CheckConstraint(
                condition=Q(confirmed_online__lte=F("capacity_online")),
                name="event_online_within_capacity",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("events:detail", args=[self.slug])

    title = Bilingual("title")

    summary = Bilingual("summary")

    description = Bilingual("description")

    # The venue and address in the active language; the Korean ones when no English is given.
    venue_display = Bilingual("venue", korean="venue")

    address_display = Bilingual("address", korean="address")

    def seats_left(self, mode: str) -> int:
        if mode == "online":
            return self.capacity_online - self.confirmed_online
        return self.capacity_onsite - self.confirmed_onsite

    def online_link_released(self, now: datetime) -> bool:
        """Whether the online link may be given (to confirmed online registrants) at `now`."""
        return now >= self.starts_at - self.online_link_release

    @property
    def modes(self) -> list[str]:
        return {"onsite": ["onsite"], "online": ["online"], "hybrid": ["onsite", "online"]}[
            self.format
        ]


class Speaker(models.Model):
    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="speakers", verbose_name=_("event")
    )
    name = models.CharField(_("name"), max_length=150)
    affiliation = models.CharField(_("affiliation"), max_length=200, blank=True)
    bio = models.TextField(_("biography"), blank=True)
    photo_url = models.URLField(_("photo (link)"), blank=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("speaker")
        verbose_name_plural = _("speakers")
        ordering = ["sort_order", "id"]

    def __str__(self) -> str:
        return self.name


class AgendaItem(models.Model):
    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="agenda", verbose_name=_("event")
    )
    starts_at = models.DateTimeField(_("time"))
    title = models.CharField(pgettext_lazy("heading", "title"), max_length=200)
    speaker = models.ForeignKey(
        Speaker,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("speaker"),
    )

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = pgettext_lazy("event programme", "agenda")
        ordering = ["starts_at", "id"]

    def __str__(self) -> str:
        return self.title


class Material(models.Model):
    """Slides or a recording, published after the event."""

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="materials", verbose_name=_("event")
    )
    title = models.CharField(pgettext_lazy("heading", "title"), max_length=200)
    url = models.URLField(_("link"))

    class Meta:
        verbose_name = _("material")
        verbose_name_plural = _("materials")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.title


class RegistrationStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for approval")
    CONFIRMED = "confirmed", pgettext_lazy("event registration status", "Confirmed")
    WAITLISTED = "waitlisted", _("On the waiting list")
    CANCELLED = "cancelled", _("Cancelled")


# What each status may become: approval decides a pending one, a freed seat goes to the
# waiting list, anyone may cancel until the event starts (services.registration).
REGISTRATION_TRANSITIONS = {
    RegistrationStatus.PENDING: {
        RegistrationStatus.CONFIRMED,
        RegistrationStatus.WAITLISTED,
        RegistrationStatus.CANCELLED,
    },
    RegistrationStatus.WAITLISTED: {RegistrationStatus.CONFIRMED, RegistrationStatus.CANCELLED},
    RegistrationStatus.CONFIRMED: {RegistrationStatus.CANCELLED},
    RegistrationStatus.CANCELLED: set(),
}


class RegistrationMode(models.TextChoices):
    ONSITE = "onsite", pgettext_lazy("attendance", "On site")
    ONLINE = "online", pgettext_lazy("attendance", "Online")


class Registration(TimeStampedModel):
    event = models.ForeignKey(
        Event, on_delete=models.PROTECT, related_name="registrations", verbose_name=_("event")
    )
    # Emptied a year after the event (core/privacy.py): the row stays for the counts.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="event_registrations",
        verbose_name=_("user"),
    )
    mode = models.CharField(
        _("attending"), max_length=10, choices=RegistrationMode.choices, default="onsite"
    )
    status = models.CharField(
        _("status"), max_length=12, choices=RegistrationStatus.choices, db_index=True
    )
    affiliation = models.CharField(_("affiliation"), max_length=200, blank=True)
    dietary_needs = models.CharField(_("dietary needs"), max_length=200, blank=True)
    # When the person joined the waiting list: the list is served first come, first served.
    waitlisted_at = models.DateTimeField(null=True, blank=True, verbose_name=_("waitlisted at"))
    cancelled_at = models.DateTimeField(null=True, blank=True, verbose_name=_("cancelled at"))
    checked_in_at = models.DateTimeField(_("checked in at"), null=True, blank=True)
    reminder_sent_at = models.DateTimeField(
        null=True, blank=True, verbose_name=_("reminder sent at")
    )
    link_sent_at = models.DateTimeField(
        null=True, blank=True, verbose_name=_("online link sent at")
    )
    follow_up_sent_at = models.DateTimeField(
        null=True, blank=True, verbose_name=_("follow-up sent at")
    )

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "user"],
                condition=~Q(status="cancelled"),
                name="one_active_registration_per_person",
            )
        ]
        indexes = [models.Index(fields=["event", "status", "mode", "waitlisted_at"])]

    def __str__(self) -> str:
        return f"{self.user or '—'} @ {self.event}"


# No 0/O or 1/I/L: a code read aloud or typed from paper is not mistaken.
CERTIFICATE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


def new_certificate_code() -> str:
    """12 random characters (about 59 bits): unguessable, so a changed code verifies nothing."""
    return "".join(secrets.choice(CERTIFICATE_ALPHABET) for _ in range(12))


class Certificate(models.Model):
    """A certificate of attendance for a checked-in registration. The name and the event's
    title and date are copied at issue so the verification page shows what was printed."""

    registration = models.OneToOneField(
        Registration,
        on_delete=models.PROTECT,
        related_name="certificate",
        verbose_name=_("registration"),
    )
    code = models.CharField(
        _("verification code"), max_length=16, unique=True, default=new_certificate_code
    )
    holder_name = models.CharField(_("name"), max_length=200)
    event_title_ko = models.CharField(_("title (Korean)"), max_length=200)
    event_title_en = models.CharField(_("title (English)"), max_length=200)
    event_starts_at = models.DateTimeField(_("starts"))
    event_time_zone = models.CharField(_("time zone of the event"), max_length=64)
    issued_at = models.DateTimeField(_("issued at"), auto_now_add=True)

    class Meta:
        verbose_name = _("certificate of attendance")
        verbose_name_plural = _("certificates of attendance")
        ordering = ["-issued_at"]

    def __str__(self) -> str:
        return self.code

    event_title = Bilingual("event_title")

    def get_absolute_url(self) -> str:
        return reverse("certificate_verify", args=[self.code])
