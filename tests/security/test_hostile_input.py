"""Hostile values that once ended in a 500 or in slow pages, each checked for the answer it
gets now. The fuzzing (test_fuzz_forms.py, test_fuzz_queries.py) found them; these examples
keep them found whatever the random draw."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.models import StartupInvitation, User
from mentoring.forms import MAX_EXCEPTIONS, MAX_WINDOWS
from mentoring.models import Session
from notifications.models import Notification
from tests import factories
from tests.security.world import World

pytestmark = pytest.mark.django_db

# Valid to the forms' EmailField (320 characters at most), longer than the 254 of the column.
LONG_EMAIL = "a" * 64 + "@" + ".".join(["b" * 63] * 3) + ".kr"
# The first and last instants the calendar holds; converting some of them to UTC, or to the
# viewer's zone, leaves the calendar (OverflowError).
CALENDAR_EDGES = [
    "0001-01-01T00:00:00+14:00",
    "0001-01-01T00:00:00Z",
    "0001-01-01T00:00:00-12:00",
    "9999-12-31T23:59:59-12:00",
    "9999-12-31T23:59:59Z",
    "9999-12-31T23:59:59+14:00",
]


# --- NUL: PostgreSQL refuses it in text, so it must never reach a query -------------------


@pytest.mark.parametrize(
    "path",
    [
        "/invitations/a%00b/",
        "/accounts/confirm-email/a%00b/",
        "/events/?kind=%00",
        "/challenges/?page=1&%00=1",
    ],
)
def test_nul_in_the_path_or_query_is_a_bad_request(client, path):
    assert client.get(path).status_code == 400


def test_nul_in_an_admin_filter_is_a_bad_request(client):
    client.force_login(factories.StaffFactory())
    assert client.get("/admin/challenges/application/").status_code == 200

    assert client.get("/admin/challenges/application/?status=%00").status_code == 400


def test_nul_in_the_session_cookie_is_a_bad_request_and_a_clean_cookie_is_not(client):
    assert client.get("/", headers={"cookie": "sessionid=abcdefgh\x00ijk"}).status_code == 400
    assert client.get("/", headers={"cookie": "sessionid=abcdefghijk"}).status_code == 200


def test_a_nul_in_a_form_field_is_a_form_error_not_a_bad_request(client):
    person = factories.UserFactory(name="Before")
    client.force_login(person)

    response = client.post(
        "/profile/", {"name": "a\x00b", "language": "ko", "time_zone": "Asia/Seoul"}
    )

    assert response.status_code == 200
    assert response.context["form"].has_error("name", code="null_characters_not_allowed")
    person.refresh_from_db()
    assert person.name == "Before"


# --- dates at the calendar's edges ------------------------------------------------------------


@pytest.mark.parametrize("moment", CALENDAR_EDGES)
def test_booking_a_time_at_the_calendars_edge_is_a_form_error(client, moment):
    world = World()
    client.force_login(world.applicant)

    response = client.post(
        f"/mentoring/engagements/{world.engagement.pk}/book/",
        {"starts_at": moment, "session_format": "video", "agenda": ""},
    )

    assert response.status_code == 200
    assert response.context["form"].errors
    assert Session.objects.count() == 0


@pytest.mark.parametrize("moment", CALENDAR_EDGES)
def test_moving_a_session_to_the_calendars_edge_is_a_form_error(client, moment):
    world = World()
    client.force_login(world.applicant)
    starts_at = world.session.starts_at

    response = client.post(
        f"/mentoring/sessions/{world.session.pk}/reschedule/", {"starts_at": moment}
    )

    assert response.status_code == 200
    assert response.context["form"].errors
    world.session.refresh_from_db()
    assert world.session.starts_at == starts_at


@pytest.mark.parametrize("moment", CALENDAR_EDGES)
def test_the_calendar_feed_refuses_a_range_at_the_calendars_edge(client, moment):
    response = client.get("/events/calendar.json", {"start": moment, "end": "2026-12-31"})

    assert response.status_code == 400
    assert set(response.json()) == {"error"}


@pytest.mark.parametrize("week", ["0001-01-01", "9999-12-31", "2026-02-30", "x"])
def test_a_booking_week_anywhere_shows_a_bookable_week(client, week):
    world = World()
    client.force_login(world.applicant)

    response = client.get(f"/mentoring/engagements/{world.engagement.pk}/book/", {"week": week})

    assert response.status_code == 200
    today = timezone.localdate()
    assert today - timedelta(days=7) < response.context["week"] <= today + timedelta(days=60)


# --- values that are not what the field holds ----------------------------------------------


@pytest.mark.parametrize("area", ["abc", "9" * 5000, "-1", "1.5", "10" + "0" * 30])
def test_the_eligibility_panel_treats_a_foreign_area_as_none_chosen(client, area):
    world = World()
    client.force_login(world.applicant)

    response = client.get(
        f"/applications/{world.application.pk}/eligibility/", {"therapeutic_area": area}
    )

    assert response.status_code == 200


@pytest.mark.parametrize("path", ["/accounts/login/", "/accounts/signup/"])
@pytest.mark.parametrize("target", ["http://[::1", "//[", "https://[x]/"])
def test_a_malformed_next_address_is_not_followed(client, path, target):
    assert client.get(path, {"next": target}).status_code == 200

    person = factories.UserFactory()
    response = client.post(
        "/accounts/login/",
        {"login": person.email, "password": factories.PASSWORD, "next": target},
    )

    assert response.status_code == 302
    assert response["Location"] == "/"


# --- email addresses longer than their column ----------------------------------------------


def test_inviting_an_overlong_address_is_refused_and_nothing_is_written(client):
    world = World()
    client.force_login(world.applicant)

    response = client.post(f"/startups/{world.startup.pk}/invite/", {"email": LONG_EMAIL})

    assert response.status_code == 302
    assert StartupInvitation.objects.count() == 0
    assert Notification.objects.count() == 0


@pytest.mark.parametrize(
    ("path", "data"),
    [
        (
            "/accounts/signup/",
            {"name": "x", "password1": "Hongneung-bio-2026!", "password2": "Hongneung-bio-2026!"},
        ),
        ("/accounts/password/reset/", {}),
        ("/accounts/email/", {"action_add": "1"}),
    ],
    ids=["sign up", "password reset", "add an address"],
)
def test_allauth_refuses_an_overlong_address_with_a_form_error(client, path, data):
    if path == "/accounts/email/":
        client.force_login(factories.UserFactory())
    users = User.objects.count()

    response = client.post(path, {"email": LONG_EMAIL, **data})

    assert response.status_code == 200
    assert response.context["form"].has_error("email", code="max_length")
    assert User.objects.count() == users
    assert Notification.objects.count() == 0


# --- a forged form count -------------------------------------------------------------------


def test_a_forged_form_count_builds_a_bounded_number_of_rows(client):
    coach = World().coach
    client.force_login(coach.user)
    windows = coach.windows.count()

    response = client.post(
        "/mentoring/availability/",
        {
            "session_minutes": "60",
            "buffer_minutes": "15",
            "min_notice_hours": "24",
            "horizon_days": "60",
            "windows-TOTAL_FORMS": str(10**9),
            "windows-INITIAL_FORMS": "0",
            "exceptions-TOTAL_FORMS": str(10**9),
            "exceptions-INITIAL_FORMS": "0",
        },
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert len(re.findall(r'name="windows-\d+-weekday"', page)) == MAX_WINDOWS
    assert len(re.findall(r'name="exceptions-\d+-date"', page)) == MAX_EXCEPTIONS
    assert response.context["windows"].non_form_errors()
    assert coach.windows.count() == windows
