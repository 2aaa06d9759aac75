"""KakaoTalk (알림톡) with SMS fallback through the outbox, against a local SOLAPI stand-in.

The provider is tests/support/solapi_server.py on 127.0.0.1, scripted per test with the
answers of success, template mismatch, not-a-friend, rate limit and server error. Tasks run
eagerly (tests/conftest.py); retries are driven by calling the task again, as Celery would.
"""

import hashlib
import hmac
import re
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import transaction
from django.utils import timezone

from notifications import channels, delivery, outbox, selectors
from notifications.channels import Channel
from notifications.models import Notification, NotificationStatus
from notifications.tasks import send_notification
from tests.factories import StaffFactory, UserFactory
from tests.support import solapi_server

pytestmark = pytest.mark.django_db

SEOUL = ZoneInfo("Asia/Seoul")
CHANGE = "mentoring.session_cancelled"
REMINDER = "mentoring.session_reminder"
CONTEXT = {
    "starts_at": datetime(2026, 3, 10, 13, 0, tzinfo=UTC),
    "ends_at": datetime(2026, 3, 10, 14, 0, tzinfo=UTC),
    "coach": "이코치",
    "coach_zone": "Asia/Seoul",
    "startup": "홍릉테라퓨틱스",
    "reason": "",
    "url": "/mentoring/sessions/7/",
}
# A Tuesday afternoon in Seoul: outside quiet hours.
AFTERNOON = datetime(2026, 3, 10, 14, 0, tzinfo=SEOUL)


@pytest.fixture
def solapi(settings):
    server, httpd = solapi_server.start()
    settings.KAKAO_API_KEY = "NCSTESTKEY"
    settings.KAKAO_API_SECRET = "test-secret"
    settings.KAKAO_SENDER_NUMBER = "0212345678"
    settings.KAKAO_CHANNEL_ID = "KA01PF_BIOHUB"
    settings.KAKAO_API_URL = server.url
    settings.KAKAO_TIMEOUT_SECONDS = 5
    yield server
    httpd.shutdown()
    httpd.server_close()


def phone_person(**kwargs):
    user = UserFactory(**kwargs)
    user.phone = "+821012345678"
    user.phone_verified_at = user.phone_consent_at = timezone.now()
    user.kakao_opt_in = True
    user.save()
    return user


def kakao_row(key="session:7:cancelled") -> Notification:
    return Notification.objects.get(key=key, channel=Channel.KAKAO)


def notify_and_send(capture, user, kind=CHANGE, key="session:7:cancelled"):
    with time_machine.travel(AFTERNOON, tick=False), capture(execute=True):
        outbox.notify(user, kind, CONTEXT, key=key)
    return kakao_row(key)


# --- which rows notify writes ---------------------------------------------------------------


def test_notify_writes_one_row_per_channel_under_the_same_key(
    solapi, django_capture_on_commit_callbacks
):
    user = phone_person()

    with (
        time_machine.travel(AFTERNOON, tick=False),
        django_capture_on_commit_callbacks() as callbacks,
    ):
        outbox.notify(user, CHANGE, CONTEXT, key="session:7:cancelled")
        outbox.notify(user, CHANGE, CONTEXT, key="session:7:cancelled")

    rows = Notification.objects.filter(key="session:7:cancelled").order_by("channel")
    assert [(r.channel, r.show_in_inbox, r.phone) for r in rows] == [
        ("email", True, ""),
        ("kakao", False, "+821012345678"),
    ]
    # one send enqueued per channel (the other callback replaces the cached unread count)
    assert [c.args for c in callbacks if getattr(c, "func", None) is outbox.enqueue] == [
        (row.pk,) for row in rows
    ]
    assert solapi.requests == []  # nothing leaves before commit


def test_notify_rolled_back_writes_no_kakao_row(solapi, django_capture_on_commit_callbacks):
    user = phone_person()
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        outbox.notify(user, CHANGE, CONTEXT, key="session:7:cancelled")
        raise RuntimeError

    assert Notification.objects.count() == 0
    assert solapi.requests == []


@pytest.mark.parametrize(
    ("change", "kind"),
    [
        ("no_configuration", CHANGE),
        ("kind_is_email_only", "accounts.startup_invitation"),
        ("not_verified", CHANGE),
        ("no_consent", CHANGE),
        ("not_chosen", CHANGE),
    ],
)
def test_notify_sends_email_only_unless_kind_person_and_settings_allow(
    solapi, settings, change, kind
):
    user = phone_person()
    if change == "no_configuration":
        settings.KAKAO_API_KEY = ""
    if change == "not_verified":
        user.phone_verified_at = None
    if change == "no_consent":
        user.phone_consent_at = None
    if change == "not_chosen":
        user.kakao_opt_in = False
    user.save()

    outbox.notify(user, kind, CONTEXT, key="k:1")

    assert list(Notification.objects.values_list("channel", flat=True)) == ["email"]


def test_notify_many_adds_kakao_rows_for_people_who_chose_it(solapi):
    chose, did_not = phone_person(), UserFactory()

    outbox.notify_many(
        [
            outbox.NotificationSpec(chose, "challenges.result_selected", {}, "result:1"),
            outbox.NotificationSpec(did_not, "challenges.result_selected", {}, "result:2"),
        ]
    )

    assert sorted(Notification.objects.values_list("key", "channel")) == [
        ("result:1", "email"),
        ("result:1", "kakao"),
        ("result:2", "email"),
    ]


# --- the adapter's request --------------------------------------------------------------------


def test_kakao_sends_solapi_request_with_template_and_signed_header(
    solapi, django_capture_on_commit_callbacks
):
    user = phone_person(name="김바이오", language="en")

    row = notify_and_send(django_capture_on_commit_callbacks, user)

    row.refresh_from_db()
    assert row.last_error == ""
    assert len(solapi.requests) == 1
    request = solapi.requests[0]
    assert request.path == "/messages/v4/send-many/detail"
    message = request.body["messages"][0]
    assert message["to"] == "01012345678"
    assert message["from"] == "0212345678"
    assert message["type"] == "ATA"
    options = message["kakaoOptions"]
    assert (options["pfId"], options["templateId"], options["disableSms"]) == (
        "KA01PF_BIOHUB",
        "SBH_CHANGE_EN",
        True,
    )
    assert set(options["variables"]) == {"#{name}", "#{subject}", "#{url}"}
    assert options["variables"]["#{name}"] == "김바이오"
    assert options["variables"]["#{url}"].endswith("/mentoring/sessions/7/")
    auth = re.fullmatch(
        r"HMAC-SHA256 apiKey=NCSTESTKEY, date=(\S+), salt=(\w+), signature=(\w+)",
        request.headers["Authorization"],
    )
    date, salt, signature = auth.groups()
    expected = hmac.new(b"test-secret", (date + salt).encode(), hashlib.sha256).hexdigest()
    assert signature == expected
    row.refresh_from_db()
    assert (row.status, row.fallback_used, row.cost_krw, row.provider_message_id) == (
        NotificationStatus.SENT,
        False,
        8,
        "M4V00001",
    )


@pytest.mark.parametrize("refusal", ["not_a_friend", "template_mismatch"])
def test_kakao_refused_falls_back_to_sms_exactly_once(
    solapi, django_capture_on_commit_callbacks, refusal
):
    solapi.script(refusal)
    user = phone_person(name="김바이오")

    row = notify_and_send(django_capture_on_commit_callbacks, user)
    send_notification.delay(row.pk)  # a repeat finds it sent

    assert [m.get("type", "SMS") for m in solapi.messages] == ["ATA", "SMS"]
    sms = solapi.messages[1]
    assert sms["to"] == "01012345678"
    assert sms["text"].startswith("[서울바이오허브] 김바이오님께 알려 드립니다.")
    assert sms["text"].endswith("/mentoring/sessions/7/")
    row.refresh_from_db()
    assert (row.status, row.fallback_used, row.cost_krw) == (NotificationStatus.SENT, True, 20)


def test_sms_fallback_that_fails_is_retried_as_sms_without_kakao_again(
    solapi, django_capture_on_commit_callbacks
):
    solapi.script("not_a_friend", "server_error")
    user = phone_person()

    row = notify_and_send(django_capture_on_commit_callbacks, user)
    row.refresh_from_db()
    assert (row.status, row.fallback_used, row.attempts, row.claimed_at) == (
        NotificationStatus.PENDING,
        True,
        1,
        None,
    )

    send_notification.delay(row.pk)  # the retry

    assert [m.get("type", "SMS") for m in solapi.messages] == ["ATA", "SMS", "SMS"]
    row.refresh_from_db()
    assert (row.status, row.cost_krw) == (NotificationStatus.SENT, 20)


@pytest.mark.parametrize("outage", ["rate_limit", "server_error"])
def test_rate_limit_and_server_error_are_retried_with_backoff(
    solapi, django_capture_on_commit_callbacks, outage
):
    solapi.script(outage)
    user = phone_person()

    row = notify_and_send(django_capture_on_commit_callbacks, user)
    row.refresh_from_db()
    assert (row.status, row.attempts, row.claimed_at) == (NotificationStatus.PENDING, 1, None)
    assert row.next_attempt_at > AFTERNOON
    assert "HTTP" in row.last_error

    send_notification.delay(row.pk)

    assert [m["type"] for m in solapi.messages] == ["ATA", "ATA"]
    row.refresh_from_db()
    assert (row.status, row.fallback_used) == (NotificationStatus.SENT, False)


def test_unreachable_provider_leaves_the_row_pending(settings, django_capture_on_commit_callbacks):
    settings.KAKAO_API_KEY, settings.KAKAO_API_SECRET = "k", "s"
    settings.KAKAO_SENDER_NUMBER, settings.KAKAO_CHANNEL_ID = "0212345678", "pf"
    settings.KAKAO_API_URL = "http://127.0.0.1:9"  # discard port: connection refused
    user = phone_person()

    row = notify_and_send(django_capture_on_commit_callbacks, user)

    row.refresh_from_db()
    assert (row.status, row.claimed_at) == (NotificationStatus.PENDING, None)
    assert "unreachable" in row.last_error


def test_row_claimed_by_a_worker_that_died_is_never_sent_again(solapi):
    user = phone_person()
    outbox.notify(user, CHANGE, CONTEXT, key="session:7:cancelled")
    row = kakao_row()
    # What a worker killed between its claim and its "sent" leaves behind.
    Notification.objects.filter(pk=row.pk).update(claimed_at=timezone.now())

    send_notification.delay(row.pk)
    send_notification.delay(row.pk)

    assert solapi.requests == []
    row.refresh_from_db()
    assert row.status == NotificationStatus.FAILED
    assert row.last_error == delivery.UNKNOWN_OUTCOME


def test_sent_row_is_not_sent_twice_by_a_second_task(solapi, django_capture_on_commit_callbacks):
    user = phone_person()
    row = notify_and_send(django_capture_on_commit_callbacks, user)

    send_notification.delay(row.pk)
    delivery.requeue_pending(now=AFTERNOON + timedelta(hours=1))

    assert len(solapi.requests) == 1


# --- templates ----------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", sorted(channels.KINDS))
@pytest.mark.parametrize("language", ["ko", "en"])
def test_every_kakao_template_has_exactly_the_variables_we_pass(kind, language):
    template = channels.KINDS[kind]

    variables = channels.template_variables(
        template, language=language, name="n", subject="s", url="u"
    )

    assert set(variables) == template.variables(language) == {"#{name}", "#{subject}", "#{url}"}
    assert template.template_id(language).endswith(language.upper())
    assert "#{" not in channels.fill(template.text(language), variables)


def test_template_variables_refuse_a_template_with_other_variables():
    template = channels.KakaoTemplate(category="change", template_ids={"ko": "T"})
    original = dict(channels.TEXT)
    channels.TEXT["ko"] = "#{name} #{when}"
    try:
        with pytest.raises(ValueError, match="do not match template T"):
            channels.template_variables(template, language="ko", name="n", subject="s", url="u")
    finally:
        channels.TEXT.clear()
        channels.TEXT.update(original)


# --- rules: quiet hours, cap, costs -----------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "released"),
    [
        (datetime(2026, 3, 10, 20, 59, tzinfo=SEOUL), datetime(2026, 3, 10, 20, 59, tzinfo=SEOUL)),
        (datetime(2026, 3, 10, 21, 0, tzinfo=SEOUL), datetime(2026, 3, 11, 8, 0, tzinfo=SEOUL)),
        (
            datetime(2026, 3, 10, 23, 59, 59, tzinfo=SEOUL),
            datetime(2026, 3, 11, 8, 0, tzinfo=SEOUL),
        ),
        (datetime(2026, 3, 11, 0, 0, tzinfo=SEOUL), datetime(2026, 3, 11, 8, 0, tzinfo=SEOUL)),
        (datetime(2026, 3, 11, 7, 59, tzinfo=SEOUL), datetime(2026, 3, 11, 8, 0, tzinfo=SEOUL)),
        (datetime(2026, 3, 11, 8, 0, tzinfo=SEOUL), datetime(2026, 3, 11, 8, 0, tzinfo=SEOUL)),
    ],
)
def test_reminder_written_in_quiet_hours_is_held_until_eight_in_seoul(
    solapi, django_capture_on_commit_callbacks, written, released
):
    user = phone_person(time_zone="America/New_York")  # Seoul's hours, whatever the person's

    with time_machine.travel(written, tick=False), django_capture_on_commit_callbacks(execute=True):
        outbox.notify(user, REMINDER, CONTEXT, key="session:7:reminder")

    row = kakao_row("session:7:reminder")
    assert row.next_attempt_at == released
    assert (row.status == NotificationStatus.SENT) == (written == released)


def test_held_reminder_goes_out_with_the_sweep_after_eight(
    solapi, django_capture_on_commit_callbacks
):
    user = phone_person()
    with (
        time_machine.travel(datetime(2026, 3, 10, 23, 30, tzinfo=SEOUL), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        outbox.notify(user, REMINDER, CONTEXT, key="session:7:reminder")

    before = delivery.requeue_pending(now=datetime(2026, 3, 11, 7, 59, tzinfo=SEOUL))
    assert (before, solapi.requests) == (0, [])

    with time_machine.travel(datetime(2026, 3, 11, 8, 1, tzinfo=SEOUL), tick=False):
        after = delivery.requeue_pending()

    assert after == 1
    assert len(solapi.requests) == 1
    assert kakao_row("session:7:reminder").status == NotificationStatus.SENT


def test_time_critical_change_is_not_held_in_quiet_hours(
    solapi, django_capture_on_commit_callbacks
):
    user = phone_person()
    late = datetime(2026, 3, 10, 23, 30, tzinfo=SEOUL)

    with time_machine.travel(late, tick=False), django_capture_on_commit_callbacks(execute=True):
        outbox.notify(user, CHANGE, CONTEXT, key="session:7:cancelled")

    assert len(solapi.requests) == 1
    assert kakao_row().status == NotificationStatus.SENT


def test_daily_cap_leaves_further_notifications_email_only(solapi, settings):
    settings.KAKAO_DAILY_CAP = 2
    user = phone_person()

    with time_machine.travel(AFTERNOON, tick=False):
        for n in range(3):
            outbox.notify(user, CHANGE, CONTEXT, key=f"session:{n}:cancelled")
    with time_machine.travel(AFTERNOON + timedelta(days=1, minutes=1), tick=False):
        outbox.notify(user, CHANGE, CONTEXT, key="session:9:cancelled")

    kakao_keys = sorted(
        Notification.objects.filter(channel=Channel.KAKAO).values_list("key", flat=True)
    )
    assert kakao_keys == ["session:0:cancelled", "session:1:cancelled", "session:9:cancelled"]
    assert Notification.objects.filter(channel=Channel.EMAIL).count() == 4


def test_message_costs_are_counted_per_kind(solapi, django_capture_on_commit_callbacks):
    solapi.script("success", "not_a_friend", "success")
    user = phone_person()
    notify_and_send(django_capture_on_commit_callbacks, user, CHANGE, key="a")
    notify_and_send(django_capture_on_commit_callbacks, user, CHANGE, key="b")
    notify_and_send(django_capture_on_commit_callbacks, user, REMINDER, key="c")

    assert selectors.message_costs() == [
        {"kind": CHANGE, "messages": 2, "fallbacks": 1, "cost_krw": 28},
        {"kind": REMINDER, "messages": 1, "fallbacks": 0, "cost_krw": 8},
    ]


# --- configuration ------------------------------------------------------------------------------


def test_health_says_kakao_off_without_configuration(client, settings):
    settings.KAKAO_API_KEY = ""

    body = client.get("/health/").json()

    assert body["kakao"] == "off"


def test_health_says_kakao_ok_when_configured(client, solapi):
    assert client.get("/health/").json()["kakao"] == "ok"


def test_staff_resend_of_a_message_with_unknown_outcome_sends_it_again(solapi):
    user = phone_person()
    outbox.notify(user, CHANGE, CONTEXT, key="session:7:cancelled")
    row = kakao_row()
    Notification.objects.filter(pk=row.pk).update(claimed_at=timezone.now())
    send_notification.delay(row.pk)  # ends failed: a worker died mid-send

    outbox.resend_notification(kakao_row(), actor=StaffFactory())
    send_notification.delay(row.pk)

    assert [m["type"] for m in solapi.messages] == ["ATA"]
    assert kakao_row().status == NotificationStatus.SENT


def test_reminder_held_for_quiet_hours_is_not_a_backlog(solapi, django_capture_on_commit_callbacks):
    user = phone_person()
    with (
        time_machine.travel(datetime(2026, 3, 10, 23, 30, tzinfo=SEOUL), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        outbox.notify(user, REMINDER, CONTEXT, key="session:7:reminder")  # email sent now

    at_seven = selectors.backlog_health(now=datetime(2026, 3, 11, 7, 0, tzinfo=SEOUL))
    just_due = selectors.backlog_health(now=datetime(2026, 3, 11, 8, 0, 30, tzinfo=SEOUL))

    assert at_seven == {"status": "ok", "oldest_pending_age_seconds": None}
    assert just_due == {"status": "ok", "oldest_pending_age_seconds": 30}
