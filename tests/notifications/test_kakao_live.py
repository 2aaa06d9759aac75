"""A real worker killed while the provider holds its KakaoTalk request: never sent twice.

Email may repeat in the one window the outbox cannot close (tests/quality/test_faults.py);
a KakaoTalk message or SMS is claimed (committed) before the provider is called, so the
row a dead worker leaves behind ends "failed" (outcome unknown) instead of going again.
"""

import time
import uuid
from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone

from notifications import delivery
from notifications.models import Notification
from notifications.outbox import notify
from tests.notifications.test_kakao import CHANGE, CONTEXT, phone_person
from tests.notifications.test_outbox_live import publishing_to, wait_until
from tests.support import solapi_server
from tests.support.celery_worker import start_worker

pytestmark = [pytest.mark.postgres, pytest.mark.redis, pytest.mark.real_clock]


def test_worker_killed_while_provider_holds_the_request_never_sends_twice(
    transactional_db, tmp_path, settings
):
    server, httpd = solapi_server.start()
    kakao_env = {
        "KAKAO_API_KEY": "NCSTESTKEY",
        "KAKAO_API_SECRET": "test-secret",
        "KAKAO_SENDER_NUMBER": "0212345678",
        "KAKAO_CHANNEL_ID": "KA01PF_BIOHUB",
        "KAKAO_API_URL": server.url,
    }
    for name, value in kakao_env.items():
        setattr(settings, name, value)
    queue = f"biohub-test-kakao-{uuid.uuid4().hex[:12]}"
    outbox = tmp_path / "outbox"
    outbox.mkdir()
    server.script("stall")
    try:
        user = phone_person()
        first = start_worker(
            queue=queue, outbox=outbox, log_path=tmp_path / "w1.log", env=kakao_env
        )
        try:
            with publishing_to(settings.REDIS_URL, queue=queue):
                with transaction.atomic():
                    notify(user, CHANGE, CONTEXT, key="session:7:cancelled")
                wait_until(
                    lambda: len(server.requests) == 1,
                    what="the worker to call the provider",
                    worker=first,
                )
                first.kill()  # the provider has the message; the worker never hears back
        finally:
            first.stop()
        server.release.set()
        row = Notification.objects.get(key="session:7:cancelled", channel="kakao")
        assert (row.status, row.claimed_at is not None) == ("pending", True)

        second = start_worker(
            queue=queue, outbox=outbox, log_path=tmp_path / "w2.log", env=kakao_env
        )
        try:
            with publishing_to(settings.REDIS_URL, queue=queue):
                delivery.requeue_pending(now=timezone.now() + timedelta(minutes=10))
                wait_until(
                    lambda: Notification.objects.get(pk=row.pk).status == "failed",
                    what="the claimed row to be given up",
                    worker=second,
                )
                time.sleep(1)
        finally:
            second.stop()
        assert len(server.requests) == 1
        assert Notification.objects.get(pk=row.pk).last_error == delivery.UNKNOWN_OUTCOME
    finally:
        server.release.set()
        httpd.shutdown()
        httpd.server_close()
