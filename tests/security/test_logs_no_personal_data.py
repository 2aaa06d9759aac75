"""Personal data never reaches the logs.

A person with marked personal data (email address, names in Latin and Hangul, phone number,
business registration number) goes through the site while every logger writes at DEBUG:
sign-up refused then accepted, email confirmation, failed and successful sign-in, password
reset, profile, startup, co-founder invitation, application, event registration, a coaching
booking, and the outbox sending every email this causes, one delivery refused by the mail
server. No record may carry a marker: not its message, arguments, exception or extra fields.

The loggers the settings pin above DEBUG (django.template, which would log whole template
contexts) keep their level, as they do in production with LOG_LEVEL=DEBUG.

The last test runs a real Celery worker: a refused delivery is retried, and the worker's log
line about the retry must not quote the mail server's error, which names the address.
"""

import logging
import re
import time
import uuid
from contextlib import contextmanager
from datetime import date

import pytest
import redis
from django.conf import settings as django_settings
from django.core import mail
from django.utils import timezone

from accounts.models import StartupInvitation, User
from challenges.models import Application, ApplicationStatus
from config.celery import app as celery_app
from events.models import Registration
from mentoring import services as mentoring_services
from mentoring.forms import slot_value
from mentoring.models import Session
from notifications.models import Notification, NotificationStatus
from notifications.tasks import send_notification
from tests import factories
from tests.support.celery_worker import start_worker

EMAIL = "pii-marker-4f1c@example.com"
COFOUNDER = "pii-marker-cofounder-77aa@example.com"
UNKNOWN = "pii-marker-nobody-31d0@example.com"
NAME = "Piimarker Seoyeon"
NAME_KO = "피마커서연"
PHONE = "010-5521-7788"
BUSINESS_NUMBER = factories.business_number(77_313)
PASSWORD = "Hongneung-bio-2026!"
MARKERS = [
    "pii-marker",
    "Piimarker",
    NAME_KO,
    PHONE,
    PHONE.replace("-", ""),
    BUSINESS_NUMBER,
    f"{BUSINESS_NUMBER[:3]}-{BUSINESS_NUMBER[3:5]}-{BUSINESS_NUMBER[5:]}",
]
# What the configured handler writes (config/settings.py LOGGING), exceptions included.
FORMATTER = logging.Formatter(django_settings.LOGGING["formatters"]["plain"]["format"])
STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", (), None))) | {"message", "asctime"}
# Django attaches the request to its records; no handler of ours writes it (see
# test_the_configured_handlers_write_no_request). Its repr holds the whole query string.
UNWRITTEN = {"request"}


def leaks(records) -> list[str]:
    """Records carrying a marker, as "logger: message"."""
    found = []
    for record in records:
        if record.name.startswith("factory"):  # factory_boy logs what the test builds
            continue
        extras = {k: v for k, v in vars(record).items() if k not in STANDARD | UNWRITTEN}
        texts = [FORMATTER.format(record), repr(record.args), repr(extras)]
        if any(marker in text for marker in MARKERS for text in texts):
            found.append(f"{record.name}: {record.getMessage()[:300]}")
    return found


def test_the_configured_handlers_write_no_request():
    config = django_settings.LOGGING
    assert {h["class"] for h in config["handlers"].values()} == {"logging.StreamHandler"}
    assert all("request" not in f["format"] for f in config["formatters"].values())
    # At DEBUG the template engine logs each missing variable with the whole context.
    assert config["loggers"]["django.template"]["level"] == "INFO"


@pytest.fixture
def every_logger_at_debug(caplog):
    """Every logger at DEBUG, but those the settings pin (as LOG_LEVEL=DEBUG would do)."""
    pinned = set(django_settings.LOGGING.get("loggers", {}))
    loggers = [logging.getLogger(name) for name in list(logging.root.manager.loggerDict)]
    saved = {logger: logger.level for logger in loggers}
    for logger in loggers:
        if logger.name not in pinned:
            logger.setLevel(logging.DEBUG)
    caplog.set_level(logging.DEBUG)
    yield caplog
    for logger, level in saved.items():
        logger.setLevel(level)


def test_the_leak_check_finds_a_marker_wherever_a_record_carries_it():
    def record(msg, args=(), **extra):
        made = logging.LogRecord("demo", logging.INFO, __file__, 1, msg, args, None)
        made.__dict__.update(extra)
        return made

    assert leaks([record("sent to %s", (EMAIL,))]) == [f"demo: sent to {EMAIL}"]
    assert leaks([record("refused", smtp_error=f"<{COFOUNDER}>")]) == ["demo: refused"]
    failure = (ValueError, ValueError(f"bad address {EMAIL}"), None)
    with_exception = logging.LogRecord("demo", logging.ERROR, __file__, 1, "failed", (), failure)
    assert leaks([with_exception]) == ["demo: failed"]
    assert leaks([record("user %s", (42,)), record("sent to %s", ("someone@example.kr",))]) == []
    assert leaks([record("startup %s", (BUSINESS_NUMBER,))]) != []
    assert leaks([record("phone %s", (PHONE.replace("-", ""),))]) != []


@pytest.mark.django_db
def test_personal_data_stays_out_of_the_logs(
    client, every_logger_at_debug, settings, django_capture_on_commit_callbacks
):
    caplog = every_logger_at_debug
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"

    def act(method, path, data=None, expected=(200, 302)):
        with django_capture_on_commit_callbacks(execute=True):  # the outbox sends at once
            response = getattr(client, method)(path, data or {})
        assert response.status_code in expected, (path, response.status_code)
        return response

    # Sign-up: refused (the passwords differ), then accepted; the emailed link confirms it.
    signup = {"email": EMAIL, "name": NAME, "password1": PASSWORD, "password2": PASSWORD}
    act("post", "/accounts/signup/", {**signup, "password2": "different-Pass-99"}, [200])
    act("post", "/accounts/signup/", signup, [302])
    key = re.search(r"/accounts/confirm-email/([^/\s]+)/", mail.outbox[-1].body).group(1)
    act("post", f"/accounts/confirm-email/{key}/", expected=[302])
    act("post", "/accounts/logout/", expected=[302])

    # Sign-in: a wrong password, an unknown address, then the right one.
    act("post", "/accounts/login/", {"login": EMAIL, "password": "wrong-password"}, [200])
    act("post", "/accounts/login/", {"login": UNKNOWN, "password": PASSWORD}, [200])
    act("post", "/accounts/password/reset/", {"email": EMAIL}, [302])
    act("post", "/accounts/password/reset/", {"email": UNKNOWN}, [302])
    act("post", "/accounts/login/", {"login": EMAIL, "password": PASSWORD}, [302])
    person = User.objects.get(email=EMAIL)

    # Profile, startup, co-founder.
    act("post", "/profile/", {"name": NAME_KO, "language": "ko", "time_zone": "Asia/Seoul"})
    act(
        "post",
        "/startups/new/",
        {
            "kind": "company",
            "name": f"{NAME} Therapeutics",
            "business_number": BUSINESS_NUMBER,
            "founded_on": date(2024, 3, 1).isoformat(),
            "district": "동대문구",
            "address": "서울특별시 동대문구 회기로 117",
        },
        [302],
    )
    startup = person.startups.get()
    act("post", f"/startups/{startup.pk}/invite/", {"email": COFOUNDER}, [302])

    # The application: a step with personal data in its text, then submission.
    application = factories.CompleteApplicationFactory(startup=startup)
    act(
        "post",
        f"/applications/{application.pk}/steps/team/",
        {"team_summary": f"{NAME_KO}, CEO, {PHONE}", "team_size": "3", "go": "next"},
        [302],
    )
    act("post", f"/applications/{application.pk}/submit/", expected=[302])

    # An event and a coaching session.
    event = factories.EventFactory(hybrid=True, ask_affiliation=True, ask_dietary_needs=True)
    act(
        "post",
        f"/events/{event.slug}/register/",
        {"mode": "online", "affiliation": f"{NAME} Therapeutics", "dietary_needs": PHONE},
        [302],
    )
    engagement = factories.EngagementFactory(startup=startup)
    factories.AvailabilityWindowFactory(coach=engagement.coach)  # Tuesday mornings
    slots = mentoring_services.free_slots(
        engagement, first_day=timezone.localdate(), days=14, now=timezone.now()
    )
    act(
        "post",
        f"/mentoring/engagements/{engagement.pk}/book/",
        {"starts_at": slot_value(slots[0].starts_at), "session_format": "video", "agenda": PHONE},
        [302],
    )

    # A delivery the mail server refuses, retried until it is given up.
    settings.EMAIL_BACKEND = "tests.security.backends.RecipientRefusedBackend"
    act("post", f"/startups/{startup.pk}/invite/", {"email": "pii-marker-second@example.com"})
    refused = Notification.objects.get(email="pii-marker-second@example.com")
    for retries in range(1, django_settings.NOTIFICATION_MAX_ATTEMPTS):
        send_notification.apply((refused.pk,), retries=retries)

    # Requests the security layers log: a NUL in the query string, a page that is not there.
    act("get", f"/events/?q={EMAIL}%00", expected=[400])
    act("get", f"/no-such-page/?email={EMAIL}", expected=[404])

    # The flows did what they should, with the marked data...
    assert Application.objects.get(pk=application.pk).status == ApplicationStatus.SUBMITTED
    assert StartupInvitation.objects.filter(email=COFOUNDER).exists()
    assert Registration.objects.get(event=event).user == person
    assert Session.objects.get(engagement=engagement).agenda == PHONE
    refused.refresh_from_db()
    assert refused.status == NotificationStatus.FAILED
    assert "pii-marker-second@example.com" in refused.last_error  # kept on the row, for staff
    assert {m.to[0] for m in mail.outbox} >= {EMAIL, COFOUNDER, UNKNOWN}
    # ...the logs were captured (the security layer's refusals are logged)...
    names = {record.name for record in caplog.records}
    assert {"django.security.NullCharacterInRequest", "django.request"} <= names
    # ...and not one record names the person.
    assert leaks(caplog.records) == []


# --- a real worker --------------------------------------------------------------------------


@contextmanager
def published():
    """Tasks go to the broker (REDIS_URL) instead of running in the test process."""
    saved = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = False
    try:
        yield
    finally:
        celery_app.conf.task_always_eager = saved


@pytest.fixture
def queue_name():
    name = f"biohub-test-logs-{uuid.uuid4().hex[:12]}"
    yield name
    client = redis.Redis.from_url(django_settings.REDIS_URL)
    try:
        keys = list(client.scan_iter(match=f"*{name}*"))
        if keys:
            client.delete(*keys)
    finally:
        client.close()


@pytest.mark.postgres
@pytest.mark.redis
def test_the_workers_retry_log_does_not_quote_the_refused_address(
    transactional_db, queue_name, tmp_path
):
    person = factories.UserFactory(email=EMAIL, name=NAME)
    notification = factories.NotificationFactory(
        recipient=person, context={"startup": NAME_KO, "inviter": NAME, "url": "/x/"}
    )
    worker = start_worker(
        queue=queue_name,
        outbox=tmp_path,
        log_path=tmp_path / "worker.log",
        env={"EMAIL_BACKEND": "tests.security.backends.RecipientRefusedBackend"},
    )
    try:
        with published():
            send_notification.apply_async((notification.pk,), queue=queue_name)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and " retry: " not in worker.log():
            time.sleep(0.2)
    finally:
        worker.stop()
    log = worker.log_path.read_text(errors="replace")

    notification.refresh_from_db()
    assert (notification.status, notification.attempts) == (NotificationStatus.PENDING, 1)
    assert EMAIL in notification.last_error  # the row keeps the error, for staff
    retries = [line for line in log.splitlines() if " retry: " in line]
    assert len(retries) == 1, log
    assert f"notification {notification.pk}: SMTPRecipientsRefused" in retries[0]
    assert [marker for marker in MARKERS if marker in log] == []
