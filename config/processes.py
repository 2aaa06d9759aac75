"""How the site's long-running processes settle in once the application is loaded: gunicorn's
workers (gunicorn.conf.py) and Celery's worker (config.celery).

Measured on the deadline rush of `make bench` (50 founders applying at once on 2 cores):

- A worker holds some 140,000 objects after loading Django and the apps, and they live as long
  as the process. Python's collector walked them all on every full collection (some 40 ms
  each) and walked young objects every 700 allocations, several times a request. Freezing them
  (gc.freeze) and collecting the young generation less often took about a tenth off the CPU
  time per request. Reference cycles are still collected: only less often.
- A worker's first notification used to build Celery's side of sending (the registry of tasks,
  the routing, the producer pool): some 65 ms on the founder's submission that happened to be
  first after a start, and 16,000 objects made after the freeze. A worker now builds them
  before it freezes (prepare_task_sending); the broker connection still opens on first use,
  so a worker starts while Redis is down.
- Django imports the URLconf, and with it every view, form and admin page, on a worker's first
  request, and builds the tables `reverse()` reads for each language on the first link; the
  template engine and the translation catalogues likewise. In a worker of its own, that first
  request took some 150 ms more than the next, and left some 30,000 objects outside the
  freeze. A worker now loads them before it freezes (load_request_handling).
- An email can wait a few milliseconds; a founder's click on deadline day cannot. Celery's
  worker runs at a lower CPU priority (WORKER_NICENESS), so on a machine it shares with
  gunicorn the web requests go first, and the worker sends in the time they leave.
"""

import gc
import os

# Collect the young generation every 10,000 allocations (Python's default: 700); the older
# two as Python would, relative to it. Full collections then come every few dozen requests.
GC_THRESHOLDS = (10_000, 20, 20)


def settle_after_loading() -> None:
    """Move the objects loaded so far out of the collector's way and collect less often. Call
    once per process, after the application is loaded."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(*GC_THRESHOLDS)


def prepare_task_sending() -> None:
    """Build what enqueuing a task needs (notifications.outbox.enqueue) without connecting to
    the broker: Celery's registry of tasks (finalize), the routing and queues, the producer
    pool and the result backend. Call before settle_after_loading, so that these are frozen
    too."""
    from config.celery import app  # noqa: PLC0415 -- config.celery imports this module

    app.finalize(auto=True)
    app.amqp.producer_pool  # noqa: B018 -- the property builds the pool (no connection)
    app.amqp.router  # noqa: B018 -- built on first use, with the queues and routes
    app.backend  # noqa: B018 -- every apply_async asks for it (task_ignore_result or not)


def load_request_handling() -> None:
    """Load what Django otherwise loads on a worker's first request: the URLconf (importing
    every view), the reverse tables and the translation catalogue of each language, and the
    template engine with its tag libraries. Call before settle_after_loading, so that these
    are frozen too."""
    from django.conf import settings  # noqa: PLC0415 -- Django is set up by now
    from django.template import engines  # noqa: PLC0415
    from django.urls import get_resolver  # noqa: PLC0415
    from django.utils import translation  # noqa: PLC0415

    resolver = get_resolver()
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            resolver.reverse_dict  # noqa: B018 -- imports the URLconf; this language's table
    engines.all()


def lower_priority(niceness: int) -> None:
    """Raise this process's niceness by `niceness` (0: leave it)."""
    if niceness:
        os.nice(niceness)
