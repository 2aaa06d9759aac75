"""Settings for Seoul BioHub Open Innovation.

One file, driven by environment variables (django-environ). With no variables at all the
project runs on embedded defaults: a SQLite file, an in-process cache, Celery tasks executed
eagerly and email printed to the console. Production differs only by environment; see
README.md for the list of variables.
"""

import os
import sys
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import environ
from csp.constants import NONCE, NONE, SELF
from django.utils.translation import gettext_lazy as _

from config import beat

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()

DEBUG = env.bool("DJANGO_DEBUG", default=False)
TESTING = "pytest" in sys.modules
# The embedded defaults (local key, console email, localhost links) exist for a local machine
# (no DATABASE_URL: the SQLite file), `make run` and the test suite. A deployment names its
# database, and there a missing SECRET_KEY, SITE_URL or EMAIL_URL stops start-up instead of
# silently running with the local defaults.
EMBEDDED = DEBUG or TESTING or "DATABASE_URL" not in os.environ
# Secure transport (HTTPS redirect, secure cookies, HSTS) is on unless DEBUG, and can be
# switched off for a plain-HTTP deployment or the test suite with DJANGO_SECURE=0.
SECURE = env.bool("DJANGO_SECURE", default=not DEBUG)


def _embedded_default(value):
    return value if EMBEDDED else environ.Env.NOTSET


SECRET_KEY = env(
    "SECRET_KEY",
    default=_embedded_default("django-insecure-local-only-7c1f9b2e4d8a0f3c6b5e1d9a2c4f7e0b"),
)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL = env("SITE_URL", default=_embedded_default("http://127.0.0.1:8000"))

INSTALLED_APPS = [
    "accounts.admin_config.BioHubAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rules.apps.AutodiscoverRulesConfig",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django_htmx",
    "csp",
    "core",
    "accounts",
    "notifications",
    "challenges",
    "mentoring",
    "events",
    "partners",
    "legal",
]

MIDDLEWARE = [
    "core.middleware.RetrySafeReadsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "core.request_checks.RefuseControlCharactersMiddleware",
    # Visitors' public pages from the cache, before the session is read (core.page_cache).
    "core.page_cache.VisitorPageCacheMiddleware",
    "core.middleware.PrivateCacheControlMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "accounts.middleware.CachedAuthenticationMiddleware",
    "accounts.middleware.UserPreferencesMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "core.middleware.RequestBodyLimitMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

# Public pages kept for visitors (core.page_cache): rebuilt after every change of their
# content; this many seconds bound what only the clock changes (a call closing). 0: off.
VISITOR_PAGE_CACHE_SECONDS = env.int("VISITOR_PAGE_CACHE_SECONDS", default=60)

# The staff dashboard's and funders' figures (config.dashboard.cache) are kept this many
# seconds; nothing bumps them earlier, so a change shows at the latest after this long.
DASHBOARD_CACHE_SECONDS = 60

ROOT_URLCONF = "config.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "django.template.context_processors.tz",
                "notifications.context_processors.unread_notifications",
                "config.navigation.navigation",
                "legal.context_processors.site_identity",
            ],
        },
    },
]

# Django's widget templates, the commonest built in Python (core/form_renderer.py says why).
FORM_RENDERER = "core.form_renderer.DirectRenderer"

WSGI_APPLICATION = "config.wsgi.application"

# --- Data ---------------------------------------------------------------------------------

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = env.bool("CONN_HEALTH_CHECKS", default=True)
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Parameters bound on the server; a statement a connection has run 5 times (psycopg's
    # default, off in Django unless asked) is prepared, so PostgreSQL stops parsing and planning
    # it: half the database's CPU time on a founder's walk through the application (measured
    # in one process). No pooler in transaction mode in between (README "Production").
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"server_side_binding": True, "prepare_threshold": 5}
    )
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Writers wait for each other instead of failing with "database is locked", and a
    # transaction takes the write lock when it starts (select_for_update does nothing here).
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"timeout": 20, "transaction_mode": "IMMEDIATE"}
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

REDIS_URL = env("REDIS_URL", default="")


def _next_redis_database(url: str) -> str:
    """redis://host:6379/0 -> redis://host:6379/1: the cache never shares the broker's database,
    because clearing a cache flushes its whole database (queued tasks included)."""
    parts = urlsplit(url)
    database = int(parts.path.strip("/") or 0)
    return urlunsplit(parts._replace(path=f"/{database + 1}"))


if REDIS_URL:
    # Redis down must not take the site down: core.cache answers from process memory while
    # Redis is unreachable (reads miss, rate limits count per process) and logs a warning.
    # Short socket timeouts so a Redis that hangs costs a request at most a second.
    CACHES = {
        "default": {
            "BACKEND": "core.cache.ResilientRedisCache",
            "LOCATION": env("CACHE_URL", default=_next_redis_database(REDIS_URL)),
            "KEY_PREFIX": "biohub",
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# The frame's fixed parts ({% cache %} in base.html), in each process's memory: keyed on all
# they show, so nothing is ever stale (core.links drops them when a test swaps URLs).
CACHES["template_fragments"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "template-fragments",
    "OPTIONS": {"MAX_ENTRIES": 2000},
}

# With Redis, sessions are read from the cache and written through to the database
# (accounts.sessions: cached_db whose cache entries live at most SESSION_CACHE_SECONDS). The
# database stays the record: losing Redis loses no session, and a sign-out or an expiry is
# honoured at once. Without Redis (`make run`, one process) the database alone: a per-process
# memory cache would let another process keep a signed-out session.
SESSION_ENGINE = "accounts.sessions" if REDIS_URL else "django.contrib.sessions.backends.db"
SESSION_CACHE_SECONDS = 300
SESSION_COOKIE_AGE = 12 * 60 * 60

# --- Files --------------------------------------------------------------------------------

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = env("MEDIA_ROOT", default=str(BASE_DIR / "media"))
MEDIA_URL = "/media/"  # never served publicly; documents go through permission-checked views

STATIC_MANIFEST = env.bool("STATIC_MANIFEST", default=not DEBUG)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if STATIC_MANIFEST
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
if env("AWS_STORAGE_BUCKET_NAME", default=""):
    # Private object storage: files are never public, links are signed and short-lived.
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env("AWS_STORAGE_BUCKET_NAME"),
            "endpoint_url": env("AWS_S3_ENDPOINT_URL", default=None),
            "region_name": env("AWS_S3_REGION_NAME", default=None),
            "default_acl": "private",
            "querystring_auth": True,
            "querystring_expire": 300,
            "file_overwrite": False,
        },
    }

# --- Language and time --------------------------------------------------------------------

LANGUAGE_CODE = "ko"
LANGUAGES = [("ko", _("Korean")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Asia/Seoul"
USE_TZ = True
# Times in the 12-hour form with the zone named ("2026년 12월 5일 오후 11:17 KST").
FORMAT_MODULE_PATH = ["config.formats"]
LANGUAGE_COOKIE_NAME = "biohub_language"
LANGUAGE_COOKIE_AGE = 365 * 24 * 60 * 60
LANGUAGE_COOKIE_SAMESITE = "Lax"

# --- Accounts (django-allauth) ------------------------------------------------------------

AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
# The admin's index: the programme dashboard, built by the top layer (it reads every app).
ADMIN_DASHBOARD = "config.dashboard.views.admin_dashboard"
LOGIN_REDIRECT_URL = "my_home"
ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_SIGNUP_FORM_CLASS = "accounts.signup.SignupConsentForm"
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_PRESERVE_USERNAME_CASING = False
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
# Account emails tell their owner about every change to email, password and two-factor sign-in
# (the subject starts with the programme's name: accounts.adapter).
ACCOUNT_EMAIL_NOTIFICATIONS = True
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if SECURE else "http"
# Five failed passwords per address within five minutes, then refused (allauth's rate limit).
ACCOUNT_RATE_LIMITS = {"login_failed": "10/m/ip,5/5m/key"}
# Behind the HTTPS proxy every request comes from the proxy's address: the limits per address
# need the client's, which only a proxy we run may tell. TRUSTED_PROXY_COUNT=1 takes it from the
# last X-Forwarded-For entry (the one our proxy appends); TRUSTED_CLIENT_IP_HEADER names a header
# the proxy sets instead (X-Real-IP). Unset, X-Forwarded-For is ignored: anyone can write it.
ALLAUTH_TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
ALLAUTH_TRUSTED_CLIENT_IP_HEADER = env("TRUSTED_CLIENT_IP_HEADER", default=None)
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Seoul BioHub"
# Staff must have two-factor authentication to use the admin. Only the local demo turns it off.
STAFF_REQUIRE_MFA = env.bool("STAFF_REQUIRE_MFA", default=True)

# --- Email and notifications --------------------------------------------------------------

EMAIL_CONFIG = env.email("EMAIL_URL", default=_embedded_default("consolemail://"))
vars().update(EMAIL_CONFIG)
# A backend class named outright (a provider's API backend, or a test's) wins over EMAIL_URL's.
EMAIL_BACKEND = env("EMAIL_BACKEND", default=EMAIL_CONFIG["EMAIL_BACKEND"])
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Seoul BioHub <noreply@seoulbiohub.kr>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# The ORGANIZER of seminar and meeting-room invitations (replies go there); the sender if empty.
CALENDAR_ORGANIZER = env("CALENDAR_ORGANIZER", default="")

CELERY_BROKER_URL = env("CELERY_BROKER_URL", default=REDIS_URL or "memory://")
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=not REDIS_URL)
CELERY_TASK_EAGER_PROPAGATES = False
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = False
# Where tasks are sent when nothing routes them (a worker's own fan-out included): a test's
# worker sets its own queue so that what it enqueues comes back to it.
CELERY_TASK_DEFAULT_QUEUE = env("CELERY_TASK_DEFAULT_QUEUE", default="celery")
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Celery's Django fixup closes the database connections around every task unless this is set;
# config.celery closes them as Django does per request instead (CONN_MAX_AGE).
CELERY_DB_REUSE_MAX = 1000
# Workers lower their CPU priority by this much (config.processes): web requests first. 0: off.
WORKER_NICENESS = env.int("WORKER_NICENESS", default=10)
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = "UTC"
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Publishing gives up quickly when the broker is down: the outbox row stays pending and the
# sweep below enqueues it again later. The user's request never waits on the broker.
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.2,
}
# Recovery after a worker dies, with acks_late: two paths, their timings chosen together.
# - The beat sweep (notifications.delivery: a pending row is swept once STALE_AFTER = 1 min
#   overdue, then leased for REQUEUE_LEASE = 4 min) re-enqueues it within about 1-5 minutes.
# - Without the beat, Redis itself hands a message a dead worker had taken to another worker
#   after the visibility timeout. It must exceed the longest a live worker may hold a
#   message: a retry's countdown (notifications.tasks.backoff, at most 5 min) plus one send
#   (EMAIL_TIMEOUT below), or live tasks would be handed out twice (harmless, the row is
#   locked, but each copy counts an attempt). 10 minutes: beat first, broker as a backstop.
# tests/notifications/test_recovery_timings.py checks these relations; README "Production".
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "socket_connect_timeout": 2,
    "visibility_timeout": 600,
}
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=EMAIL_CONFIG.get("EMAIL_TIMEOUT") or 30)
CELERY_BEAT_SCHEDULE = beat.SCHEDULE  # the periodic sweeps (config/beat.py)
# Publishing results (challenges.services.publication): applications told per chunk (one
# transaction each); an active job without a sign of life for this long is restarted by the
# beat sweep (a chunk takes well under a second); it fails after this many errors in a row.
PUBLICATION_CHUNK_SIZE = env.int("PUBLICATION_CHUNK_SIZE", default=500)
PUBLICATION_STALLED_AFTER = timedelta(minutes=env.int("PUBLICATION_STALLED_MINUTES", default=2))
PUBLICATION_MAX_FAILURES = 5
# Reviewers are reminded this many days before a review is due, and again once it is overdue.
REVIEW_REMINDER_DAYS = env.int("REVIEW_REMINDER_DAYS", default=3)
# Grantees are reminded this many days before a grant report is due, and again once overdue.
GRANT_REPORT_REMINDER_DAYS = env.int("GRANT_REPORT_REMINDER_DAYS", default=7)
NOTIFICATION_MAX_ATTEMPTS = 6

# Personal data retention (PIPA Art. 21; core/privacy.py, the daily destruction job). Days:
# - draft_applications_after_close: drafts never submitted, after the call closes (1 year);
# - unselected_applications_after_results: not selected, ineligible or withdrawn applications
#   and their documents, after the call's results are published (3 years);
# - event_registrations_after_event: seminar registrations, after the event ends (1 year);
# - notification_bodies: the subject, body and context of sent messages (90 days);
# - inactive_accounts: accounts nobody signed in to for this long are anonymised (3 years),
#   after a notice sent inactive_account_notice days ahead (30).
# Selected applications and grant records are kept as the grant rules require and are never
# destroyed by the job. PRIVACY_POLICY_VERSION is written in the destruction log (파기 대장):
# raise it when this schedule changes.
PRIVACY_POLICY_VERSION = env.str("PRIVACY_POLICY_VERSION", default="2026-12")
PRIVACY_RETENTION = {
    "draft_applications_after_close": 365,
    "unselected_applications_after_results": 3 * 365,
    "event_registrations_after_event": 365,
    "notification_bodies": 90,
    "inactive_accounts": 3 * 365,
    "inactive_account_notice": 30,
}
# KakaoTalk notification messages (알림톡) with SMS fallback, through SOLAPI's HTTP API
# (notifications.kakao). Entirely by environment: without all four the platform sends email
# only and /health/ says "kakao": "off".
KAKAO_API_KEY = env("KAKAO_API_KEY", default="")
KAKAO_API_SECRET = env("KAKAO_API_SECRET", default="")
KAKAO_SENDER_NUMBER = env("KAKAO_SENDER_NUMBER", default="")
KAKAO_CHANNEL_ID = env("KAKAO_CHANNEL_ID", default="")  # SOLAPI's pfId of our channel
KAKAO_API_URL = env("KAKAO_API_URL", default="https://api.solapi.com")
KAKAO_TIMEOUT_SECONDS = env.float("KAKAO_TIMEOUT_SECONDS", default=10.0)
KAKAO_DAILY_CAP = env.int("KAKAO_DAILY_CAP", default=5)  # KakaoTalk/SMS per person per day
# What one message costs (KRW), counted per kind for the dashboard.
MESSAGE_COST_KRW = {"kakao": 8, "sms": 20}
# /health/ says "degraded" (200) when the beat's heartbeat (every minute) is older than this,
# or when a notification has been pending longer than this (retries of a failing mail server
# take about 12 minutes in all before a row is marked failed).
HEALTH_BEAT_SILENT_AFTER = timedelta(minutes=5)
HEALTH_BACKLOG_OLD_AFTER = timedelta(minutes=15)

# Uploaded documents (core.uploads): checked by content; Office files are ZIP containers.
UPLOAD_MAX_BYTES = 20 * 1024 * 1024
UPLOAD_MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024
UPLOAD_MAX_ZIP_ENTRIES = 5_000
# The whole request may carry a document plus the form; anything larger is refused early.
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# A request declaring a larger body (one document plus the form) is answered 413 before a
# byte of it is read (core.middleware). Keep the proxy's limit at least this (README).
REQUEST_MAX_BYTES = UPLOAD_MAX_BYTES + DATA_UPLOAD_MAX_MEMORY_SIZE
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

# Possible duplicate applications: project texts at least this similar (rapidfuzz, 0-100).
DUPLICATE_TEXT_THRESHOLD = env.int("DUPLICATE_TEXT_THRESHOLD", default=90)

# --- Security -----------------------------------------------------------------------------

SECURE_SSL_REDIRECT = SECURE
SECURE_REDIRECT_EXEMPT = [r"^health/$"]  # load-balancer probes speak plain HTTP
SESSION_COOKIE_SECURE = SECURE
CSRF_COOKIE_SECURE = SECURE
LANGUAGE_COOKIE_SECURE = SECURE
SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365 if SECURE else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE
SECURE_HSTS_PRELOAD = SECURE
if SECURE:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    # At DEBUG the template engine logs each missing variable with the whole context, which
    # holds names and email addresses: never below INFO, whatever LOG_LEVEL says.
    "loggers": {"django.template": {"level": "INFO"}},
}
