"""The Celery application. Workers: `make worker`; the periodic sweeps: `make beat`."""

import os

from celery import Celery
from celery.signals import task_postrun, task_prerun, worker_init
from django.db import close_old_connections

from config import processes

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("biohub", task_cls="celery.contrib.django.task:DjangoTask")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@worker_init.connect
def _yield_to_web_requests(**kwargs):
    """A worker runs at a lower CPU priority than gunicorn (config.processes); its pool's
    processes inherit it."""
    from django.conf import settings  # noqa: PLC0415 -- settings are read once Django is set up

    processes.lower_priority(settings.WORKER_NICENESS)


@task_prerun.connect
@task_postrun.connect
def _close_old_connections(sender=None, **kwargs):
    """Database connections in a worker live as in a web request: kept for CONN_MAX_AGE,
    checked before reuse (CONN_HEALTH_CHECKS), dropped when broken. Celery's own Django fixup
    would close them around every task (CELERY_DB_REUSE_MAX lifts that): a new PostgreSQL
    backend for every email sent, which cost the database more than the email did. A task
    run eagerly (`make run`, the tests) runs inside its caller's request: left alone."""
    if not getattr(sender.request, "is_eager", False):
        close_old_connections()


@task_postrun.connect
def _write_stale_leftovers(sender=None, **kwargs):
    """What a task's rolled-back transaction left waiting to be forgotten in the cache
    (core.stale), as at the end of a request. An eager task's caller writes its own."""
    from core import stale  # noqa: PLC0415 -- core's models load once Django is set up

    if not getattr(sender.request, "is_eager", False):
        stale.write_leftovers()
