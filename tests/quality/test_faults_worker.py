"""Faults under a running worker, with the real services: a worker killed in the middle of
sending, Redis restarted under it.

The guarantees come from the outbox: a notification is a row in PostgreSQL; the worker locks
the row, sends, and marks it sent in one transaction; the beat sweep (`requeue_pending`)
enqueues rows that are still pending a minute later. Whatever happens to the worker or the
broker, the rows are still there and each is sent once.
"""

import email
import time
from collections import Counter, defaultdict
from pathlib import Path

import pytest

from notifications.models import Notification
from tests.notifications.test_outbox_live import (
    publishing_to,
    sent_keys,
    wait_until,
)
from tests.quality.fault_helpers import (
    all_sent,
    notify_people,
    sweep,
)
from tests.support.celery_worker import start_worker

pytestmark = [pytest.mark.postgres, pytest.mark.redis, pytest.mark.real_clock]


def test_worker_killed_while_sending_then_each_email_goes_once(
    transactional_db, queue_name, outbox, tmp_path, settings
):
    stall = tmp_path / "stall"
    stall.touch()
    env = {
        "EMAIL_BACKEND": "tests.support.email_backends.StallingFileBackend",
        "EMAIL_FILE_PATH": str(outbox),
        "BIOHUB_STALL_FILE": str(stall),
    }
    first = start_worker(queue=queue_name, outbox=outbox, log_path=tmp_path / "w1.log", env=env)
    try:
        with publishing_to(settings.REDIS_URL, queue=queue_name):
            notifications = notify_people(3)
            entered = Path(str(stall) + ".entered")
            wait_until(entered.exists, what="the worker to start sending", worker=first)
            first.kill()  # in the middle of send_messages, before anything is written
    finally:
        first.stop()
    stall.unlink()
    assert sent_keys(outbox) == []
    assert not all_sent(notifications)  # the killed transaction sent nothing, marked nothing

    second = start_worker(queue=queue_name, outbox=outbox, log_path=tmp_path / "w2.log", env=env)
    try:
        with publishing_to(settings.REDIS_URL, queue=queue_name):
            assert sweep() >= 1
            wait_until(lambda: all_sent(notifications), what="every email", worker=second)
            # Messages the killed worker had taken come back from the broker or the sweep
            # again: the row is sent already, so they send nothing.
            sweep()
            time.sleep(1)
    finally:
        second.stop()
    assert delivery_report(outbox, notifications) == {"missing": [], "repeated": {}}


def sent_messages(outbox: Path) -> list[tuple[str, str]]:
    """(notification key, Message-ID) of every message the workers wrote, oldest first."""
    messages = []
    for path in sorted(outbox.iterdir(), key=lambda p: p.stat().st_mtime_ns):
        for chunk in path.read_bytes().split(b"\n" + b"-" * 79 + b"\n"):
            if chunk.strip():
                message = email.message_from_bytes(chunk)
                key = "".join(message["X-BioHub-Notification"].split())
                messages.append((key, message["Message-ID"]))
    return messages


def delivery_report(outbox: Path, notifications) -> dict:
    """What reached the mail server, measured rather than assumed: the notifications never
    sent, and those sent more than once with how often. A repeat must carry the Message-ID of
    the first copy, so receiving systems can recognise it."""
    messages = sent_messages(outbox)
    counts = Counter(key for key, _ in messages)
    ids: dict[str, set] = defaultdict(set)
    for key, message_id in messages:
        ids[key].add(message_id)
    assert all(len(found) == 1 for found in ids.values()), ids  # one id per notification
    report = {
        "missing": sorted(n.key for n in notifications if counts[n.key] == 0),
        "repeated": {key: count for key, count in counts.items() if count > 1},
    }
    print(f"delivery: {len(messages)} messages for {len(notifications)} notifications, {report}")
    return report


def test_worker_killed_after_the_handover_repeats_the_email_with_the_same_message_id(
    transactional_db, queue_name, outbox, tmp_path, settings
):
    """The one window the outbox cannot close: the mail server has the message and the
    worker dies before its COMMIT. The row is still pending, so the email goes again (at
    least once, never lost), and the repeat carries the first copy's Message-ID."""
    die = tmp_path / "die"
    die.touch()
    env = {
        "EMAIL_BACKEND": "tests.support.email_backends.DyingAfterSendFileBackend",
        "EMAIL_FILE_PATH": str(outbox),
        "BIOHUB_DIE_AFTER_SEND_FILE": str(die),
    }
    first = start_worker(queue=queue_name, outbox=outbox, log_path=tmp_path / "w1.log", env=env)
    try:
        with publishing_to(settings.REDIS_URL, queue=queue_name):
            notifications = notify_people(3)
            wait_until(
                lambda: first.process.poll() is not None,
                what="the worker to die after handing a message over",
                worker=first,
            )
    finally:
        first.stop()
    handed_over = sent_messages(outbox)
    assert len(handed_over) == 1
    assert Notification.objects.get(key=handed_over[0][0]).status == "pending"

    second = start_worker(queue=queue_name, outbox=outbox, log_path=tmp_path / "w2.log", env=env)
    try:
        with publishing_to(settings.REDIS_URL, queue=queue_name):
            assert sweep() >= 1
            wait_until(lambda: all_sent(notifications), what="every email", worker=second)
            sweep()
            time.sleep(1)
    finally:
        second.stop()
    report = delivery_report(outbox, notifications)
    assert report == {"missing": [], "repeated": {handed_over[0][0]: 2}}
    assert sent_messages(outbox).count(handed_over[0]) == 2  # the same key, the same id


def test_redis_restarted_under_a_running_worker_pending_work_resumes(
    transactional_db, queue_name, outbox, tmp_path, private_redis
):
    worker = start_worker(
        queue=queue_name, outbox=outbox, log_path=tmp_path / "w.log", broker_url=private_redis.url
    )
    try:
        with publishing_to(private_redis.url, queue=queue_name):
            before = notify_people(1)
            wait_until(lambda: all_sent(before), what="the first email", worker=worker)
            # Redis goes away with what it held; requests meanwhile still commit their rows.
            private_redis.stop()
            during = notify_people(2)
            assert not all_sent(during)
            private_redis.start()  # empty: the messages published while it was down are gone
            assert sweep() == 2
            wait_until(lambda: all_sent(during), what="the pending emails", worker=worker)
    finally:
        worker.stop()
    assert sorted(sent_keys(outbox)) == sorted(n.key for n in before + during)
