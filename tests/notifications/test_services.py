"""The outbox in one process: tasks run eagerly, email goes to Django's locmem outbox.

Runs on SQLite and on PostgreSQL. What needs a broker and a worker process lives in
test_outbox_live.py.
"""

from importlib import import_module

import pytest
from django.apps import apps
from django.conf import settings
from django.core import mail
from django.db import transaction
from django.utils import timezone
from pytest_django.asserts import assertContains

from core.models import AuditEntry
from notifications import delivery, outbox
from notifications.models import Notification, NotificationStatus
from notifications.tasks import send_notification
from tests.factories import NotificationFactory, StaffFactory, UserFactory
from tests.support.email_backends import FailingBackend

pytestmark = pytest.mark.django_db

KIND = "accounts.startup_invitation"
CONTEXT = {"startup": "홍릉테라퓨틱스", "inviter": "최창업", "url": "/invitations/abc/"}
ICS = (
    "BEGIN:VCALENDAR\r\n"
    "VERSION:2.0\r\n"
    "PRODID:-//Seoul BioHub//Test//EN\r\n"
    "METHOD:REQUEST\r\n"
    "BEGIN:VEVENT\r\n"
    "UID:session-1@seoulbiohub.kr\r\n"
    "DTSTART:20260310T130000Z\r\n"
    "DTEND:20260310T140000Z\r\n"
    "SUMMARY:Mentoring session\r\n"
    "END:VEVENT\r\n"
    "END:VCALENDAR\r\n"
)


@pytest.fixture
def failing_email(settings):
    settings.EMAIL_BACKEND = "tests.support.email_backends.FailingBackend"


# --- notify: idempotent, transactional ----------------------------------------------------


def test_notify_same_key_returns_same_row_and_sends_once(django_capture_on_commit_callbacks):
    user = UserFactory()

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        first = outbox.notify(user, KIND, CONTEXT, key="invite:1")
        second = outbox.notify(user, KIND, CONTEXT, key="invite:1")

    assert second.pk == first.pk
    assert Notification.objects.count() == 1
    assert len(callbacks) == 1
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [user.email]
    assert mail.outbox[0].extra_headers["X-BioHub-Notification"] == "invite:1"
    first.refresh_from_db()
    assert (first.status, first.attempts) == (NotificationStatus.SENT, 1)


def test_notify_same_key_after_sending_sends_nothing_new(django_capture_on_commit_callbacks):
    user = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        outbox.notify(user, KIND, CONTEXT, key="invite:1")

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        outbox.notify(user, KIND, {**CONTEXT, "startup": "다른 회사"}, key="invite:1")

    assert callbacks == []
    assert len(mail.outbox) == 1


def test_notify_in_rolled_back_transaction_leaves_no_row_and_sends_nothing(
    django_capture_on_commit_callbacks,
):
    user = UserFactory()

    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        outbox.notify(user, KIND, CONTEXT, key="invite:1")
        raise RuntimeError("the caller failed after notify()")

    assert callbacks == []
    assert Notification.objects.count() == 0
    assert mail.outbox == []


def test_notify_without_recipient_or_email_is_refused():
    with pytest.raises(ValueError, match="needs a recipient or an email address"):
        outbox.notify(None, KIND, CONTEXT, key="invite:1")


# --- rendering ----------------------------------------------------------------------------


def test_delivered_email_is_in_english_for_english_recipient(django_capture_on_commit_callbacks):
    user = UserFactory(language="en")

    with django_capture_on_commit_callbacks(execute=True):
        notification = outbox.notify(user, KIND, CONTEXT, key="invite:1")

    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject == "최창업 invited you to join 홍릉테라퓨틱스"
    notification.refresh_from_db()
    assert notification.language == "en"
    assert notification.subject == "최창업 invited you to join 홍릉테라퓨틱스"


def test_delivered_email_for_korean_recipient_is_rendered_in_korean(
    django_capture_on_commit_callbacks,
):
    # The exact Korean wording belongs to the translators: asserted is that the row is rendered
    # for "ko", carries the names from the context and is not the English text.
    user = UserFactory(language="ko")

    with django_capture_on_commit_callbacks(execute=True):
        notification = outbox.notify(user, KIND, CONTEXT, key="invite:1")

    assert len(mail.outbox) == 1
    notification.refresh_from_db()
    assert notification.language == "ko"
    assert mail.outbox[0].subject == notification.subject
    assert "홍릉테라퓨틱스" in notification.subject
    assert "최창업" in notification.subject
    assert notification.subject != "최창업 invited you to join 홍릉테라퓨틱스"


def test_ics_in_context_is_attached_as_text_calendar(django_capture_on_commit_callbacks):
    user = UserFactory(language="en")

    with django_capture_on_commit_callbacks(execute=True):
        outbox.notify(user, KIND, {**CONTEXT, "ics": ICS}, key="session:1")

    assert len(mail.outbox) == 1
    calendar_parts = [
        part
        for part in mail.outbox[0].message().walk()
        if part.get_content_type() == "text/calendar"
    ]
    assert len(calendar_parts) == 1
    part = calendar_parts[0]
    assert part.get_filename() == "invite.ics"
    assert part.get_param("method") == "REQUEST"
    assert part.get_payload(decode=True).decode().splitlines() == ICS.splitlines()


def test_email_without_ics_has_no_attachment(django_capture_on_commit_callbacks):
    user = UserFactory(language="en")

    with django_capture_on_commit_callbacks(execute=True):
        outbox.notify(user, KIND, CONTEXT, key="invite:1")

    assert mail.outbox[0].attachments == []


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


# --- the inbox ----------------------------------------------------------------------------


def test_inbox_lists_only_own_notifications(client):
    user = UserFactory()
    older = NotificationFactory(recipient=user)
    newer = NotificationFactory(recipient=user)
    NotificationFactory(recipient=user, show_in_inbox=False)  # an account email
    NotificationFactory()  # someone else's
    client.force_login(user)

    response = client.get("/notifications/")

    assert response.status_code == 200
    assert list(response.context["page"].object_list) == [newer, older]


def test_inbox_requires_sign_in(client):
    response = client.get("/notifications/")

    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")


def test_notification_detail_of_another_user_is_404(client):
    someone_else = NotificationFactory()
    client.force_login(UserFactory())

    response = client.get(f"/notifications/{someone_else.pk}/")

    assert response.status_code == 404
    someone_else.refresh_from_db()
    assert someone_else.read_at is None


def test_unread_count_in_navigation_drops_after_opening_notification(client):
    user = UserFactory(language="en")
    # NotificationFactory does not copy the recipient's language (notify() does).
    first = NotificationFactory(recipient=user, language="en")
    NotificationFactory(recipient=user, language="en")
    client.force_login(user)

    inbox = client.get("/notifications/")
    assert inbox.context["unread_notification_count"] == 2
    assertContains(inbox, '<span class="badge text-bg-warning">2<span', count=1)

    detail = client.get(f"/notifications/{first.pk}/")
    assert detail.status_code == 200
    assert detail.context["subject"] == "최창업 invited you to join 홍릉테라퓨틱스"
    first.refresh_from_db()
    assert first.is_read

    inbox = client.get("/notifications/")
    assert inbox.context["unread_notification_count"] == 1
    assertContains(inbox, '<span class="badge text-bg-warning">1<span', count=1)


def test_mark_all_read_is_post_only(client):
    user = UserFactory()
    mine = NotificationFactory(recipient=user)
    client.force_login(user)

    response = client.get("/notifications/read-all/")

    assert response.status_code == 405
    mine.refresh_from_db()
    assert mine.read_at is None


def test_mark_all_read_requires_sign_in(client):
    notification = NotificationFactory()

    response = client.post("/notifications/read-all/")

    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")
    notification.refresh_from_db()
    assert notification.read_at is None


def test_mark_all_read_marks_only_own_notifications(client):
    user = UserFactory()
    NotificationFactory.create_batch(2, recipient=user)
    theirs = NotificationFactory()
    client.force_login(user)

    response = client.post("/notifications/read-all/")

    assert response.status_code == 302
    assert response.url == "/notifications/"
    assert [n.is_read for n in Notification.objects.filter(recipient=user)] == [True, True]
    theirs.refresh_from_db()
    assert theirs.read_at is None
    inbox = client.get("/notifications/")
    assert inbox.context["unread_notification_count"] == 0
