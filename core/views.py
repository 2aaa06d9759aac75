import logging

from celery import current_app
from django.apps import apps
from django.conf import settings
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from core.heartbeat import BEAT, last_heartbeat

logger = logging.getLogger(__name__)


def _check_database() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:
        logger.exception("health: database unreachable")
        return "error"
    return "ok"


def _check_cache() -> str:
    ping = getattr(cache, "ping", None)
    if ping is not None:  # core.cache.ResilientRedisCache: set/get would answer from memory
        return "ok" if ping() else "error"
    try:
        cache.set("health:probe", "1", 10)
        if cache.get("health:probe") != "1":
            return "error"
    except Exception:
        logger.exception("health: cache unreachable")
        return "error"
    return "ok"


def _check_broker() -> str:
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return "eager"
    try:
        with current_app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
    except Exception:
        logger.exception("health: broker unreachable")
        return "error"
    return "ok"


def _check_beat(now) -> dict:
    """The beat's last heartbeat (core.tasks.beat_heartbeat, every minute)."""
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return {"status": "eager"}  # no beat: tasks run in the request
    try:
        last = last_heartbeat(BEAT)
    except Exception:
        logger.exception("health: heartbeat unreadable")
        return {"status": "error"}
    if last is None:
        return {"status": "silent", "last_heartbeat": None, "age_seconds": None}
    age = (now - last).total_seconds()
    silent = age > settings.HEALTH_BEAT_SILENT_AFTER.total_seconds()
    return {
        "status": "silent" if silent else "ok",
        "last_heartbeat": last.isoformat(),
        "age_seconds": round(age),
    }


def _app_checks(now) -> dict:
    """Checks an app contributes through `health_checks(now=)` on its AppConfig (core imports
    no app of ours; notifications reports its backlog this way)."""
    checks = {}
    for config in apps.get_app_configs():
        contribute = getattr(config, "health_checks", None)
        if contribute is None:
            continue
        try:
            checks.update(contribute(now=now))
        except Exception:
            logger.exception("health: %s checks failed", config.label)
            checks[config.label] = {"status": "error"}
    return checks


# Without these the site still serves pages (reads miss the cache, mail waits in the outbox):
# their trouble makes the answer "degraded" with 200, so a load balancer keeps the instance
# while someone is alerted. Any other check that fails (the database) is "error" with 503.
DEGRADABLE = {"cache", "broker", "beat", "backlog"}


def _overall(checks: dict) -> tuple[str, int]:
    def status_of(value):
        return value["status"] if isinstance(value, dict) else value

    failing = {
        name for name, value in checks.items() if status_of(value) not in ("ok", "eager", "off")
    }
    if failing - DEGRADABLE:
        return "error", 503
    if failing:
        return "degraded", 200
    return "ok", 200


# A file every page links to (base.html): pages can be rendered when its URL can be built.
STATIC_PROBE = "css/site.css"


def _check_static_files() -> str:
    """With the manifest storage, every page's {% static %} needs the manifest that
    `collectstatic` writes: without it each page answers 500 while the rest is healthy."""
    try:
        staticfiles_storage.url(STATIC_PROBE)
    except ValueError:
        logger.exception("health: static files not collected (no manifest entry)")
        return "error"
    return "ok"


@never_cache
@require_GET
def health(request):
    """JSON status of the parts the site needs: 200 "ok" or "degraded" (the site serves;
    something needs attention), 503 "error" when it cannot serve (for load balancers)."""
    now = timezone.now()
    checks = {
        "database": _check_database(),
        "cache": _check_cache(),
        "broker": _check_broker(),
        "beat": _check_beat(now),
        **_app_checks(now),
        "static": _check_static_files(),
    }
    status, code = _overall(checks)
    return JsonResponse({"status": status, **checks}, status=code)
