"""The signed-in person and their unread count come from one cache read (accounts.viewer,
core.viewer_cache); every change shows on the next request."""

import re
import threading

import pytest
import redis
import time_machine
from allauth.mfa.models import Authenticator
from django.contrib.auth.models import AnonymousUser, Group
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.groups import REVIEWERS_GROUP
from accounts.middleware import CachedAuthenticationMiddleware
from accounts.models import User
from accounts.viewer import remember
from config.navigation import roles_for as roles_for_request
from core import viewer_cache
from notifications import outbox
from notifications.outbox import NotificationSpec
from tests.factories import (
    CoachFactory,
    NotificationFactory,
    PartnerMemberFactory,
    StaffFactory,
    StartupMembershipFactory,
    UserFactory,
)
from tests.notifications.service_helpers import CONTEXT, KIND
from tests.quality.fault_helpers import PrivateRedis

pytestmark = pytest.mark.django_db


def signed_in(client, **fields):
    user = UserFactory(language="en", **fields)
    client.force_login(user)
    return user


def badge(client) -> int:
    response = client.get("/notifications/")
    assert response.status_code == 200
    return response.context["unread_notification_count"]


def sql_of(client, path: str) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return [query["sql"] for query in captured.captured_queries]


def test_a_new_notification_shows_in_the_count_on_the_next_request(client):
    user = signed_in(client)
    assert badge(client) == 0
    outbox.notify(user, KIND, CONTEXT, key="first")
    assert badge(client) == 1
    NotificationFactory(recipient=user)
    assert badge(client) == 2


def test_notifications_written_in_bulk_show_in_each_count(client):
    user = signed_in(client)
    other = UserFactory()
    assert badge(client) == 0
    outbox.notify_many(
        [
            NotificationSpec(recipient=user, kind=KIND, context=CONTEXT, key="bulk:1"),
            NotificationSpec(recipient=other, kind=KIND, context=CONTEXT, key="bulk:2"),
        ]
    )
    assert badge(client) == 1


def test_reading_lowers_the_count_on_the_same_page_and_after(client):
    user = signed_in(client)
    first, _second = NotificationFactory(recipient=user), NotificationFactory(recipient=user)
    assert badge(client) == 2
    detail = client.get(f"/notifications/{first.pk}/")
    assert detail.context["unread_notification_count"] == 1
    assert badge(client) == 1
    client.post("/notifications/read-all/")
    assert badge(client) == 0


def test_a_new_notification_rereads_the_count_but_not_the_person_or_the_roles(client):
    user = signed_in(client, name="Kim Kept")
    client.get("/home/")
    NotificationFactory(recipient=user)
    response = client.get("/home/")
    assert response.context["unread_notification_count"] == 1
    assert "Kim Kept" in response.content.decode()
    read = tables(sql_of(client, "/home/"))
    assert "accounts_user" not in read  # the row, and the roles (the reviewers' group)
    NotificationFactory(recipient=user)
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/home/").context["unread_notification_count"] == 2
    read = tables([query["sql"] for query in captured.captured_queries])
    assert "notifications_notification" in read
    assert [t for t in read if t in ("accounts_user", "auth_permission", "mentoring_coach")] == []


def test_a_notification_for_someone_else_leaves_the_count_alone(client):
    signed_in(client)
    assert badge(client) == 0
    NotificationFactory(recipient=UserFactory())
    assert badge(client) == 0


def test_a_changed_name_and_language_show_on_the_next_page(client):
    user = signed_in(client, name="Kim Old")
    assert "Kim Old" in client.get("/home/").content.decode()
    user.name = "Kim New"
    user.language = "ko"
    user.save()
    response = client.get("/home/")
    page = response.content.decode()
    assert ("Kim New" in page, "Kim Old" in page) == (True, False)
    assert '<html lang="ko">' in page


def test_a_deactivated_account_is_signed_out_on_the_next_request(client):
    user = signed_in(client)
    assert client.get("/home/").status_code == 200
    user.is_active = False
    user.save(update_fields=["is_active"])
    response = client.get("/home/")
    assert (response.status_code, response.url.split("?")[0]) == (302, "/accounts/login/")


def test_a_new_password_signs_out_every_other_session(client, django_user_model):
    user = signed_in(client)
    assert client.get("/home/").status_code == 200
    user.set_password("a completely new passphrase 42")
    user.save()
    response = client.get("/home/")
    assert response.status_code == 302
    assert client.session.get("_auth_user_id") is None


def tables(sql_list: list[str]) -> list[str]:
    return [re.search(r'FROM "(\w+)"', sql).group(1) for sql in sql_list]


def test_the_second_page_reads_only_what_the_page_itself_shows(client):
    user = signed_in(client)
    NotificationFactory(recipient=user)
    first = sql_of(client, "/notifications/")
    assert tables(first).count("accounts_user") == 1  # the row (the roles: one statement)
    second = sql_of(client, "/notifications/")
    # nothing but the session (without Redis: below): the inbox list is kept rendered
    # (core.fragments) and the footer's operator record comes from the cache too
    assert [table for table in tables(second) if table != "django_session"] == []


@pytest.mark.parametrize("path", ["/notifications/", "/home/", "/applications/"])
def test_the_signed_in_floor_is_constant_in_rows(client, path):
    user = signed_in(client)
    NotificationFactory(recipient=user)
    client.get(path)
    few = len(sql_of(client, path))
    for _ in range(30):
        NotificationFactory(recipient=user)
    client.get(path)
    assert len(sql_of(client, path)) == few


def test_a_value_built_before_a_change_commits_is_never_used(django_capture_on_commit_callbacks):
    user = UserFactory()
    token, cached = viewer_cache.load(user.pk)
    assert cached is None
    with django_capture_on_commit_callbacks(execute=True):
        viewer_cache.invalidate([user.pk])
        # another request rebuilt the value from rows this transaction has not committed
        stale_token, _ = viewer_cache.load(user.pk)
        viewer_cache.store(user.pk, stale_token, "stale")
    viewer_cache.store(user.pk, token, "built before the change")
    assert viewer_cache.load(user.pk)[1] is None


@pytest.fixture
def memory_cache(settings):
    """The process's memory, whose expiry follows the test's clock (Redis keeps its own)."""
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}


def test_the_cached_value_expires_as_a_backstop(memory_cache):
    user = UserFactory()
    with time_machine.travel(timezone.now(), tick=False) as clock:
        token, _ = viewer_cache.load(user.pk)
        viewer_cache.store(user.pk, token, "value")
        assert viewer_cache.load(user.pk)[1] == "value"
        clock.shift(viewer_cache.SECONDS + 1)
        assert viewer_cache.load(user.pk)[1] is None


# --- sessions in the cache (SESSION_ENGINE with Redis) -----------------------------------


@pytest.fixture
def cached_sessions(settings):
    settings.SESSION_ENGINE = "accounts.sessions"


def test_cached_sessions_are_read_without_a_query(client, cached_sessions):
    signed_in(client)
    client.get("/home/")
    assert [sql for sql in sql_of(client, "/home/") if "django_session" in sql] == []


def test_a_session_deleted_from_the_database_ends_within_the_cache_lifetime(
    client, cached_sessions, memory_cache, settings
):
    with time_machine.travel(timezone.now(), tick=False) as clock:
        signed_in(client)
        assert client.get("/home/").status_code == 200
        # a sign-out whose cache delete was lost (Redis unreachable at that moment)
        Session.objects.all().delete()
        assert client.get("/home/").status_code == 200
        clock.shift(settings.SESSION_CACHE_SECONDS + 1)
        assert client.get("/home/").status_code == 302


def test_signing_out_ends_a_cached_session_at_once(client, cached_sessions):
    signed_in(client)
    assert client.get("/home/").status_code == 200
    cookie = client.cookies["sessionid"].value
    client.post("/accounts/logout/")
    client.cookies["sessionid"] = cookie
    assert client.get("/home/").status_code == 302
    assert User.objects.count() == 1


# --- the menu's roles, kept with the viewer ------------------------------------------------


def menu(client) -> list[str]:
    page = client.get("/notifications/").content.decode()
    return re.findall(r'<li class="nav-item"><a class="nav-link" href="([^"]+)"', page)


def test_the_roles_are_read_once_and_kept(client):
    signed_in(client)
    client.get("/notifications/")
    assert "partners_partnermember" not in tables(sql_of(client, "/notifications/"))


def test_joining_and_leaving_the_reviewers_shows_in_the_menu_at_once(client):
    user = signed_in(client)
    assert "/review/" not in menu(client)
    reviewers = Group.objects.get_or_create(name=REVIEWERS_GROUP)[0]
    user.groups.add(reviewers)
    assert "/review/" in menu(client)
    reviewers.user_set.remove(user)
    assert "/review/" not in menu(client)
    reviewers.user_set.add(user)
    assert "/review/" in menu(client)
    reviewers.user_set.clear()
    assert "/review/" not in menu(client)


def test_becoming_a_coach_or_a_partner_rep_shows_in_the_menu_at_once(client):
    user = signed_in(client)
    assert ("/mentoring/" in menu(client), "/partners/requests/" in menu(client)) == (False, False)
    coach = CoachFactory(user=user)
    member = PartnerMemberFactory(user=user)
    assert ("/mentoring/" in menu(client), "/partners/requests/" in menu(client)) == (True, True)
    coach.delete()
    member.delete()
    assert ("/mentoring/" in menu(client), "/partners/requests/" in menu(client)) == (False, False)


def test_joining_a_startup_shows_in_the_menu_at_once(client):
    user = signed_in(client)
    CoachFactory(user=user)  # a coach sees no "My startup" until they belong to one
    assert "/startups/" not in menu(client)
    membership = StartupMembershipFactory(user=user)
    assert "/startups/" in menu(client)
    membership.startup.delete()
    assert "/startups/" not in menu(client)


def test_staff_without_two_factor_authentication_lose_the_admin_link_at_once(client):
    staff = StaffFactory(language="en")
    client.force_login(staff)
    assert "/admin/" in menu(client)
    Authenticator.objects.filter(user=staff).delete()
    assert "/admin/" not in menu(client)


# --- with Redis ------------------------------------------------------------------------------


@pytest.fixture
def private_redis(tmp_path, settings):
    server = PrivateRedis(tmp_path)
    server.start()
    settings.CACHES = {
        "default": {
            "BACKEND": "core.cache.ResilientRedisCache",
            "LOCATION": server.url,
            "KEY_PREFIX": "biohub",
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
    settings.SESSION_ENGINE = "accounts.sessions"
    yield server
    server.stop()


@pytest.mark.redis
def test_with_redis_a_page_reads_no_session_user_or_roles_row(client, private_redis, settings):
    signed_in(client)
    client.get("/notifications/")
    # not even the inbox's own count: its list is kept rendered (core.fragments)
    assert tables(sql_of(client, "/notifications/")) == []
    direct = redis.Redis.from_url(private_redis.url)
    (session_key,) = direct.keys("*sessions.cached_db*")
    assert 0 < direct.ttl(session_key) <= settings.SESSION_CACHE_SECONDS


@pytest.mark.redis
def test_with_redis_gone_the_session_and_the_user_come_from_the_database(client, private_redis):
    user = signed_in(client)
    assert client.get("/home/").status_code == 200
    private_redis.stop()
    assert client.get("/home/").status_code == 200
    user.is_active = False
    user.save(update_fields=["is_active"])
    assert client.get("/home/").status_code == 302


def test_a_page_that_changes_a_role_shows_the_new_menu_itself(client, rf):
    signed_in(client)
    client.get("/notifications/")  # the roles are kept with the viewer
    request = rf.get("/mentoring/")
    request.session = client.session
    CachedAuthenticationMiddleware(lambda r: None).process_request(request)
    CoachFactory(user=request.user)  # the view makes them a coach, then the page renders
    assert roles_for_request(request).coach is True


def test_the_view_gets_the_user_itself_not_a_lazy_stand_in(client, rf):
    user = signed_in(client)
    request = rf.get("/home/")
    request.session = client.session
    CachedAuthenticationMiddleware(lambda r: None).process_request(request)
    assert type(request.user) is type(user)
    assert request.user.pk == user.pk
    anonymous = rf.get("/home/")
    anonymous.session = SessionStore()
    CachedAuthenticationMiddleware(lambda r: None).process_request(anonymous)
    assert type(anonymous.user) is AnonymousUser


def test_a_fact_worked_out_after_this_request_changed_the_person_is_not_kept(client, rf):
    """The change waits for its commit (core.stale) and the fact may come from rows not
    committed yet: another process must not be given it under the token read at the start."""
    user = signed_in(client)
    client.get("/notifications/")  # the person is kept
    request = rf.get("/home/")
    request.session = client.session
    CachedAuthenticationMiddleware(lambda r: None).process_request(request)
    with transaction.atomic():
        viewer_cache.invalidate([user.pk])  # the view changes the person
        remember(request, "worked_out", "from rows not committed")
    elsewhere = []
    reader = threading.Thread(target=lambda: elsewhere.append(viewer_cache.load(user.pk)[1]))
    reader.start()
    reader.join()
    assert elsewhere[0] is None or "worked_out" not in elsewhere[0].facts
