"""Publishing a call's results: one job row per publication, worked through in chunks.

The staff request writes the job (challenges.services.workflow.publish_results); workers
tell the applicants chunk by chunk (challenges.services.publication.run_publication_chunk),
each chunk one transaction that writes its outcome notifications and moves the job's cursor;
the beat sweep restarts a job whose heartbeat stopped.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from challenges.models.calls import Challenge


class PublicationStatus(models.TextChoices):
    QUEUED = "queued", pgettext_lazy("publication of results", "Queued")
    RUNNING = "running", pgettext_lazy("publication of results", "Running")
    DONE = "done", pgettext_lazy("publication of results", "Done")
    FAILED = "failed", pgettext_lazy("publication of results", "Failed")


ACTIVE_PUBLICATION = (PublicationStatus.QUEUED, PublicationStatus.RUNNING)

# queued → running (first chunk) → done; failed when the sweep gives up on a chunk that
# keeps raising (challenges.services.publication).


class PublicationJob(models.Model):
    """Telling every decided applicant of a call their outcome, and how far it has got.

    `cursor` is the last application (by id) whose members have their outcome notification;
    it moves in the same transaction as those notifications are written, so a chunk is
    either wholly done or not at all. `total` and `done` count applications.
    """

    challenge = models.ForeignKey(
        Challenge,
        on_delete=models.CASCADE,
        related_name="publication_jobs",
        verbose_name=_("challenge"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("started by"),
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=PublicationStatus.choices,
        default=PublicationStatus.QUEUED,
    )
    total = models.PositiveIntegerField(_("applications to tell"), default=0)
    done = models.PositiveIntegerField(_("applications told"), default=0)
    written = models.PositiveIntegerField(_("notifications written"), default=0)
    cursor = models.BigIntegerField(_("last application handled"), default=0)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    # Moved by every chunk (and by the sweep when it restarts the job): an active job whose
    # heartbeat is older than PUBLICATION_STALLED_AFTER has lost its worker or its message.
    heartbeat_at = models.DateTimeField(_("last sign of life"), default=timezone.now)
    restarts = models.PositiveSmallIntegerField(_("restarts"), default=0)
    # Chunks that raised since the cursor last moved; the sweep gives up at
    # PUBLICATION_MAX_FAILURES (a lost worker or a broker outage is not a failure).
    failures = models.PositiveSmallIntegerField(_("failed attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)

    class Meta:
        verbose_name = _("publication of results")
        verbose_name_plural = _("publications of results")
        ordering = ["-created_at", "-id"]
        constraints = [
            # One publication at a time per call: a second click joins the running one.
            models.UniqueConstraint(
                fields=["challenge"],
                condition=Q(status__in=ACTIVE_PUBLICATION),
                name="one_active_publication_per_call",
            ),
        ]
        indexes = [
            models.Index(
                fields=["heartbeat_at"],
                condition=Q(status__in=ACTIVE_PUBLICATION),
                name="publication_active_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.challenge} · {self.created_at:%Y-%m-%d %H:%M}"

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_PUBLICATION

    @property
    def percent(self) -> int:
        """How far, 0-100 (a finished job is 100 even when there was nobody to tell)."""
        if self.status == PublicationStatus.DONE:
            return 100
        if not self.total:
            return 0
        return min(100, self.done * 100 // self.total)
