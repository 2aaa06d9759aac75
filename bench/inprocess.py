"""Benchmarks measured in this process against the bench database: the admin list at two
sizes, publishing results at two sizes (the request here, the fan-out wherever the app does
it: in the request or in the Celery worker run.py starts), ranking at two sizes, and query
counts per page."""

import gc
import random
import statistics
import time
from datetime import timedelta

from django.db import connection, transaction
from django.db.models import Count, ProtectedError
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone


class Rollback(Exception):
    pass


def _seconds(call) -> float:
    """Seconds of one call, with no collection left over from the data set built before it."""
    gc.collect()
    start = time.perf_counter()
    call()
    return time.perf_counter() - start


def timed(call, repeat: int = 5) -> float:
    """Median seconds of `repeat` calls after one warm-up."""
    call()
    return statistics.median(_seconds(call) for _ in range(repeat))


def timed_pair(first, second, repeat: int = 5) -> tuple[float, float]:
    """Median seconds of `repeat` calls of each, after one warm-up each, the two taken in turn:
    a moment when the shared machine is slower lands on both sides of their ratio, not on one
    side only."""
    first(), second()
    pairs = [(_seconds(first), _seconds(second)) for _ in range(repeat)]
    return statistics.median(a for a, _b in pairs), statistics.median(b for _a, b in pairs)


def admin_list(staff) -> tuple[float, float]:
    from challenges.models import Challenge

    client = Client()
    client.force_login(staff)
    small = Challenge.objects.get(slug="bench-small").pk
    large = Challenge.objects.get(slug="bench-large").pk

    def page(pk):
        response = client.get(f"/admin/challenges/application/?challenge__id__exact={pk}")
        assert response.status_code == 200, response.status_code
        return response

    return timed_pair(lambda: page(small), lambda: page(large))


def vacuum_analyze() -> None:
    """Fresh planner statistics and visibility maps (autovacuum may be off, or behind)."""
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")


def _remove_publish_calls(prefix: str) -> None:
    """Delete what earlier publish runs left (interrupted ones included)."""
    from accounts.models import Startup, User
    from challenges.models import Application, Challenge

    Application.objects.filter(challenge__slug__startswith=prefix).delete()
    Startup.objects.filter(name__startswith="발표 ").delete()
    User.objects.filter(email__startswith="publish-").delete()  # their notifications too
    for challenge in Challenge.objects.filter(slug__startswith=prefix):
        try:
            challenge.delete()
        except ProtectedError:  # something of a newer publisher keeps it: hide it instead
            Challenge.objects.filter(pk=challenge.pk).update(is_published=False)


def publish_pair(few: int, many: int, staff, *, timeout: float = 600) -> tuple[dict, dict]:
    """Publishing the results of a call with `few` and of one with `many` decided applicants
    (one founder each). First the request (_publish_request), nine times each, the two calls
    taken in turn: a slower moment of the shared machine lands on both sides of the ratio. Then
    each call is published: the seconds until every applicant has an outcome notification
    (whether the request writes them or workers fan out afterwards), and whether each has
    exactly one. The calls and their people are deleted afterwards."""
    prefix = "bench-publish-"
    _remove_publish_calls(prefix)
    try:
        calls = (_decided_call(prefix, "few", few), _decided_call(prefix, "many", many))
        for challenge in calls:
            _publish_request(challenge, staff)  # warm-up
        runs = [[_publish_request(challenge, staff) for challenge in calls] for _ in range(9)]
        requests = [statistics.median(side) for side in zip(*runs, strict=True)]
        return tuple(
            {"request": seconds, **_published(challenge, name, count, staff, timeout)}
            for challenge, name, count, seconds in zip(
                calls, ("few", "many"), (few, many), requests, strict=True
            )
        )  # the few first: its fan-out warms the worker's paths and connections
    finally:
        _remove_publish_calls(prefix)


def _decided_call(prefix: str, name: str, count: int):
    """A call with `count` decided applications, each startup with one founder of its own."""
    from accounts.models import Startup, StartupMembership, TherapeuticArea, User
    from bench.seed import _business_number, _challenge
    from challenges.models import Application

    first = 2_000_000 if name == "few" else 3_000_000
    with transaction.atomic():
        area = TherapeuticArea.objects.get(slug="oncology")
        challenge = _challenge(f"{prefix}{name}", area)
        startups = Startup.objects.bulk_create(
            Startup(
                name=f"발표 {name} {n}",
                kind="company",
                business_number=_business_number(first + n),
                district="동대문구",
                address="서울",
                founded_on="2022-03-02",
            )
            for n in range(count)
        )
        users = User.objects.bulk_create(
            User(email=f"publish-{name}-{n}@bench.example", name=f"P {n}") for n in range(count)
        )
        StartupMembership.objects.bulk_create(
            StartupMembership(startup=s, user=u, role="owner")
            for s, u in zip(startups, users, strict=True)
        )
        Application.objects.bulk_create(
            Application(
                challenge=challenge,
                startup=s,
                status="selected" if n < 3 else "not_selected",
                submitted_at=timezone.now() - timedelta(days=5),
            )
            for n, s in enumerate(startups)
        )
    return challenge


def _published(challenge, name: str, count: int, staff, timeout: float) -> dict:
    """Publish `challenge` (_decided_call's `name`) for real: seconds until each of its `count`
    applicants is told."""
    from challenges.services.workflow import publish_results
    from notifications.models import Notification

    outcomes = Notification.objects.filter(
        recipient__email__startswith=f"publish-{name}-", kind__startswith="challenges.result_"
    )
    gc.collect()
    start = time.perf_counter()
    publish_results(challenge, actor=staff)  # its return value is not the measure
    deadline = time.monotonic() + timeout
    while outcomes.values("recipient").distinct().count() < count:
        if time.monotonic() > deadline:
            break
        time.sleep(0.1)
    fan_out = time.perf_counter() - start
    time.sleep(1)  # a fan-out that writes twice has had its chance to
    told = dict(
        outcomes.values_list("recipient").annotate(n=Count("id")).values_list("recipient", "n")
    )
    return {
        "fan_out": fan_out,
        "missing": count - len(told),
        "repeated": sum(1 for n in told.values() if n != 1),
    }


class _RolledBack(Exception):
    pass


def _publish_request(challenge, staff) -> float:
    """The publishing request's seconds, rolled back (so each run publishes for the first
    time). The commit and the one message it queues are the same for any call."""
    from challenges.services.workflow import publish_results

    gc.collect()
    try:
        with transaction.atomic():
            start = time.perf_counter()
            publish_results(challenge, actor=staff)
            seconds = time.perf_counter() - start
            raise _RolledBack
    except _RolledBack:
        pass
    return seconds


def ranking(small: int, large: int) -> tuple[float, float]:
    """Seconds to rank `small` and `large` applications (five reviews each, 200 reviewers)."""
    from challenges.ranking import ReviewRow, rank

    def reviews(applications):
        rng = random.Random(7)
        return [
            ReviewRow(application_id=a, reviewer_id=rng.randrange(200), score=rng.uniform(1, 5))
            for a in range(applications)
            for _ in range(5)
        ]

    few, many = reviews(small), reviews(large)
    return timed_pair(lambda: rank(few), lambda: rank(many), repeat=3)


# --- query counts: the same page with 1 and with 100 rows --------------------------------------


def _count(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(queries)


def query_counts() -> list[tuple[str, int, int]]:
    """For each page, the queries with 1 row and with 100 rows, built in a transaction that is
    rolled back. The rows are added after a first visit, so a page that keeps its rendered rows
    (core.fragments) is counted building them, not serving them again."""
    from tests import factories
    from tests.partners.factories import (
        ConsultationRequestFactory,
        RoomBookingFactory,
        RoomFactory,
    )

    def founder():
        user = factories.UserFactory()
        startup = factories.StartupMembershipFactory(user=user).startup

        def rows(n):
            for _ in range(n):
                factories.ApplicationFactory(startup=startup)

        return user, "/applications/", rows

    def reviewer():
        user = factories.ReviewerFactory()

        def rows(n):
            for _ in range(n):
                factories.ReviewAssignmentFactory(reviewer=user)

        return user, "/review/", rows

    def inbox():
        user = factories.UserFactory()

        def rows(n):
            for _ in range(n):
                factories.NotificationFactory(recipient=user)

        return user, "/notifications/", rows

    def rep():
        member = factories.PartnerMemberFactory()

        def rows(n):
            for _ in range(n):
                ConsultationRequestFactory(partner=member.partner)

        return member.user, "/partners/requests/", rows

    def booker():
        user = factories.UserFactory()
        room = RoomFactory()
        first = timezone.now() + timedelta(days=2)

        def rows(n):
            for k in range(n):
                at = first + timedelta(hours=k)
                RoomBookingFactory(
                    booked_by=user, room=room, starts_at=at, ends_at=at + timedelta(minutes=30)
                )

        return user, "/partners/office/bookings/", rows

    def count(person, n: int) -> int:
        try:
            with transaction.atomic():
                user, url, rows = person()
                client = Client()
                client.force_login(user)
                client.get(url)  # warm caches (content types, session, the person's roles)
                rows(n)
                counted = _count(client, url)
                raise Rollback
        except Rollback:
            return counted

    # Each count is the smaller of two runs: a value every page keeps for a few minutes
    # (the footer's operator record, legal.selectors) may expire while the rows are being
    # written, and its one query is not the rows'. A page whose queries grow with its rows
    # shows it in both runs.
    return [
        (name, min(count(person, 1), count(person, 1)), min(count(person, 100), count(person, 100)))
        for name, person in [
            ("founder /applications/", founder),
            ("reviewer /review/", reviewer),
            ("/notifications/", inbox),
            ("partner rep /partners/requests/", rep),
            ("/partners/office/bookings/", booker),
        ]
    ]
