"""What the fault tests share: notifications to send, the beat sweep, and a private Redis server."""

import shutil
import socket
import subprocess
import time
import uuid
from datetime import timedelta
from pathlib import Path

import pytest
from django.db import transaction
from django.utils import timezone

from notifications import delivery
from notifications.models import Notification
from notifications.outbox import notify
from tests.factories import UserFactory
from tests.notifications.test_outbox_live import (
    CONTEXT,
    KIND,
)

DEADLINE = 30.0


def notify_people(count: int) -> list[Notification]:
    with transaction.atomic():
        return [
            notify(UserFactory(), KIND, CONTEXT, key=f"fault-{uuid.uuid4().hex[:8]}")
            for _ in range(count)
        ]


def all_sent(notifications) -> bool:
    pks = [n.pk for n in notifications]
    return not Notification.objects.filter(pk__in=pks).exclude(status="sent").exists()


def sweep() -> int:
    """What beat does every minute, run as if the rows were two minutes old."""
    return delivery.requeue_pending(now=timezone.now() + timedelta(minutes=2))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class PrivateRedis:
    """A redis-server of this test's own (nothing kept on disk), to stop and start at will."""

    def __init__(self, tmp_path: Path):
        self.port = free_port()
        self.dir = tmp_path
        self.process = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                shutil.which("redis-server"),
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.dir),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + DEADLINE
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1) as s:
                    s.sendall(b"PING\r\n")
                    if s.recv(16).startswith(b"+PONG"):
                        return
            except OSError:
                time.sleep(0.1)
        pytest.fail("the private redis-server did not start")

    def stop(self) -> None:
        if self.process is not None:
            self.process.kill()
            self.process.wait(timeout=15)
            self.process = None
