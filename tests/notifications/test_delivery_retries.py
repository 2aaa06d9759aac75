"""The outbox in one process when sending fails: attempts, retries, resending, the beat sweep,
and account emails that carry a secret. Tasks run eagerly, email goes to Django's locmem
outbox.

Runs on SQLite and on PostgreSQL. What needs a broker and a worker process lives in
test_outbox_live.py.
"""

from importlib import import_module

import pytest
from django.apps import apps
from django.conf import settings
from django.core import mail
from django.utils import timezone

from core.models import AuditEntry
from notifications import delivery, outbox
from notifications.models import Notification, NotificationStatus
from notifications.tasks import send_notification
from tests.factories import NotificationFactory, StaffFactory, UserFactory
from tests.notifications.service_helpers import CONTEXT, KIND
from tests.support.email_backends import FailingBackend

pytestmark = pytest.mark.django_db


@pytest.fixture
def failing_email(settings):
    settings.EMAIL_BACKEND = "tests.support.email_backends.FailingBackend"


# --- failures, retries, resending ---------------------------------------------------------


@pytest.mark.usefixtures("failing_email")
def test_failed_send_counts_attempt_and_stays_pending(django_capture_on_commit_callbacks):
    user = UserFactory()

    with django_capture_on_commit_callbacks(execute=True):
        notification = outbox.notify(user, KIND, CONTEXT, key="invite:1")

    notification.refresh_from_db()
    assert notification.status == NotificationStatus.PENDING
    assert notification.attempts == 1
    assert notification.last_error == f"SMTPException({FailingBackend.error!r})"
    assert notification.next_attempt_at > notification.created_at
    assert mail.outbox == []


@pytest.mark.usefixtures("failing_email")
def test_send_failing_max_attempts_times_ends_failed_and_audited():
    notification = NotificationFactory()

    # What a worker does: the first run, then one retry after another (request.retries counts).
    for retries in range(settings.NOTIFICATION_MAX_ATTEMPTS - 1):
        send_notification.apply((notification.pk,), retries=retries)
        notification.refresh_from_db()
        assert (notification.status, notification.attempts) == (
            NotificationStatus.PENDING,
            retries + 1,
        )
    send_notification.apply((notification.pk,), retries=settings.NOTIFICATION_MAX_ATTEMPTS - 1)

    notification.refresh_from_db()
    assert notification.status == NotificationStatus.FAILED
    assert notification.attempts == settings.NOTIFICATION_MAX_ATTEMPTS
    assert notification.last_error == f"SMTPException({FailingBackend.error!r})"
    entry = AuditEntry.objects.get(action="notifications.notification.failed")
    assert entry.object_id == str(notification.pk)
    assert entry.data == {"error": f"SMTPException({FailingBackend.error!r})"}
    assert mail.outbox == []


def test_resend_puts_failed_row_back_to_pending_audits_and_sends(
    django_capture_on_commit_callbacks,
):
    staff = StaffFactory(mfa=False)
    notification = NotificationFactory(
        status=NotificationStatus.FAILED, attempts=6, last_error="SMTPException('down')"
    )

    with django_capture_on_commit_callbacks() as callbacks:
        outbox.resend_notification(notification, actor=staff)

    notification.refresh_from_db()
    assert (notification.status, notification.last_error, notification.attempts) == (
        NotificationStatus.PENDING,
        "",
        0,  # a fresh set of attempts: the next failure is retried, not final
    )
    assert mail.outbox == []
    entry = AuditEntry.objects.get(action="notifications.notification.resent")
    assert (entry.actor, entry.object_id) == (staff, str(notification.pk))
    assert entry.data == {"from": "failed"}

    for callback in callbacks:
        callback()

    notification.refresh_from_db()
    assert notification.status == NotificationStatus.SENT
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [notification.email]


def test_deliver_sent_notification_again_sends_nothing(django_capture_on_commit_callbacks):
    user = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        notification = outbox.notify(user, KIND, CONTEXT, key="invite:1")

    assert delivery.deliver_notification(notification.pk) is None
    assert len(mail.outbox) == 1


def test_requeue_pending_enqueues_only_stale_pending_rows():
    now = timezone.now()
    stale = NotificationFactory(next_attempt_at=now - delivery.STALE_AFTER * 2)
    NotificationFactory(next_attempt_at=now)  # just written: its on-commit enqueue is enough
    NotificationFactory(
        status=NotificationStatus.FAILED, next_attempt_at=now - delivery.STALE_AFTER * 2
    )

    assert delivery.requeue_pending(now=now) == 1

    stale.refresh_from_db()
    assert stale.status == NotificationStatus.SENT
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [stale.email]


def test_requeued_row_is_leased_and_not_enqueued_again_every_minute(settings):
    settings.EMAIL_BACKEND = "tests.support.email_backends.FailingBackend"
    now = timezone.now()
    stale = NotificationFactory(next_attempt_at=now - delivery.STALE_AFTER * 2)
    assert delivery.requeue_pending(now=now) == 1
    stale.refresh_from_db()
    assert stale.attempts == 1  # eager mode: the enqueued send ran and failed
    # One minute later the row is still leased (or waiting for its retry): not enqueued again.
    assert delivery.requeue_pending(now=now + delivery.STALE_AFTER) == 0


def test_account_email_body_is_wiped_after_sending(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        notification = outbox.queue_email(
            email="a@example.kr",
            subject="Reset your password",
            body_text="https://example/reset/key/SECRET-TOKEN/",
            kind="account.password_reset_key",
        )
    assert "SECRET-TOKEN" in mail.outbox[0].body
    notification.refresh_from_db()
    assert notification.status == NotificationStatus.SENT
    assert (notification.body_text, notification.body_html) == (delivery.REDACTED, "")


def test_account_email_cannot_be_resent():
    notification = NotificationFactory(
        kind="account.password_reset_key", status="failed", carries_secret=True
    )
    with pytest.raises(outbox.NotificationError):
        outbox.resend_notification(notification, actor=StaffFactory())
    notification.refresh_from_db()
    assert notification.status == NotificationStatus.FAILED


def test_queue_email_marks_the_row_as_carrying_a_secret():
    notification = outbox.queue_email(
        email="a@example.kr", subject="s", body_text="b", kind="account.email_confirmation"
    )
    assert Notification.objects.get(pk=notification.pk).carries_secret is True


def test_secrecy_is_the_rows_field_not_its_kind(django_capture_on_commit_callbacks):
    """A programme email whose kind happens to look like an account email's is kept whole
    and can be resent; only rows marked carries_secret are wiped and refused."""
    user = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        notification = outbox.notify(user, KIND, CONTEXT, key="k-secret-field")
    Notification.objects.filter(pk=notification.pk).update(kind="account.lookalike")
    notification.refresh_from_db()
    assert notification.body_text not in ("", delivery.REDACTED)
    assert outbox.resend_notification(notification, actor=StaffFactory()).status == "pending"


def test_migration_marks_existing_account_emails_as_secret():
    migration = import_module("notifications.migrations.0002_notification_carries_secret")
    account = NotificationFactory(kind="account.password_reset_key")
    programme = NotificationFactory(kind="accounts.startup_invitation")
    Notification.objects.update(carries_secret=False)
    migration.mark_account_emails(apps, None)
    assert list(Notification.objects.order_by("pk").values_list("pk", "carries_secret")) == [
        (account.pk, True),
        (programme.pk, False),
    ]
