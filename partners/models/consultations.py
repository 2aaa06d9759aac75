"""Consultations (상담): a startup asks a partner for a meeting; the partner's reps answer."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.models import Startup, TherapeuticArea
from core.models import TimeStampedModel
from core.uploads import random_upload_path
from partners.models.organisations import Partner
from partners.models.rooms import RoomBooking

MAX_PREFERRED_TIMES = 3


class MeetingMode(models.TextChoices):
    IN_PERSON = "in_person", _("In person at the partnering office")
    ONLINE = "online", _("Online (video call)")


class ConsultationStatus(models.TextChoices):
    REQUESTED = "requested", pgettext_lazy("consultation status", "Requested")
    PROPOSED = "proposed", _("Other time proposed")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    CANCELLED = "cancelled", _("Cancelled")


class ProposedBy(models.TextChoices):
    STARTUP = "startup", _("Startup")
    PARTNER = "partner", _("Partner")


CONSULTATION_TRANSITIONS = {
    # the partner answers a request: accept one of the times, propose another, or decline
    ConsultationStatus.REQUESTED: {
        ConsultationStatus.ACCEPTED,
        ConsultationStatus.PROPOSED,
        ConsultationStatus.DECLINED,
        ConsultationStatus.WITHDRAWN,
    },
    # the startup answers the partner's time: accept it, offer new times, or withdraw
    ConsultationStatus.PROPOSED: {
        ConsultationStatus.ACCEPTED,
        ConsultationStatus.REQUESTED,
        ConsultationStatus.DECLINED,
        ConsultationStatus.WITHDRAWN,
    },
    ConsultationStatus.ACCEPTED: {ConsultationStatus.CANCELLED},
    ConsultationStatus.DECLINED: set(),
    ConsultationStatus.WITHDRAWN: set(),
    ConsultationStatus.CANCELLED: set(),
}
OPEN_STATUSES = (ConsultationStatus.REQUESTED, ConsultationStatus.PROPOSED)
# While a request is open, one side's times are on the table and the other side answers them.
TIMES_OFFERED_BY = {
    ConsultationStatus.REQUESTED: ProposedBy.STARTUP,
    ConsultationStatus.PROPOSED: ProposedBy.PARTNER,
}
# An agreed meeting (and its calendar file) exists in these statuses once a time is set.
MEETING_STATUSES = (ConsultationStatus.ACCEPTED, ConsultationStatus.CANCELLED)


def deck_path(instance, filename: str) -> str:
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "pdf"
    return random_upload_path("consultation-decks", extension)


class ConsultationRequest(TimeStampedModel):
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False, verbose_name=_("UID"))
    partner = models.ForeignKey(
        Partner, on_delete=models.CASCADE, related_name="consultations", verbose_name=_("partner")
    )
    startup = models.ForeignKey(
        Startup, on_delete=models.CASCADE, related_name="consultations", verbose_name=_("startup")
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="consultations_requested",
        verbose_name=_("requested by"),
    )
    topic = models.CharField(_("topic"), max_length=200)
    area = models.ForeignKey(
        TherapeuticArea,
        on_delete=models.PROTECT,
        verbose_name=_("therapeutic area"),
        related_name="+",
    )
    ask = models.TextField(_("what you want from the partner"))
    mode = models.CharField(_("meeting"), max_length=10, choices=MeetingMode.choices)
    deck = models.FileField(_("deck"), upload_to=deck_path, max_length=200, blank=True)
    deck_name = models.CharField(_("deck file name"), max_length=200, blank=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=ConsultationStatus.choices,
        default=ConsultationStatus.REQUESTED,
    )
    # the agreed meeting
    starts_at = models.DateTimeField(_("starts at"), null=True, blank=True)
    ends_at = models.DateTimeField(_("ends at"), null=True, blank=True)
    booking = models.OneToOneField(
        RoomBooking,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="consultation",
        verbose_name=_("room booking"),
    )
    video_link = models.URLField(_("video link"), blank=True)
    partner_message = models.TextField(_("message from the partner"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("answered by"),
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    decline_reason = models.TextField(_("reason for declining"), blank=True)
    cancel_reason = models.TextField(_("reason for cancelling"), blank=True)
    sequence = models.PositiveIntegerField(default=0, verbose_name=_("calendar revision"))
    reminder_sent_at = models.DateTimeField(
        null=True, blank=True, verbose_name=_("reminder sent at")
    )

    class Meta:
        verbose_name = _("consultation request")
        verbose_name_plural = _("consultation requests")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["partner", "status"], name="partners_consult_partner"),
            models.Index(fields=["startup", "status"], name="partners_consult_startup"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(starts_at__isnull=True) | Q(ends_at__gt=F("starts_at")),
                name="partners_consult_order",
            ),
            models.CheckConstraint(
                condition=~Q(status="accepted") | Q(starts_at__isnull=False),
                name="partners_consult_accepted_has_time",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.startup} → {self.partner}: {self.topic}"

    def get_absolute_url(self) -> str:
        return reverse("partners:request", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def has_meeting(self) -> bool:
        """A time was agreed (the meeting may since have been cancelled)."""
        return self.status in MEETING_STATUSES and self.starts_at is not None


class ProposedTime(models.Model):
    """A time one side offers. The startup offers up to three; the partner may offer one."""

    consultation = models.ForeignKey(
        ConsultationRequest,
        on_delete=models.CASCADE,
        related_name="proposed_times",
        verbose_name=_("consultation"),
    )
    proposed_by = models.CharField(_("proposed by"), max_length=10, choices=ProposedBy.choices)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    withdrawn = models.BooleanField(default=False, verbose_name=_("withdrawn"))
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))

    class Meta:
        verbose_name = _("proposed time")
        verbose_name_plural = _("proposed times")
        ordering = ["starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="partners_proposed_order"
            )
        ]

    def __str__(self) -> str:
        return f"{self.starts_at:%Y-%m-%d %H:%M}–{self.ends_at:%H:%M}"


class Outcome(models.TextChoices):
    FOLLOW_UP = "follow_up", _("Follow-up planned")
    NDA = "nda", _("NDA to sign")
    MATERIAL = "material", _("Material requested")
    NO_FIT = "no_fit", _("No fit")


class ConsultationOutcome(TimeStampedModel):
    """What one side says came of the meeting."""

    consultation = models.ForeignKey(
        ConsultationRequest,
        on_delete=models.CASCADE,
        related_name="outcomes",
        verbose_name=_("consultation"),
    )
    side = models.CharField(_("side"), max_length=10, choices=ProposedBy.choices)
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices)
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("recorded by"),
    )

    class Meta:
        verbose_name = _("consultation outcome")
        verbose_name_plural = _("consultation outcomes")
        constraints = [
            models.UniqueConstraint(
                fields=["consultation", "side"], name="partners_outcome_one_per_side"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_side_display()}: {self.get_outcome_display()}"
