"""The inbox list is kept rendered (core.fragments): the same page again reads no row, and a new,
sent, read or deleted notification shows on the next request, also when it was written without
save() (reading, the outbox's bulk insert)."""

import pytest

from notifications import inbox
from notifications.outbox import NotificationSpec, notify_many
from tests import factories
from tests.page_helpers import page_and_queries

pytestmark = pytest.mark.django_db


def inbox_page(client) -> tuple[int, str]:
    return page_and_queries(client, "/notifications/")


@pytest.fixture
def person(client):
    user = factories.UserFactory(language="en")
    client.force_login(user)
    return user


def entry(user, subject: str):
    return factories.NotificationFactory(recipient=user, subject=subject)


def test_the_inbox_again_reads_no_row(client, person):
    entry(person, "Your startup invitation")
    client.get("/notifications/")
    count, page = inbox_page(client)
    assert count == 0
    assert "Your startup invitation" in page


def test_a_new_entry_and_its_subject_once_sent_show_at_once(client, person):
    assert "No notifications yet" in inbox_page(client)[1]
    notification = entry(person, "")
    assert notification.kind in inbox_page(client)[1]  # no subject before it is sent
    notification.subject = "Invitation to Hongneung Bio"
    notification.save()
    assert "Invitation to Hongneung Bio" in inbox_page(client)[1]
    notification.delete()
    assert "No notifications yet" in inbox_page(client)[1]


def test_reading_one_and_reading_all_show_at_once(client, person):
    first = entry(person, "First news")
    entry(person, "Second news")
    assert inbox_page(client)[1].count(">new</span>") == 2
    inbox.mark_read(first)  # an UPDATE, no save()
    assert inbox_page(client)[1].count(">new</span>") == 1
    client.post("/notifications/read-all/")
    assert ">new</span>" not in inbox_page(client)[1]
    assert "Second news" in inbox_page(client)[1]


def test_a_bulk_insert_shows_at_once(client, person):
    inbox_page(client)
    notify_many(
        [
            NotificationSpec(
                recipient=person,
                kind="accounts.startup_invitation",
                context={"startup": "홍릉테라퓨틱스", "inviter": "최창업", "url": "/x/"},
                key="kept-inbox:1",
            )
        ]
    )
    assert "No notifications yet" not in inbox_page(client)[1]


def test_another_persons_notification_leaves_the_inbox_kept(client, person):
    entry(person, "Mine")
    client.get("/notifications/")
    entry(factories.UserFactory(), "Theirs")
    assert inbox_page(client)[0] == 0
