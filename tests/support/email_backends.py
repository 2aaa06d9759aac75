"""Email backends for tests, selected with the EMAIL_BACKEND setting (never by patching code).

`FailingBackend` is an SMTP server that is down. `RaceBackend` holds every sender at a
barrier, so two sends that can both get this far are certain to overlap, and records what
was sent and by which thread.
"""

import contextlib
import os
import signal
import smtplib
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from django.core.mail.backends import filebased
from django.core.mail.backends.base import BaseEmailBackend


class FailingBackend(BaseEmailBackend):
    """Refuses every message."""

    error = "test backend: the SMTP server refused the connection"

    def send_messages(self, email_messages):
        raise smtplib.SMTPException(self.error)


@dataclass(frozen=True)
class SentMessage:
    message: object
    thread: str
    entered: float  # time.monotonic() when the sender reached send_messages
    left: float  # ... and when it got past the barrier


class RaceBackend(BaseEmailBackend):
    """Makes the window between "decided to send" and "marked sent" as wide as `timeout`.

    Call `RaceBackend.arm(parties=2, timeout=3)` before the race. A sender waits at the
    barrier until the other sender arrives too (then both send at once) or until the timeout
    (the other one never got this far; it sends alone). Messages land in `RaceBackend.sent`.
    """

    barrier: threading.Barrier | None = None
    sent: list[SentMessage] = []
    _lock = threading.Lock()

    @classmethod
    def arm(cls, *, parties: int, timeout: float) -> None:
        cls.barrier = threading.Barrier(parties, timeout=timeout)
        cls.sent = []

    @classmethod
    def disarm(cls) -> None:
        cls.barrier = None
        cls.sent = []

    def send_messages(self, email_messages):
        barrier = type(self).barrier
        if barrier is None:
            raise RuntimeError("RaceBackend.arm() was not called")
        entered = time.monotonic()
        # A broken barrier means nobody else reached the send: the outcome under test.
        with contextlib.suppress(threading.BrokenBarrierError):
            barrier.wait()
        left = time.monotonic()
        thread = threading.current_thread().name
        with self._lock:
            for message in email_messages:
                type(self).sent.append(SentMessage(message, thread, entered, left))
        return len(email_messages)


class StallingFileBackend(filebased.EmailBackend):
    """Django's file backend that, while the file named by BIOHUB_STALL_FILE exists, stops
    inside send_messages before writing anything (it touches `<file>.entered` first), so a
    test can kill the worker process in the middle of sending."""

    def send_messages(self, email_messages):
        stall = os.environ.get("BIOHUB_STALL_FILE", "")
        if stall and os.path.exists(stall):
            Path(stall + ".entered").touch()
            deadline = time.monotonic() + 60
            while os.path.exists(stall) and time.monotonic() < deadline:
                time.sleep(0.05)
        return super().send_messages(email_messages)


class DyingAfterSendFileBackend(filebased.EmailBackend):
    """Django's file backend whose process dies (SIGKILL) right after the first message is
    written while the file named by BIOHUB_DIE_AFTER_SEND_FILE exists: the SMTP server has the
    message, the worker never commits that it sent it. The file is removed first, so only one
    worker dies."""

    def send_messages(self, email_messages):
        sent = super().send_messages(email_messages)
        die = os.environ.get("BIOHUB_DIE_AFTER_SEND_FILE", "")
        if die and os.path.exists(die):
            os.unlink(die)
            os.kill(os.getpid(), signal.SIGKILL)
        return sent
