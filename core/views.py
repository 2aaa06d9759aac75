import logging

from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

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
    try:
        cache.set("health:probe", "1", 10)
        if cache.get("health:probe") != "1":
            return "error"
    except Exception:
        logger.exception("health: cache unreachable")
        return "error"
    return "ok"


def _check_broker() -> str:
    from django.conf import settings

    if settings.CELERY_TASK_ALWAYS_EAGER:
        return "eager"
    from celery import current_app as app

    try:
        with app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
    except Exception:
        logger.exception("health: broker unreachable")
        return "error"
    return "ok"


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
    """JSON status of the parts the site needs; 503 when one is down (for load balancers)."""
    checks = {
        "database": _check_database(),
        "cache": _check_cache(),
        "broker": _check_broker(),
        "static": _check_static_files(),
    }
    healthy = all(value in ("ok", "eager") for value in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "error", **checks},
        status=200 if healthy else 503,
    )
