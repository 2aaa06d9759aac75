"""The transactional outbox (DESIGN.md §4): writing notifications and handing them to workers.

`notify` writes a row in the caller's transaction and enqueues the send after commit. If the
broker is down the row simply stays pending; the beat sweep (notifications.delivery.
requeue_pending, every minute) enqueues it again. Sending is notifications.delivery's job.

Tasks are enqueued by their registered name, not by importing notifications.tasks (which
imports delivery, which enqueues through here): no import cycle. NotificationsConfig.ready()
imports the tasks module so the names are registered in every process.
"""

import logging
import uuid
from dataclasses import dataclass
from datetime import timedelta
from functools import partial
from typing import Any

from celery import current_app
from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core import fragments, viewer_cache
from core.audit import log_action
from core.db import insert_unless_present
from core.exceptions import DomainError
from notifications import channels
from notifications.channels import Channel
from notifications.models import Notification, NotificationStatus
from notifications.selectors import inbox_topic

logger = logging.getLogger(__name__)

SEND_NOTIFICATION = "notifications.send_notification"
SEND_BATCH = "notifications.send_batch"


class NotificationError(DomainError):
    pass


def notify(
    recipient,
    kind: str,
    context: dict,
    *,
    key: str,
    email: str | None = None,
    language: str | None = None,
    show_in_inbox: bool = True,
) -> Notification:
    """Queue one notification to `recipient` (a user, or None with `email`).

    Runs in the caller's transaction: if it rolls back, nothing is sent. Idempotent by `key`:
    a second call with the same key returns the first row and sends nothing new.
    Side effect: after commit, the send task is enqueued (a broker failure is logged only).
    """
    if recipient is None and not email:
        raise ValueError("notify() needs a recipient or an email address")
    notification = Notification(
        key=key,
        channel=Channel.EMAIL,
        kind=kind,
        recipient=recipient,
        email=email or recipient.email,
        language=language or getattr(recipient, "language", None) or settings.LANGUAGE_CODE,
        time_zone=getattr(recipient, "time_zone", None) or settings.TIME_ZONE,
        context=context,
        show_in_inbox=show_in_inbox and recipient is not None,
    )
    if not insert_unless_present(notification):  # sent already, or on its way
        return Notification.objects.get(key=key, channel=Channel.EMAIL)
    transaction.on_commit(partial(enqueue, notification.pk))
    _add_kakao(notification)
    return notification


def _add_kakao(email_row: Notification) -> Notification | None:
    """The KakaoTalk row beside an email row, when the kind, the person and the settings allow.

    Same key, channel "kakao", not in the inbox (the email row is). A reminder written in
    quiet hours waits for 08:00 Seoul (the sweep sends it then); over the daily cap there is
    no KakaoTalk row at all: the email still goes.
    """
    recipient = email_row.recipient
    phone = getattr(recipient, "messaging_phone", "")
    if not (phone and channels.template_for(email_row.kind) and channels.kakao_configured()):
        return None
    now = timezone.now()
    sent_today = Notification.objects.filter(
        recipient=recipient,
        channel__in=[Channel.KAKAO, Channel.SMS],
        created_at__gte=now - timedelta(days=1),
    ).count()
    if sent_today >= settings.KAKAO_DAILY_CAP:
        logger.info("notification %s: daily KakaoTalk/SMS cap reached, email only", email_row.pk)
        return None
    release = channels.release_time(email_row.kind, now)
    row = Notification(
        key=email_row.key,
        channel=Channel.KAKAO,
        kind=email_row.kind,
        recipient=recipient,
        email=email_row.email,
        phone=phone,
        language=email_row.language,
        time_zone=email_row.time_zone,
        context=email_row.context,
        show_in_inbox=False,
        next_attempt_at=release,
    )
    if not insert_unless_present(row):
        return Notification.objects.get(key=email_row.key, channel=Channel.KAKAO)
    if release <= now:
        transaction.on_commit(partial(enqueue, row.pk))
    return row


def queue_sms(*, recipient, phone: str, text: str, kind: str, key: str) -> Notification:
    """Queue one SMS that is already written (a phone verification code).

    Not in the inbox; marked carries_secret, so the text is wiped once sent and never resent.
    Side effect: after commit, the send task is enqueued.
    """
    notification = Notification.objects.create(
        key=key,
        channel=Channel.SMS,
        kind=kind,
        recipient=recipient,
        email=getattr(recipient, "email", ""),
        phone=phone,
        language=translation.get_language() or settings.LANGUAGE_CODE,
        body_text=text,
        show_in_inbox=False,
        carries_secret=True,
    )
    transaction.on_commit(partial(enqueue, notification.pk))
    return notification


@dataclass(frozen=True)
class NotificationSpec:
    """One notification of a batch for notify_many."""

    recipient: Any
    kind: str
    context: dict
    key: str


def notify_many(specs: list[NotificationSpec]) -> int:
    """Queue many notifications at once (results to thousands of applicants).

    A constant number of queries whatever the batch size: one read of the keys already
    written, one bulk INSERT, one read of the new ids; then one task after commit fans the
    sending out to the workers. Idempotent by key, like notify(). Returns how many were new.
    Side effect: after commit, one batch task is enqueued (a broker failure is logged only).
    """
    if not specs:
        return 0
    existing = set(
        Notification.objects.filter(
            key__in=[s.key for s in specs], channel=Channel.EMAIL
        ).values_list("key", flat=True)
    )
    rows = [
        Notification(
            key=spec.key,
            kind=spec.kind,
            recipient=spec.recipient,
            email=spec.recipient.email,
            language=spec.recipient.language or settings.LANGUAGE_CODE,
            time_zone=spec.recipient.time_zone or settings.TIME_ZONE,
            context=spec.context,
        )
        for spec in specs
        if spec.key not in existing
    ]
    if not rows:
        return 0
    Notification.objects.bulk_create(rows, ignore_conflicts=True)
    # bulk_create sends no post_save: the recipients' cached unread counts and inbox lists go here.
    viewer_cache.invalidate((row.recipient.pk for row in rows), part=viewer_cache.UNREAD)
    fragments.changed(*(inbox_topic(row.recipient.pk) for row in rows if row.show_in_inbox))
    ids = list(
        Notification.objects.filter(
            key__in=[row.key for row in rows],
            channel=Channel.EMAIL,
            status=NotificationStatus.PENDING,
        ).values_list("pk", flat=True)
    )
    # KakaoTalk rows beside the new ones, for the few people who chose it: no query for the
    # others (the recipients are in memory), one INSERT each for them.
    for email_row in rows:
        if getattr(email_row.recipient, "messaging_phone", ""):
            _add_kakao(email_row)
    transaction.on_commit(partial(enqueue_batch, ids))
    return len(rows)


def queue_email(
    *,
    email: str,
    subject: str,
    body_text: str,
    body_html: str = "",
    kind: str,
    recipient=None,
    carries_secret: bool = True,
) -> Notification:
    """Queue an email that is already rendered (allauth's account emails).

    Not shown in the inbox: these are about signing in, not about the programme. They may
    carry one-time links (confirmation, password reset), so by default the row is marked
    `carries_secret`: its body is wiped once sent or given up, and it is never resent.
    Side effect: after commit, the send task is enqueued.
    """
    notification = Notification.objects.create(
        key=f"{kind}:{uuid.uuid4()}",
        kind=kind,
        recipient=recipient,
        email=email,
        language=translation.get_language() or settings.LANGUAGE_CODE,
        subject=subject[:300],
        body_text=body_text,
        body_html=body_html,
        show_in_inbox=False,
        carries_secret=carries_secret,
    )
    transaction.on_commit(partial(enqueue, notification.pk))
    return notification


@transaction.atomic
def resend_notification(notification: Notification, *, actor) -> Notification:
    """Staff sends a failed (or sent) notification again, with a fresh set of attempts.

    Audit-logged; enqueued after commit. A notification that carried a secret (an account
    email's one-time link) is refused: the link is gone, and the person can ask for a new one.
    """
    notification = Notification.objects.select_for_update().get(pk=notification.pk)
    if notification.carries_secret:
        raise NotificationError(
            _(
                "Account emails (confirmation, password reset) cannot be resent; "
                "the person can request a new one."
            ),
            code="secret_kind",
        )
    previous = notification.status
    notification.status = NotificationStatus.PENDING
    notification.attempts = 0
    notification.next_attempt_at = timezone.now()
    notification.last_error = ""
    # A KakaoTalk/SMS row that ended "outcome unknown" stays claimed; staff sending it again
    # is a person's decision to risk a second message, so the claim is released.
    notification.claimed_at = None
    notification.fallback_used = False
    notification.save(
        update_fields=[
            "status",
            "attempts",
            "next_attempt_at",
            "last_error",
            "claimed_at",
            "fallback_used",
        ]
    )
    log_action(
        notification,
        "notifications.notification.resent",
        actor=actor,
        data={"from": previous},
    )
    transaction.on_commit(partial(enqueue, notification.pk))
    return notification


def enqueue(notification_id: int) -> bool:
    """Hand the row to a worker. Never raises: a pending row is picked up by the sweep."""
    task = current_app.tasks[SEND_NOTIFICATION]  # NotRegistered is a bug, not an outage
    try:
        task.apply_async((notification_id,))
    except Exception as exc:  # the broker is down or unreachable
        logger.warning(
            "notification %s stays pending: broker unavailable (%s)",
            notification_id,
            exc,
        )
        return False
    return True


def enqueue_batch(notification_ids: list[int]) -> bool:
    """One message for a whole batch; a worker fans it out. Never raises (see enqueue)."""
    task = current_app.tasks[SEND_BATCH]
    try:
        task.apply_async((notification_ids,))
    except Exception as exc:
        logger.warning(
            "%d notifications stay pending: broker unavailable (%s)", len(notification_ids), exc
        )
        return False
    return True
