"""Settings of the benchmarked site: the production settings plus two bare views (bench/urls.py),
plain static file names (no collectstatic), plain HTTP on loopback.

Every process of the bench names its PostgreSQL connections (BENCH_ROLE: "bench" in the bench
itself, "bench-web" in gunicorn, "bench-worker" in Celery), so the bench can find the backends
serving the site in pg_stat_activity and count their CPU time.
"""

import os

from config.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
DATABASES["default"].setdefault("OPTIONS", {})["application_name"] = os.environ.get(  # noqa: F405
    "BENCH_ROLE", "bench"
)
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "WARNING"}}
# Static files straight from the source folders (no collectstatic for a benchmark).
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = False
STATIC_ROOT = None
