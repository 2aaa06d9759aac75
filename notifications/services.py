"""The transactional outbox (DESIGN.md §4).

`notify` writes a row in the caller's transaction and enqueues the send after commit. If the
broker is down the row simply stays pending; `requeue_pending` (a beat task, every minute)
enqueues it again. `deliver_notification` locks the row, so two workers never send it twice.
"""

import hashlib
import logging
import re
import uuid
from dataclasses import dataclass
from datetime import timedelta
from email.utils import parseaddr
from functools import partial
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template import Context, engines
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core.audit import log_action
from core.exceptions import DomainError
from notifications.models import Notification, NotificationStatus

logger = logging.getLogger(__name__)

STALE_AFTER = timedelta(minutes=1)
# After the sweep enqueues a row it leaves it alone this long, so a worker backlog is not
# flooded with duplicates every minute.
REQUEUE_LEASE = timedelta(minutes=4)
REQUEUE_BATCH = 500
# Account emails carry one-time secrets (confirmation and password-reset links): their bodies
# are wiped once sent or given up, and they are never resent from the admin.
ONE_TIME_LINK_KIND_PREFIX = "account."
REDACTED = "[removed after sending: this email contained a one-time link]"


class NotificationError(DomainError):
    pass


def carries_secret(notification: Notification) -> bool:
    return notification.kind.startswith(ONE_TIME_LINK_KIND_PREFIX)


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
    notification, created = Notification.objects.get_or_create(
        key=key,
        defaults={
            "kind": kind,
            "recipient": recipient,
            "email": email or recipient.email,
            "language": language or getattr(recipient, "language", None) or settings.LANGUAGE_CODE,
            "time_zone": getattr(recipient, "time_zone", None) or settings.TIME_ZONE,
            "context": context,
            "show_in_inbox": show_in_inbox and recipient is not None,
        },
    )
    if created:
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
    """
    if not specs:
        return 0
    existing = set(
        Notification.objects.filter(key__in=[s.key for s in specs]).values_list("key", flat=True)
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
    ids = list(
        Notification.objects.filter(
            key__in=[row.key for row in rows], status=NotificationStatus.PENDING
        ).values_list("pk", flat=True)
    )
    transaction.on_commit(partial(enqueue_batch, ids))
    return len(rows)


def enqueue_batch(notification_ids: list[int]) -> bool:
    """One message for a whole batch; a worker fans it out. Never raises (see enqueue)."""
    from notifications.tasks import send_batch

    try:
        send_batch.apply_async((notification_ids,))
    except Exception as exc:
        logger.warning(
            "%d notifications stay pending: broker unavailable (%s)", len(notification_ids), exc
        )
        return False
    return True


def queue_email(
    *,
    email: str,
    subject: str,
    body_text: str,
    body_html: str = "",
    kind: str,
    recipient=None,
) -> Notification:
    """Queue an email that is already rendered (account emails carrying one-time links).

    Not shown in the inbox: these are about signing in, not about the programme.
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
    )
    transaction.on_commit(partial(enqueue, notification.pk))
    return notification


def enqueue(notification_id: int) -> bool:
    """Hand the row to a worker. Never raises: a pending row is picked up by the sweep."""
    from notifications.tasks import send_notification

    try:
        send_notification.apply_async((notification_id,))
    except Exception as exc:  # the broker is down or unreachable
        logger.warning(
            "notification %s stays pending: broker unavailable (%s)",
            notification_id,
            exc,
        )
        return False
    return True


def _render_text(template_name: str, context: dict) -> str:
    """Plain text is not HTML: no escaping of "R&D" or "O'Brien"."""
    template = engines["django"].engine.get_template(template_name)
    return template.render(Context(context, autoescape=False))


def render_notification(notification: Notification, *, inbox: bool = False) -> tuple[str, str, str]:
    """Subject, text and HTML in the recipient's language and time zone.

    Templates live with the app that owns the kind: kind "accounts.startup_invitation" reads
    notifications/accounts/startup_invitation/{subject.txt,body.txt,body.html}. With `inbox`,
    the text is the summary shown in the in-app inbox: the templates leave out the link lines
    and the sentences about attachments (`{% if not inbox %}`), which the inbox page replaces
    with a button to the object and a download of the invitation.
    """
    if notification.subject and notification.body_text and not inbox:
        return notification.subject, notification.body_text, notification.body_html
    folder = "notifications/" + notification.kind.replace(".", "/")
    context = {
        **notification.context,
        "inbox": inbox,
        "site_url": settings.SITE_URL,
        "recipient_name": notification.recipient.get_full_name() if notification.recipient else "",
    }
    with (
        translation.override(notification.language),
        timezone.override(ZoneInfo(notification.time_zone)),
    ):
        subject = " ".join(_render_text(f"{folder}/subject.txt", context).split())
        body_text = _render_text(f"{folder}/body.txt", context).strip()
        body_html = render_to_string(f"{folder}/body.html", context).strip()
    return subject, body_text, body_html


def message_id(notification: Notification) -> str:
    """The same Message-ID every time this notification is sent.

    Derived from the notification's key, so if a worker dies after the SMTP server took a
    message and before the row was marked sent, the repeat carries the first one's id and
    receiving systems can recognise it as the same message.
    """
    digest = hashlib.sha256(notification.key.encode()).hexdigest()[:32]
    domain = parseaddr(settings.DEFAULT_FROM_EMAIL)[1].rpartition("@")[2] or "seoulbiohub.kr"
    return f"<notification.{digest}@{domain}>"


def build_message(notification: Notification) -> EmailMultiAlternatives:
    subject, body_text, body_html = render_notification(notification)
    message = EmailMultiAlternatives(
        subject=subject,
        body=body_text,
        to=[notification.email],
        headers={
            "Message-ID": message_id(notification),
            "X-BioHub-Notification": notification.key[:200],
        },
    )
    if body_html:
        message.attach_alternative(body_html, "text/html")
    ics = notification.context.get("ics")
    if ics:
        # RFC 6047: the Content-Type names the calendar's own METHOD (REQUEST or CANCEL).
        # Django adds charset=utf-8 itself; naming it here would duplicate the parameter.
        method = next(
            (line[7:] for line in ics.splitlines() if line.startswith("METHOD:")), "REQUEST"
        )
        message.attach("invite.ics", ics, f"text/calendar; method={method}")
    return message


def deliver_notification(notification_id: int) -> Notification | None:
    """Send one pending notification and mark it sent.

    The row stays locked while the email goes out; a second worker skips the locked row and
    a later one finds it sent, so each notification is sent once. The row is written as sent
    *before* the message goes out, in the same transaction: if sending raises, the
    transaction rolls back and the row is still pending for the retry; once the SMTP server
    has the message only the COMMIT is left. A worker killed inside that last step sends the
    message again later, with the same Message-ID (see message_id).
    """
    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("recipient")
            .filter(pk=notification_id, status=NotificationStatus.PENDING)
            .first()
        )
        if notification is None:
            return None
        message = build_message(notification)
        notification.subject = message.subject[:300]
        if carries_secret(notification):
            notification.body_text, notification.body_html = REDACTED, ""
        else:
            notification.body_text = message.body
            notification.body_html = next(
                (c for c, mimetype in message.alternatives if mimetype == "text/html"), ""
            )
        notification.status = NotificationStatus.SENT
        notification.sent_at = timezone.now()
        notification.attempts += 1
        notification.last_error = ""
        notification.save(
            update_fields=[
                "subject",
                "body_text",
                "body_html",
                "status",
                "sent_at",
                "attempts",
                "last_error",
            ]
        )
        message.send()
    return notification


@transaction.atomic
def record_failure(notification_id: int, *, error: str, retry_in: timedelta | None) -> Notification:
    """Count a failed attempt on the row itself (whichever task chain made it).

    It stays pending for another try in `retry_in`, unless that was the last allowed attempt
    (NOTIFICATION_MAX_ATTEMPTS) or no retry is wanted: then it is `failed`, audit-logged, and
    staff can resend it from the admin.
    """
    notification = Notification.objects.select_for_update().get(pk=notification_id)
    notification.attempts += 1
    notification.last_error = error[:2000]
    if retry_in is None or notification.attempts >= settings.NOTIFICATION_MAX_ATTEMPTS:
        notification.status = NotificationStatus.FAILED
        if carries_secret(notification):
            notification.body_text, notification.body_html = REDACTED, ""
    else:
        notification.next_attempt_at = timezone.now() + retry_in
    notification.save(
        update_fields=[
            "attempts",
            "last_error",
            "status",
            "next_attempt_at",
            "body_text",
            "body_html",
        ]
    )
    if notification.status == NotificationStatus.FAILED:
        log_action(
            notification,
            "notifications.notification.failed",
            data={"error": error[:500]},
        )
    return notification


def requeue_pending(*, now=None) -> int:
    """Enqueue pending rows whose send is overdue (broker was down, worker died, retry due).

    Each row enqueued is leased for REQUEUE_LEASE before the sweep may enqueue it again.
    """
    now = now or timezone.now()
    with transaction.atomic():
        due = list(
            Notification.objects.select_for_update(skip_locked=True)
            .filter(
                status=NotificationStatus.PENDING,
                next_attempt_at__lte=now - STALE_AFTER,
            )
            .order_by("next_attempt_at")
            .values_list("pk", flat=True)[:REQUEUE_BATCH]
        )
        Notification.objects.filter(pk__in=due).update(next_attempt_at=now + REQUEUE_LEASE)
    for pk in due:
        enqueue(pk)
    return len(due)


@transaction.atomic
def resend_notification(notification: Notification, *, actor) -> Notification:
    """Staff sends a failed (or sent) notification again, with a fresh set of attempts.

    Audit-logged; enqueued after commit. Account emails are refused: their one-time links are
    gone, and the person can ask for a new one.
    """
    notification = Notification.objects.select_for_update().get(pk=notification.pk)
    if carries_secret(notification):
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
    notification.save(update_fields=["status", "attempts", "next_attempt_at", "last_error"])
    log_action(
        notification,
        "notifications.notification.resent",
        actor=actor,
        data={"from": previous},
    )
    transaction.on_commit(partial(enqueue, notification.pk))
    return notification


def inbox_summary(notification: Notification) -> tuple[str, str]:
    """Subject and summary text of a notification for its page in the inbox."""
    subject, body_text, _html = render_notification(notification, inbox=True)
    return subject, re.sub(r"\n{3,}", "\n\n", body_text).strip()


def mark_read(notification: Notification) -> None:
    if notification.read_at is None:
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(
            read_at=timezone.now()
        )


def mark_all_read(user) -> int:
    return Notification.objects.filter(
        recipient=user, show_in_inbox=True, read_at__isnull=True
    ).update(read_at=timezone.now())
