"""Fixtures of the fault tests: a queue and an outbox folder of their own, a private Redis."""

import shutil
import uuid
from pathlib import Path

import pytest

from tests.quality.fault_helpers import PrivateRedis


@pytest.fixture
def queue_name():
    return f"biohub-test-faults-{uuid.uuid4().hex[:12]}"


@pytest.fixture
def outbox(tmp_path) -> Path:
    path = tmp_path / "outbox"
    path.mkdir()
    return path


@pytest.fixture
def private_redis(tmp_path):
    if shutil.which("redis-server") is None:
        pytest.fail("redis-server is not installed")
    server = PrivateRedis(tmp_path)
    server.start()
    yield server
    server.stop()
