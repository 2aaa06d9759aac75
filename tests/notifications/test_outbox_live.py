"""The outbox against the real services: PostgreSQL, a Redis broker and a Celery worker process.

Data is committed (`transactional_db`) so the worker, a separate process started with
`.venv/bin/celery -A config worker`, can read it. The worker writes email to files
(EMAIL_URL=filemail://...) that the test reads back. Every test uses its own queue name, so
messages left by another run cannot reach this worker, and every wait has a deadline.

The test process publishes through the same Celery app as the site. tests/conftest.py makes
it eager for the whole suite; `publishing_to()` switches it to a real (or unreachable) broker
for one block and drops the cached broker connections before and after.
"""

import email
import socket
import threading
import time
import uuid
from collections.abc import Callable
from contextlib import contextmanager
from datetime import datetime, timedelta
from pathlib import Path

import kombu.pools
import pytest
import redis
from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from accounts.models import StartupInvitation
from config.celery import app as celery_app
from notifications import delivery
from notifications.models import Notification, NotificationStatus
from notifications.outbox import enqueue, notify
from notifications.tasks import send_notification
from tests.factories import NotificationFactory, StartupMembershipFactory, UserFactory
from tests.support.celery_worker import database_url, start_worker
from tests.support.email_backends import RaceBackend

pytestmark = [pytest.mark.postgres, pytest.mark.redis, pytest.mark.real_clock]

BASE_DIR = Path(settings.BASE_DIR)
DEADLINE = 30.0  # seconds; no wait in this file is longer
# The HTTP request must not wait on a dead broker (two quick publish attempts, then give up).
REQUEST_BUDGET = 5.0
# How long a sender in RaceBackend waits for a rival sender: the width of the race window.
RACE_WINDOW = 3.0

KIND = "accounts.startup_invitation"
CONTEXT = {"startup": "홍릉테라퓨틱스", "inviter": "최창업", "url": "/invitations/abc/"}


# --- plumbing -----------------------------------------------------------------------------


def closed_port_url() -> str:
    """A Redis URL on a local TCP port nothing listens on: connections are refused at once."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"redis://127.0.0.1:{port}/1"


def _drop_broker_connections() -> None:
    """Forget every cached broker connection, so the next publish uses the current broker_url.

    The app caches a connection pool (`app.pool`) and its AMQP helper caches a producer pool,
    the router and the queue declarations (`app.amqp`); kombu keeps process-wide pools keyed
    by broker address. All of them are rebuilt lazily on the next publish.
    """
    kombu.pools.reset()
    celery_app._pool = None
    celery_app.__dict__.pop("amqp", None)


@contextmanager
def publishing_to(broker_url: str, *, queue: str):
    """Within the block, tasks are published to `broker_url`/`queue` instead of run eagerly."""
    conf = celery_app.conf
    saved = {
        "broker_url": conf.broker_url,
        "task_always_eager": conf.task_always_eager,
        "task_default_queue": conf.task_default_queue,
    }
    _drop_broker_connections()
    conf.update(broker_url=broker_url, task_always_eager=False, task_default_queue=queue)
    try:
        yield
    finally:
        _drop_broker_connections()
        conf.update(saved)


def wait_until(predicate: Callable[[], bool], *, what: str, worker=None) -> None:
    deadline = time.monotonic() + DEADLINE
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.1)
    log = f"\n--- worker log ---\n{worker.log()}" if worker is not None else ""
    pytest.fail(f"gave up after {DEADLINE:.0f} s waiting for {what}{log}")


def status_of(notification_id: int) -> str:
    return Notification.objects.values_list("status", flat=True).get(pk=notification_id)


def sent_keys(outbox: Path) -> list[str]:
    """The X-BioHub-Notification header of every message the worker wrote, oldest file first.

    Django's file backend writes one file per connection, messages separated by a line of
    79 dashes.
    """
    keys = []
    for path in sorted(outbox.iterdir(), key=lambda p: p.stat().st_mtime_ns):
        for chunk in path.read_bytes().split(b"\n" + b"-" * 79 + b"\n"):
            if chunk.strip():
                header = email.message_from_bytes(chunk)["X-BioHub-Notification"]
                keys.append("".join(header.split()))  # long keys are folded over two lines
    return keys


@pytest.fixture
def queue_name():
    name = f"biohub-test-outbox-{uuid.uuid4().hex[:12]}"
    yield name
    client = redis.Redis.from_url(settings.REDIS_URL)
    try:
        keys = list(client.scan_iter(match=f"*{name}*"))
        if keys:
            client.delete(*keys)
    finally:
        client.close()


@pytest.fixture
def outbox(tmp_path) -> Path:
    path = tmp_path / "outbox"
    path.mkdir()
    return path


@pytest.fixture
def worker(transactional_db, queue_name, outbox, tmp_path):
    """A real Celery worker on this test's database and queue, writing email to `outbox`."""
    process = start_worker(queue=queue_name, outbox=outbox, log_path=tmp_path / "worker.log")
    try:
        yield process
    finally:
        process.stop()


# --- a. broker down: the request succeeds, the row waits, the sweep sends it once ----------


def invite_cofounder(client) -> Notification:
    owner = UserFactory(language="en")
    startup = StartupMembershipFactory(user=owner).startup
    client.force_login(owner)

    response = client.post(f"/startups/{startup.pk}/invite/", {"email": "cofounder@example.kr"})

    assert response.status_code == 302
    assert response.url == f"/startups/{startup.pk}/"
    invitation = StartupInvitation.objects.get(startup=startup)
    return Notification.objects.get(key=f"accounts.startup_invitation:{invitation.pk}")


def sign_up(client) -> Notification:
    response = client.post(
        "/accounts/signup/",
        {
            "email": "newcomer@example.kr",
            "name": "신규 가입자",
            "password1": "a-long-and-unusual-passphrase",
            "password2": "a-long-and-unusual-passphrase",
            "consent_collection": "on",
        },
    )

    assert response.status_code == 302
    assert response.url == "/accounts/confirm-email/"
    return Notification.objects.get(email="newcomer@example.kr")


@pytest.mark.parametrize("make_request", [invite_cofounder, sign_up], ids=["invite", "signup"])
def test_broker_down_request_succeeds_row_stays_pending_and_sweep_sends_it_once(
    client, caplog, worker, queue_name, outbox, make_request
):
    with publishing_to(closed_port_url(), queue=queue_name):
        started = time.monotonic()
        notification = make_request(client)
        elapsed = time.monotonic() - started

    assert elapsed < REQUEST_BUDGET
    notification.refresh_from_db()
    assert (notification.status, notification.attempts) == (NotificationStatus.PENDING, 0)
    warnings = [r.getMessage() for r in caplog.records if r.name == "notifications.outbox"]
    assert len(warnings) == 1
    assert warnings[0].startswith(
        f"notification {notification.pk} stays pending: broker unavailable"
    )

    # The broker is back. The beat sweep finds the row once it is a minute old.
    with publishing_to(settings.REDIS_URL, queue=queue_name):
        assert delivery.requeue_pending(now=timezone.now()) == 0  # not stale yet
        assert delivery.requeue_pending(now=timezone.now() + timedelta(minutes=2)) == 1
        wait_until(
            lambda: status_of(notification.pk) == NotificationStatus.SENT,
            what="the worker to send the swept notification",
            worker=worker,
        )
        assert sent_keys(outbox) == [notification.key]

        # Sweeping again finds nothing; a duplicate message (a redelivery) sends nothing.
        assert delivery.requeue_pending(now=timezone.now() + timedelta(minutes=10)) == 0
        assert enqueue(notification.pk) is True
        # The worker takes messages in order, one at a time: once this later one is sent, the
        # duplicate before it has been handled.
        with transaction.atomic():
            marker = notify(UserFactory(), KIND, CONTEXT, key="marker")
        wait_until(
            lambda: status_of(marker.pk) == NotificationStatus.SENT,
            what="the worker to send the marker notification",
            worker=worker,
        )

    assert sent_keys(outbox) == [notification.key, "marker"]
    notification.refresh_from_db()
    assert (notification.status, notification.attempts) == (NotificationStatus.SENT, 1)


# --- b. two workers racing on one row send one email ----------------------------------------


@pytest.fixture
def race_email(settings):
    settings.EMAIL_BACKEND = "tests.support.email_backends.RaceBackend"
    RaceBackend.arm(parties=2, timeout=RACE_WINDOW)
    yield RaceBackend
    RaceBackend.disarm()


def deliver_without_row_lock(notification_id: int) -> Notification | None:
    """deliver_notification's steps without select_for_update: read, check, send, mark sent."""
    with transaction.atomic():
        notification = Notification.objects.select_related("recipient").get(pk=notification_id)
        if notification.status != NotificationStatus.PENDING:
            return None
        delivery.build_message(notification).send()
        notification.status = NotificationStatus.SENT
        notification.sent_at = timezone.now()
        notification.attempts += 1
        notification.save(update_fields=["status", "sent_at", "attempts"])
    return notification


def run_task(notification_id: int) -> None:
    send_notification.apply((notification_id,))


def race(deliver: Callable[[int], object], notification_id: int) -> dict[str, float]:
    """Run `deliver` in two threads released at the same moment; when each one started."""
    start = threading.Barrier(2, timeout=DEADLINE)
    started: dict[str, float] = {}
    errors: list[BaseException] = []

    def run():
        try:
            start.wait()
            started[threading.current_thread().name] = time.monotonic()
            deliver(notification_id)
        except BaseException as error:
            errors.append(error)
        finally:
            connection.close()  # this thread's own connection

    threads = [threading.Thread(target=run, name=f"worker-{n}") for n in (1, 2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=DEADLINE)
    assert [t.name for t in threads if t.is_alive()] == []
    assert errors == []
    return started


@pytest.mark.parametrize(
    "deliver", [delivery.deliver_notification, run_task], ids=["service", "task"]
)
def test_two_workers_racing_on_one_row_send_one_email(transactional_db, race_email, deliver):
    notification = NotificationFactory(key="race")  # committed, pending, not enqueued

    started = race(deliver, notification.pk)

    assert [sent.message.extra_headers["X-BioHub-Notification"] for sent in race_email.sent] == [
        "race"
    ]
    (sent,) = race_email.sent
    (other,) = set(started) - {sent.thread}
    # The other worker tried while the sender was still sending: the two attempts overlapped.
    assert started[other] < sent.left
    notification.refresh_from_db()
    assert (notification.status, notification.attempts) == (NotificationStatus.SENT, 1)


def test_race_harness_catches_delivery_without_row_lock(transactional_db, race_email):
    notification = NotificationFactory(key="race")  # committed, pending, not enqueued

    race(deliver_without_row_lock, notification.pk)

    assert [sent.message.extra_headers["X-BioHub-Notification"] for sent in race_email.sent] == [
        "race",
        "race",
    ]
    assert max(s.entered for s in race_email.sent) < min(s.left for s in race_email.sent)


# --- c. a rolled-back transaction sends nothing, even with a worker running -----------------


def test_rolled_back_notification_is_never_sent_by_running_worker(worker, queue_name, outbox):
    user = UserFactory()

    with publishing_to(settings.REDIS_URL, queue=queue_name):
        with pytest.raises(RuntimeError), transaction.atomic():
            notify(user, KIND, CONTEXT, key="rolled-back")
            raise RuntimeError("the request failed after notify()")
        assert Notification.objects.filter(key="rolled-back").exists() is False

        # Proof that the worker is listening: a committed notification after it is sent.
        with transaction.atomic():
            committed = notify(user, KIND, CONTEXT, key="committed")
        wait_until(
            lambda: status_of(committed.pk) == NotificationStatus.SENT,
            what="the worker to send the committed notification",
            worker=worker,
        )

    assert sent_keys(outbox) == ["committed"]
    assert list(Notification.objects.values_list("key", flat=True)) == ["committed"]
    client = redis.Redis.from_url(settings.REDIS_URL)
    try:
        assert client.llen(queue_name) == 0
    finally:
        client.close()


# --- d. a worker keeps its database connection between tasks, as a web worker does ---------


def connections_named(name: str) -> list[tuple[int, datetime]]:
    """The open connections whose application_name is `name`: (backend pid, opened at)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid, backend_start FROM pg_stat_activity WHERE application_name = %s",
            [name],
        )
        return cursor.fetchall()


def send_two(user, queue_name: str, worker) -> list[Notification]:
    sent = []
    with publishing_to(settings.REDIS_URL, queue=queue_name):
        for key in ("first", "second"):
            with transaction.atomic():
                notification = notify(user, KIND, CONTEXT, key=key)
            wait_until(
                lambda pk=notification.pk: status_of(pk) == NotificationStatus.SENT,
                what=f"the worker to send the {key} notification",
                worker=worker,
            )
            sent.append(Notification.objects.get(pk=notification.pk))
    return sent


@pytest.mark.parametrize(("conn_max_age", "kept"), [("600", True), ("0", False)])
def test_a_worker_keeps_its_database_connection_for_conn_max_age(
    transactional_db, queue_name, outbox, tmp_path, conn_max_age, kept
):
    """Celery's Django fixup closed it around every task: a new PostgreSQL backend per email."""
    name = f"worker-{queue_name}"  # the worker's connections, told from any other test's
    worker = start_worker(
        queue=queue_name,
        outbox=outbox,
        log_path=tmp_path / "worker.log",
        env={
            "CONN_MAX_AGE": conn_max_age,
            "DATABASE_URL": f"{database_url()}?application_name={name}",
        },
    )
    try:
        first, _second = send_two(UserFactory(), queue_name, worker)
        connections = connections_named(name)
    finally:
        worker.stop()

    if kept:
        # One connection, opened before the first email went and still open after the second.
        assert len(connections) == 1, connections
        assert connections[0][1] < first.sent_at
    else:
        assert connections == []
