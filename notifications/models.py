from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class NotificationStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")


class Notification(models.Model):
    """One message to one person: an outbox row for the email and an entry in the inbox.

    Written in the caller's transaction by `notifications.outbox.notify`; a worker sends it
    after commit. `key` makes writing it idempotent: the same event never notifies twice.
    """

    key = models.CharField(_("key"), max_length=200)
    # One row per channel delivery: the email row (also the inbox entry) and, for kinds and
    # people that chose it, a KakaoTalk row under the same key (notifications.channels).
    channel = models.CharField(_("channel"), max_length=10, default="email")
    phone = models.CharField(_("phone number"), max_length=20, blank=True)
    # Indexed by Meta.indexes, not db_index: on PostgreSQL db_index also builds a
    # varchar_pattern_ops ("_like") copy for LIKE queries, which kind never gets, and every
    # INSERT (thousands at once when results are published) would keep it up to date.
    kind = models.CharField(_("kind"), max_length=100)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    email = models.EmailField(_("email address"))
    language = models.CharField(_("language"), max_length=8, default="ko")
    time_zone = models.CharField(_("time zone"), max_length=64, default="Asia/Seoul")
    context = models.JSONField(_("context"), default=dict, blank=True, encoder=DjangoJSONEncoder)
    # Set when the message was rendered before it was queued (e.g. allauth's account emails,
    # whose links are one-time secrets); otherwise filled in by the worker when it sends.
    subject = models.CharField(_("subject"), max_length=300, blank=True)
    body_text = models.TextField(_("plain-text body"), blank=True)
    body_html = models.TextField(_("HTML body"), blank=True)
    show_in_inbox = models.BooleanField(_("show in inbox"), default=True)
    # A one-time secret (an account email's confirmation or password-reset link): the body is
    # wiped once sent or given up, and staff cannot resend it. Set by outbox.queue_email.
    carries_secret = models.BooleanField(_("carries a one-time secret"), default=False)

    status = models.CharField(
        _("status"),
        max_length=10,
        choices=NotificationStatus.choices,
        default=NotificationStatus.PENDING,
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    next_attempt_at = models.DateTimeField(_("next attempt"), default=timezone.now)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    # KakaoTalk/SMS only. A worker sets claimed_at (and commits) before it calls the provider:
    # a row found claimed was taken by a worker that died, and is not sent again
    # (notifications.delivery.deliver_message). fallback_used: the SMS fallback was tried.
    claimed_at = models.DateTimeField(_("claimed at"), null=True, blank=True)
    fallback_used = models.BooleanField(_("SMS fallback used"), default=False)
    provider_message_id = models.CharField(_("provider message id"), max_length=100, blank=True)
    cost_krw = models.PositiveIntegerField(_("cost (KRW)"), default=0)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["key", "channel"], name="notif_key_channel_unique"),
        ]
        indexes = [
            models.Index(fields=["kind"], name="notif_kind_idx"),  # the admin's filter
            models.Index(
                fields=["next_attempt_at"],
                condition=models.Q(status="pending"),
                name="notif_pending_due_idx",
            ),
            models.Index(
                fields=["recipient", "-created_at"],
                condition=models.Q(show_in_inbox=True),
                name="notif_inbox_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} → {self.email}"

    @property
    def is_read(self) -> bool:
        return self.read_at is not None

    @property
    def object_url(self) -> str:
        """The page this notification is about (a path on this site), or "" when none."""
        url = self.context.get("url") or ""
        return url if url.startswith("/") and not url.startswith("//") else ""

    @property
    def invitation(self) -> str:
        """The calendar invitation (or cancellation) the email carried, or ""."""
        return self.context.get("ics") or ""
