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
from notifications import channels, kakao
from notifications.channels import Channel
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
    secret is stored as REDACTED. KakaoTalk and SMS rows go through deliver_message.
    """
    channel = (
        Notification.objects.filter(pk=notification_id).values_list("channel", flat=True).first()
    )
    if channel in (Channel.KAKAO, Channel.SMS):
        return deliver_message(notification_id)
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


UNKNOWN_OUTCOME = "a worker stopped while sending; not sent again, so it cannot arrive twice"


def _message_text(notification: Notification) -> tuple[channels.KakaoTemplate, dict, str]:
    """The template, its variables and the filled-in text (the SMS fallback's body)."""
    template = channels.template_for(notification.kind)
    subject = render_notification(notification)[0]
    variables = channels.template_variables(
        template,
        language=notification.language,
        name=notification.recipient.get_full_name() if notification.recipient else "",
        subject=subject,
        url=settings.SITE_URL + notification.object_url
        if notification.object_url
        else settings.SITE_URL,
    )
    return template, variables, channels.fill(template.text(notification.language), variables)


def deliver_message(notification_id: int) -> Notification | None:
    """Send one KakaoTalk (falling back to SMS once) or SMS row; mark it sent with its cost.

    Unlike email, a message cannot be recognised as a repeat by the phone, and each one is
    paid for: the row is *claimed* (claimed_at, committed) before the provider is called. A
    row found claimed belongs to a worker that stopped mid-send: it is marked failed, never
    sent again (at most once). A failure known to have sent nothing (ProviderUnavailable)
    releases the claim in record_failure, for the retry. When KakaoTalk refuses the message
    (KakaoRefused), fallback_used is committed and the same text goes by SMS, once.
    Side effects: the provider's HTTP API; an audit entry if it ends failed.
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
        # Rendered before the claim: a template error leaves the row free for the retry.
        if notification.channel == Channel.KAKAO:
            template, variables, text = _message_text(notification)
        if notification.claimed_at is not None:
            notification.status = NotificationStatus.FAILED
            notification.last_error = UNKNOWN_OUTCOME
            notification.save(update_fields=["status", "last_error"])
            log_action(
                notification, "notifications.notification.failed", data={"error": UNKNOWN_OUTCOME}
            )
            return notification
        notification.claimed_at = timezone.now()
        notification.save(update_fields=["claimed_at"])

    if notification.channel == Channel.SMS:
        text = notification.body_text
        sent, channel = kakao.send_sms(to=notification.phone, text=text), Channel.SMS
    else:
        try:
            if notification.fallback_used:
                raise kakao.KakaoRefused("KakaoTalk refused it on an earlier attempt")
            sent = kakao.send_alimtalk(
                to=notification.phone,
                template_id=template.template_id(notification.language),
                variables=variables,
            )
            channel = Channel.KAKAO
        except kakao.KakaoRefused as refused:
            Notification.objects.filter(pk=notification.pk).update(
                fallback_used=True, last_error=str(refused)[:2000]
            )
            sent, channel = kakao.send_sms(to=notification.phone, text=text), Channel.SMS

    notification.status = NotificationStatus.SENT
    notification.sent_at = timezone.now()
    notification.attempts += 1
    notification.fallback_used = channel == Channel.SMS and notification.channel == Channel.KAKAO
    notification.provider_message_id = sent.message_id[:100]
    notification.cost_krw = settings.MESSAGE_COST_KRW[channel]
    notification.body_text = REDACTED if notification.carries_secret else text
    notification.save(
        update_fields=[
            "status",
            "sent_at",
            "attempts",
            "fallback_used",
            "provider_message_id",
            "cost_krw",
            "body_text",
        ]
    )
    return notification


@transaction.atomic
def record_failure(
    notification_id: int,
    *,
    error: str,
    retry_in: timedelta | None,
    release_claim: bool = True,
) -> Notification:
    """Count a failed attempt on the row itself (whichever task chain made it).

    It stays pending for another try in `retry_in`, unless that was the last allowed attempt
    (NOTIFICATION_MAX_ATTEMPTS) or no retry is wanted: then it is `failed` (a body that
    carried a secret is redacted), audit-logged, and staff can resend it from the admin.
    """
    notification = Notification.objects.select_for_update().get(pk=notification_id)
    notification.attempts += 1
    notification.last_error = error[:2000]
    if release_claim:
        notification.claimed_at = None
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
            "claimed_at",
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
