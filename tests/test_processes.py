"""How the site's processes settle in (config.processes): gunicorn's workers freeze what they
loaded out of the garbage collector's way (gunicorn.conf.py); Celery's worker lowers its CPU
priority. Each is checked in a process of its own, started as production starts it."""

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings

from tests.support.celery_worker import start_worker

ROOT = Path(settings.BASE_DIR)
DEADLINE = 30.0

# gunicorn as `gunicorn config.wsgi` in the repository root: it finds gunicorn.conf.py there by
# itself and loads the application as a worker does; each script then runs the worker's hook.
WORKER_START = """
import gc, json, socket, sys
sys.argv = ["gunicorn", "config.wsgi"]
from gunicorn.app.wsgiapp import WSGIApplication
app = WSGIApplication("%(prog)s [OPTIONS] [APP_MODULE]")
"""

FREEZING = """
before = {"frozen": gc.get_freeze_count(), "thresholds": gc.get_threshold()}
app.load_wsgiapp()
app.cfg.post_worker_init(None)
after = {"frozen": gc.get_freeze_count(), "thresholds": gc.get_threshold()}
print(json.dumps({"config": app.cfg.config, "before": before, "after": after}))
"""

# What the first notification's enqueue asks of Celery (notifications.outbox.enqueue →
# apply_async), looked up after the hook: how many objects it makes for the collector to track,
# and whether the parts it uses are in the frozen generation (gc.get_objects leaves those out).
SENDING = """
app.load_wsgiapp()
from config.celery import app as celery
finalized_before = celery.finalized
attempts = []
connect = socket.socket.connect
def recorded(sock, address):
    attempts.append(str(address))
    return connect(sock, address)
socket.socket.connect = recorded
app.cfg.post_worker_init(None)
socket.socket.connect = connect
finalized_after = celery.finalized
tracked = len(gc.get_objects())
task = celery.tasks["notifications.send_notification"]
parts = [celery.amqp.producer_pool, celery.amqp.router, task.backend]
made = len(gc.get_objects()) - tracked
young = {id(o) for o in gc.get_objects()}
print(json.dumps({
    "finalized_before": finalized_before,
    "finalized_after": finalized_after,
    "made_for_sending": made,
    "parts_frozen": [id(part) not in young for part in parts],
    "connections_tried": attempts,
}))
"""


# What a worker's first requests ask of Django, asked after the hook, in each language: resolve
# a path, reverse a name (the URLconf and every view it imports, the reverse tables), translate
# (the catalogues), find the template engine; how many objects that makes for the collector.
FIRST_REQUEST = """
app.load_wsgiapp()
from django.conf import settings
urlconf_before = settings.ROOT_URLCONF in sys.modules
app.cfg.post_worker_init(None)
urlconf_after = settings.ROOT_URLCONF in sys.modules
from django.db import connection
connected = connection.connection is not None
from django.template import engines
from django.urls import resolve, reverse
from django.utils import translation
tracked = len(gc.get_objects())
for code, _name in settings.LANGUAGES:
    with translation.override(code):
        resolve("/"), reverse("challenges:list"), translation.gettext("Sign in")
        engines["django"]
made = len(gc.get_objects()) - tracked
print(json.dumps({"urlconf_before": urlconf_before, "urlconf_after": urlconf_after,
                  "connected": connected, "made_by_first_request": made}))
"""


def run_worker(script: str, **env) -> dict:
    """Run WORKER_START + `script` in a process of its own on the embedded defaults (no
    DATABASE_URL); the JSON it printed last."""
    environment = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    result = subprocess.run(
        [sys.executable, "-c", WORKER_START + script],
        cwd=ROOT,
        env={
            **environment,
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DJANGO_DEBUG": "1",
            **env,
        },
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_a_gunicorn_worker_freezes_the_loaded_site_and_collects_less_often():
    report = run_worker(FREEZING)

    assert report["config"] == "./gunicorn.conf.py"
    assert report["before"] == {"frozen": 0, "thresholds": [700, 10, 10]}
    # Django, the apps and their modules: far more than any one request makes.
    assert report["after"]["frozen"] > 50_000
    assert report["after"]["thresholds"] == [10_000, 20, 20]


def test_a_gunicorn_worker_builds_task_sending_before_the_freeze_without_the_broker():
    """A founder's submission, the first after a worker starts, paid for Celery's registry of
    tasks, routing and producer pool (some 65 ms, 16,000 objects outside the freeze). The
    worker builds them before freezing; the broker is not reached (here it is a closed port),
    so a worker starts while Redis is down."""
    report = run_worker(SENDING, REDIS_URL="redis://127.0.0.1:9/0")  # the discard port: closed

    assert report["finalized_before"] is False
    assert report["finalized_after"] is True
    # Looking the sending parts up again makes next to nothing: they exist, and are frozen.
    assert report["made_for_sending"] < 100, report
    assert report["parts_frozen"] == [True, True, True]
    assert report["connections_tried"] == []


def test_a_gunicorn_worker_loads_what_a_first_request_would_before_the_freeze():
    """Django imports the URLconf (every view, form and admin page) on a worker's first
    request and builds the reverse tables and catalogues per language on first use: some
    150 ms on that request, and some 30,000 objects outside the freeze. The worker loads them
    first."""
    report = run_worker(FIRST_REQUEST)

    assert report["urlconf_before"] is False
    assert report["urlconf_after"] is True
    assert report["connected"] is False  # a worker starts while the database is down
    assert report["made_by_first_request"] < 200, report


def niceness(pid: int) -> int:
    return os.getpriority(os.PRIO_PROCESS, pid)


@pytest.mark.postgres
@pytest.mark.redis
@pytest.mark.real_clock
@pytest.mark.parametrize(("setting", "raised_by"), [(None, 10), ("3", 3), ("0", 0)])
def test_a_celery_worker_lowers_its_cpu_priority(transactional_db, tmp_path, setting, raised_by):
    outbox = tmp_path / "outbox"
    outbox.mkdir()
    env = {} if setting is None else {"WORKER_NICENESS": setting}
    worker = start_worker(
        queue=f"biohub-test-niceness-{tmp_path.name}",
        outbox=outbox,
        log_path=tmp_path / "worker.log",
        env=env,
    )
    try:
        deadline = time.monotonic() + DEADLINE
        while "ready." not in worker.log() and time.monotonic() < deadline:
            assert worker.process.poll() is None, worker.log()
            time.sleep(0.1)
        assert "ready." in worker.log(), worker.log()

        assert niceness(worker.process.pid) == min(niceness(0) + raised_by, 19)
    finally:
        worker.stop()
