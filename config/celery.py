"""The Celery application. Workers: `make worker`; the periodic sweeps: `make beat`."""

import os

from celery import Celery
from celery.signals import worker_init

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
