"""Coaching: coaches in their own time zones, engagements with startups, 1:1 sessions.

Times of sessions are stored in UTC. Availability windows are wall-clock times in the coach's
zone and are turned into instants date by date (core.slots), so a 09:00 New York window stays
at 09:00 New York across daylight-saving changes.
"""

import uuid
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.models import Startup, TherapeuticArea, validate_time_zone
from core.models import TimeStampedModel, WeeklyWindow, ends_after_starts
from partners.models import Partner


class Coach(TimeStampedModel):
    """A BMS open-innovation expert who coaches selected startups, in their own time zone."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="coach_profile",
        verbose_name=_("user"),
    )
    partner = models.ForeignKey(
        Partner,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="coaches",
    )
    title = models.CharField(pgettext_lazy("job title", "title"), max_length=200, blank=True)
    bio = models.TextField(_("biography"), blank=True)
    expertise = models.ManyToManyField(
        TherapeuticArea, verbose_name=_("expertise"), blank=True, related_name="coaches"
    )
    tags = models.CharField(
        _("other expertise"), max_length=300, blank=True, help_text=_("Comma separated.")
    )
    languages = models.CharField(_("languages"), max_length=100, default="English")
    time_zone = models.CharField(
        _("time zone"), max_length=64, default="Asia/Seoul", validators=[validate_time_zone]
    )
    is_active = models.BooleanField(_("active"), default=True)
    # Booking rules.
    session_minutes = models.PositiveSmallIntegerField(_("session length (minutes)"), default=60)
    buffer_minutes = models.PositiveSmallIntegerField(
        _("buffer between sessions (minutes)"), default=15
    )
    min_notice_hours = models.PositiveSmallIntegerField(_("minimum notice (hours)"), default=24)
    horizon_days = models.PositiveSmallIntegerField(_("bookable up to (days ahead)"), default=60)

    class Meta:
        verbose_name = _("coach")
        verbose_name_plural = _("coaches")
        constraints = [
            models.CheckConstraint(
                condition=Q(session_minutes__gte=15), name="coach_session_at_least_15_minutes"
            )
        ]

    def __str__(self) -> str:
        return str(self.user)


class AvailabilityWindow(WeeklyWindow):
    """Every week on `weekday`, from `starts` to `ends`, wall-clock time in the coach's zone."""

    coach = models.ForeignKey(
        Coach, on_delete=models.CASCADE, related_name="windows", verbose_name=_("coach")
    )

    class Meta(WeeklyWindow.Meta):
        verbose_name = _("weekly availability")
        verbose_name_plural = _("weekly availability")
        constraints = [ends_after_starts("window_ends_after_start")]


class AvailabilityException(models.Model):
    """A date that differs from the weekly pattern: blocked all day, or an extra window."""

    class Kind(models.TextChoices):
        BLOCKED = "blocked", _("Not available that day")
        EXTRA = "extra", _("Extra window")

    coach = models.ForeignKey(
        Coach, on_delete=models.CASCADE, related_name="exceptions", verbose_name=_("coach")
    )
    date = models.DateField(pgettext_lazy("calendar day", "date"))
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    starts = models.TimeField(_("from"), null=True, blank=True)
    ends = models.TimeField(_("until"), null=True, blank=True)

    class Meta:
        verbose_name = _("availability exception")
        verbose_name_plural = _("availability exceptions")
        ordering = ["date", "starts"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="blocked") | (Q(starts__isnull=False) & Q(ends__gt=F("starts"))),
                name="extra_window_has_times",
            )
        ]

    def __str__(self) -> str:
        return f"{self.date} {self.get_kind_display()}"


class Engagement(TimeStampedModel):
    """A selected startup paired with a coach for a period, with an allotment of sessions."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        COMPLETED = "completed", _("Completed")

    coach = models.ForeignKey(
        Coach, on_delete=models.PROTECT, related_name="engagements", verbose_name=_("coach")
    )
    startup = models.ForeignKey(
        Startup, on_delete=models.PROTECT, related_name="engagements", verbose_name=_("startup")
    )
    application = models.ForeignKey(
        "challenges.Application",
        verbose_name=_("selected application"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"))
    allotment = models.PositiveSmallIntegerField(_("sessions allotted"), default=6)
    # The one place for the engagement's goals: proposed by staff when coaching starts, agreed
    # (and stamped) by the coach when writing up the first held session.
    goals = models.TextField(_("goals"), blank=True)
    goals_agreed_at = models.DateTimeField(_("goals agreed at"), null=True, blank=True)
    goals_agreed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("goals agreed by"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.ACTIVE
    )

    class Meta:
        verbose_name = _("engagement")
        verbose_name_plural = _("engagements")
        ordering = ["-starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")), name="engagement_ends_after_start"
            ),
            models.UniqueConstraint(
                fields=["application"],
                condition=Q(application__isnull=False),
                name="one_engagement_per_application",
            ),
            models.CheckConstraint(
                condition=Q(goals_agreed_at__isnull=True) | ~Q(goals=""),
                name="engagement_agreed_goals_not_empty",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.startup} × {self.coach}"

    def get_absolute_url(self) -> str:
        return reverse("mentoring:book", args=[self.pk])


class SessionStatus(models.TextChoices):
    BOOKED = "booked", _("Booked")
    CANCELLED = "cancelled", _("Cancelled")
    COMPLETED = "completed", _("Completed")
    NO_SHOW = "no_show", _("No-show")


# The moves a session can make. An outcome can be corrected (held <-> no-show); a cancelled
# session is final.
class NoShowSide(models.TextChoices):
    """Who did not come to a session marked as a no-show."""

    COACH = "coach", pgettext_lazy("no-show by", "the coach")
    STARTUP = "startup", pgettext_lazy("no-show by", "the startup")


SESSION_TRANSITIONS: dict[str, set[str]] = {
    SessionStatus.BOOKED: {SessionStatus.CANCELLED, SessionStatus.COMPLETED, SessionStatus.NO_SHOW},
    SessionStatus.COMPLETED: {SessionStatus.NO_SHOW},
    SessionStatus.NO_SHOW: {SessionStatus.COMPLETED},
    SessionStatus.CANCELLED: set(),
}


class SessionFormat(models.TextChoices):
    VIDEO = "video", _("Video call")
    IN_PERSON = "in_person", _("In person at the partnering office (Hongneung)")


class Session(TimeStampedModel):
    """One 1:1 session. [starts_at, blocked_until) is the time it holds for the coach and the
    startup (the coach's buffer included): on PostgreSQL two active sessions of the same coach,
    or of the same startup, can never overlap (exclusion constraints, migration 0003)."""

    engagement = models.ForeignKey(
        Engagement, on_delete=models.PROTECT, related_name="sessions", verbose_name=_("engagement")
    )
    # Copied from the engagement, so the database can refuse overlaps per coach and per startup.
    coach = models.ForeignKey(
        Coach, on_delete=models.PROTECT, related_name="sessions", verbose_name=_("coach")
    )
    startup = models.ForeignKey(
        Startup, on_delete=models.PROTECT, related_name="sessions", verbose_name=_("startup")
    )
    starts_at = models.DateTimeField(_("starts"), db_index=True)
    ends_at = models.DateTimeField(_("ends"))
    blocked_until = models.DateTimeField(_("blocked until (buffer included)"))
    status = models.CharField(
        _("status"), max_length=20, choices=SessionStatus.choices, default=SessionStatus.BOOKED
    )
    format = models.CharField(
        _("format"), max_length=20, choices=SessionFormat.choices, default=SessionFormat.VIDEO
    )
    video_link = models.URLField(_("video link"), blank=True)
    agenda = models.TextField(
        pgettext_lazy("coaching session", "agenda"), blank=True, max_length=3000
    )
    # Calendar identity: the UID never changes, SEQUENCE goes up on every change.
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False, verbose_name=_("UID"))
    sequence = models.PositiveIntegerField(default=0, verbose_name=_("calendar revision"))
    booked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("booked by"),
    )
    cancelled_at = models.DateTimeField(null=True, blank=True, verbose_name=_("cancelled at"))
    cancel_reason = models.TextField(_("reason"), blank=True)
    late_cancellation = models.BooleanField(_("cancelled late"), default=False)
    reminder_sent_at = models.DateTimeField(
        null=True, blank=True, verbose_name=_("reminder sent at")
    )
    # After the session.
    shared_notes = models.TextField(_("shared notes"), blank=True)
    coach_private_notes = models.TextField(_("private coach notes"), blank=True)
    rating = models.PositiveSmallIntegerField(_("rating (1–5)"), null=True, blank=True)
    feedback = models.TextField(_("feedback"), blank=True)
    # A no-show is the coach's or the startup's; empty for every other status.
    no_show_by = models.CharField(
        _("did not come"), max_length=10, choices=NoShowSide.choices, blank=True
    )
    # The coach's write-up of a held session: progress towards the engagement's goals.
    progress_percent = models.PositiveSmallIntegerField(
        _("progress towards the goals (%)"), null=True, blank=True
    )
    progress_comment = models.TextField(_("coach's comment on the progress"), blank=True)

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="session_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(blocked_until__gte=F("ends_at")), name="session_block_covers_it"
            ),
            models.CheckConstraint(
                condition=Q(rating__isnull=True) | Q(rating__gte=1, rating__lte=5),
                name="session_rating_1_to_5",
            ),
            models.CheckConstraint(
                condition=(Q(status="no_show") & Q(no_show_by__in=["coach", "startup"]))
                | (~Q(status="no_show") & Q(no_show_by="")),
                name="session_no_show_has_a_side",
            ),
            models.CheckConstraint(
                condition=Q(progress_percent__isnull=True)
                | (Q(progress_percent__gte=0, progress_percent__lte=100) & Q(status="completed")),
                name="session_progress_0_to_100_when_held",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.engagement} @ {self.starts_at:%Y-%m-%d %H:%M}"

    def get_absolute_url(self) -> str:
        return reverse("mentoring:session", args=[self.pk])

    @property
    def duration(self) -> timedelta:
        return self.ends_at - self.starts_at


class AssessmentSide(models.TextChoices):
    COACH = "coach", pgettext_lazy("assessment by", "coach")
    STARTUP = "startup", pgettext_lazy("assessment by", "startup")


class EngagementAssessment(TimeStampedModel):
    """The final assessment of an engagement by one side (the coach or the startup), once each.

    Each side sees the other's assessment only when both have submitted, so neither is
    swayed by the other; staff see every assessment at once.
    """

    engagement = models.ForeignKey(
        Engagement,
        on_delete=models.PROTECT,
        related_name="assessments",
        verbose_name=_("engagement"),
    )
    side = models.CharField(_("by"), max_length=10, choices=AssessmentSide.choices)
    rating = models.PositiveSmallIntegerField(_("rating (1–5)"))
    text = models.TextField(_("assessment"), max_length=5000)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("submitted by"),
    )

    class Meta:
        verbose_name = _("final assessment")
        verbose_name_plural = _("final assessments")
        ordering = ["engagement", "side"]
        constraints = [
            models.UniqueConstraint(fields=["engagement", "side"], name="one_assessment_per_side"),
            models.CheckConstraint(
                condition=Q(rating__gte=1, rating__lte=5), name="assessment_rating_1_to_5"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.engagement} · {self.get_side_display()}"
