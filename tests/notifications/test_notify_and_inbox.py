"""The outbox in one process, from the person's side: notify (idempotent, transactional), the
rendered email, and the inbox. Tasks run eagerly, email goes to Django's locmem outbox.

Runs on SQLite and on PostgreSQL. What needs a broker and a worker process lives in
test_outbox_live.py; failures and retries in test_delivery_retries.py.
"""

import pytest
from django.core import mail
from django.db import transaction
from pytest_django.asserts import assertContains

from notifications import outbox
from notifications.models import Notification, NotificationStatus
from tests.factories import NotificationFactory, UserFactory
from tests.notifications.service_helpers import CONTEXT, KIND

pytestmark = pytest.mark.django_db

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


# --- notify: idempotent, transactional ----------------------------------------------------


def test_notify_same_key_returns_same_row_and_sends_once(django_capture_on_commit_callbacks):
    user = UserFactory()

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        first = outbox.notify(user, KIND, CONTEXT, key="invite:1")
        second = outbox.notify(user, KIND, CONTEXT, key="invite:1")

    assert second.pk == first.pk
    assert Notification.objects.count() == 1
    # one send enqueued (the other callback replaces the cached unread count)
    assert [c.args for c in callbacks if getattr(c, "func", None) is outbox.enqueue] == [
        (first.pk,)
    ]
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
