"""The booking page is kept rendered (core.fragments): the same week again reads no row, and
what changes the week shows on the next request: a booking of the coach or of the startup,
the coach's availability or name, the engagement, and the clock (a slot passing the notice or
entering the horizon), while the page stays closed to everyone else."""

from datetime import date, datetime, time, timedelta

import pytest

from mentoring import services
from mentoring.models import Engagement
from tests import factories
from tests.mentoring.view_helpers import (
    NOW,
    TUESDAY_9,
    founder_of,
    iso,
    new_york,
    startup_with_founder,
)
from tests.page_helpers import page_and_queries

pytestmark = pytest.mark.django_db


def url(engagement, week: str = "") -> str:
    return f"/mentoring/engagements/{engagement.pk}/book/" + (f"?week={week}" if week else "")


@pytest.fixture
def founder(client, engagement):
    person = founder_of(engagement)
    client.force_login(person)
    return person


def offered(page: str, moment: datetime) -> bool:
    return f'value="{iso(moment)}"' in page


def test_the_same_week_again_reads_no_row(client, engagement, founder):
    client.get(url(engagement))
    count, page = page_and_queries(client, url(engagement))
    assert count == 0
    assert offered(page, TUESDAY_9)
    assert 'name="csrfmiddlewaretoken"' in page  # the form's token is the request's own


def test_another_startups_booking_of_the_coach_shows_at_once(client, engagement, founder):
    assert offered(page_and_queries(client, url(engagement))[1], TUESDAY_9)
    startup, other = startup_with_founder()
    theirs = Engagement.objects.create(
        coach=engagement.coach,
        startup=startup,
        starts_on=date(2026, 3, 1),
        ends_on=date(2026, 8, 31),
    )
    services.book_session(theirs, actor=other, starts_at=TUESDAY_9)
    assert not offered(page_and_queries(client, url(engagement))[1], TUESDAY_9)


def test_the_startups_session_with_another_coach_blocks_its_time_at_once(
    client, engagement, founder
):
    assert offered(page_and_queries(client, url(engagement))[1], TUESDAY_9)
    other_coach = factories.CoachFactory()
    for day in range(5):
        factories.AvailabilityWindowFactory(coach=other_coach, weekday=day)
    second = Engagement.objects.create(
        coach=other_coach,
        startup=engagement.startup,
        starts_on=date(2026, 3, 1),
        ends_on=date(2026, 8, 31),
    )
    services.book_session(second, actor=founder, starts_at=TUESDAY_9)
    page = page_and_queries(client, url(engagement))[1]
    assert not offered(page, TUESDAY_9)
    assert "1 / 6" not in page  # the other engagement's session is not this one's


def test_the_founders_own_booking_counts_against_the_allotment_at_once(client, engagement, founder):
    assert "0 / 6" in page_and_queries(client, url(engagement))[1]
    client.post(url(engagement), {"starts_at": iso(TUESDAY_9), "session_format": "video"})
    page = page_and_queries(client, url(engagement))[1]
    assert "1 / 6" in page
    assert not offered(page, TUESDAY_9)


def test_new_availability_and_a_renamed_coach_show_at_once(client, engagement, founder):
    coach = engagement.coach
    client.get(url(engagement))
    services.save_availability(
        coach,
        actor=coach.user,
        windows=[(1, time(13), time(14))],  # Tuesdays 13:00–14:00 only
        exceptions=[],
        rules={},
    )
    page = page_and_queries(client, url(engagement))[1]
    assert not offered(page, TUESDAY_9)
    assert offered(page, new_york(3, 3, 13))

    coach.user.name = "Jane Park-Kim"
    coach.user.save()
    assert "Jane Park-Kim" in page_and_queries(client, url(engagement))[1]


def test_a_slot_goes_when_it_passes_the_notice_and_not_before(client, engagement, founder, frozen):
    passes = TUESDAY_9 - timedelta(hours=engagement.coach.min_notice_hours)
    frozen.move_to(passes - timedelta(minutes=1))  # kept parts last minutes, not hours
    client.get(url(engagement))
    frozen.move_to(passes - timedelta(seconds=1))
    count, page = page_and_queries(client, url(engagement))
    assert count == 0 and offered(page, TUESDAY_9)
    frozen.move_to(passes + timedelta(seconds=1))
    assert not offered(page_and_queries(client, url(engagement))[1], TUESDAY_9)


def test_a_slot_comes_when_it_enters_the_horizon(client, engagement, founder, frozen):
    friday = new_york(5, 1, 9)  # 60 days after NOW is Friday 1 May 03:00 UTC
    enters = friday - timedelta(days=engagement.coach.horizon_days)
    assert enters > NOW
    week = "2026-04-27"
    frozen.move_to(enters - timedelta(minutes=1))
    assert not offered(page_and_queries(client, url(engagement, week))[1], friday)
    frozen.move_to(enters + timedelta(seconds=1))
    assert offered(page_and_queries(client, url(engagement, week))[1], friday)


def test_an_ended_engagement_shows_at_once(client, engagement, founder):
    client.get(url(engagement))
    engagement.status = Engagement.Status.COMPLETED
    engagement.save()
    page = page_and_queries(client, url(engagement))[1]
    assert "This coaching engagement has ended" in page
    assert 'name="starts_at"' not in page


def test_the_kept_page_stays_closed_to_others_and_to_a_former_member(
    client, engagement, founder, outsider
):
    client.get(url(engagement))
    client.force_login(outsider)
    assert client.get(url(engagement)).status_code == 404
    client.force_login(founder)
    engagement.startup.memberships.filter(user=founder).delete()
    assert client.get(url(engagement)).status_code == 404
    assert client.get("/mentoring/engagements/999999/book/").status_code == 404


def test_the_week_is_kept_per_zone(client, engagement, founder):
    assert "Tue 23:00 KST" in page_and_queries(client, url(engagement))[1]
    founder.time_zone = "Europe/Berlin"
    founder.save()
    assert "Tue 15:00 CET" in page_and_queries(client, url(engagement))[1]
