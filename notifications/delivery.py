"""Sending the outbox's rows: rendering, delivering once, counting failures, the sweep.

`deliver_notification` locks the row, so two workers never send it twice; `record_failure`
counts a failed attempt; `requeue_pending` (the beat sweep) enqueues rows no worker sent.
The Celery tasks (notifications.tasks) call these; nothing here imports the tasks.
"""

import hashlib
from datetime import timedelta
from email.utils import parseaddr
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template import Context, engines
from django.template.loader import render_to_string
from django.utils import timezone, translation

from core.audit import log_action
from notifications.models import Notification, NotificationStatus
from notifications.outbox import enqueue

STALE_AFTER = timedelta(minutes=1)
# After the sweep enqueues a row it leaves it alone this long, so a worker backlog is not
# flooded with duplicates every minute.
REQUEUE_LEASE = timedelta(minutes=4)
REQUEUE_BATCH = 500
# What stays of a body that carried a secret (Notification.carries_secret) once it is sent
# or given up.
REDACTED = "[removed after sending: this email contained a one-time link]"


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
    """The email of a notification: rendered text and HTML, its stable Message-ID, and the
    calendar invitation (context "ics") attached with its METHOD. Sends nothing."""
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
    message again later, with the same Message-ID (see message_id). A body that carried a
    secret is stored as REDACTED.
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
        if notification.carries_secret:
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
    (NOTIFICATION_MAX_ATTEMPTS) or no retry is wanted: then it is `failed` (a body that
    carried a secret is redacted), audit-logged, and staff can resend it from the admin.
    """
    notification = Notification.objects.select_for_update().get(pk=notification_id)
    notification.attempts += 1
    notification.last_error = error[:2000]
    if retry_in is None or notification.attempts >= settings.NOTIFICATION_MAX_ATTEMPTS:
        notification.status = NotificationStatus.FAILED
        if notification.carries_secret:
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
    Returns how many were enqueued (at most REQUEUE_BATCH).
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
