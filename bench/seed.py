"""The benchmark data set, seeded reproducibly (fixed random seed, bulk inserts).

FULL: 100,000 applications in one call with five submitted reviews each, a second call of
1,000 applications (the admin list's small case), 2,000 events with 200,000 registrations,
50 coaches with a year of sessions. QUICK (BENCH_QUICK=1) is a hundredth, for a smoke run.
Seeding is skipped when the marker call already holds the data set's applications.
"""

import random
from datetime import time, timedelta

from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

BATCH = 5_000
FULL = {
    "applications": 100_000,
    "small": 1_000,
    "events": 2_000,
    "registrations": 100,
    "coaches": 50,
    "reviewers": 200,
}
QUICK = {
    "applications": 1_000,
    "small": 100,
    "events": 40,
    "registrations": 20,
    "coaches": 5,
    "reviewers": 20,
}


def sizes(quick: bool) -> dict:
    return QUICK if quick else FULL


def _business_number(n: int) -> str:
    from accounts.validators import business_number_check_digit

    head = f"{300_000_000 + n:09d}"
    return head + str(business_number_check_digit(head))


def seeded(size: dict) -> bool:
    from challenges.models import Application

    return Application.objects.filter(challenge__slug="bench-large").count() == size["applications"]


def _users(prefix: str, count: int, **extra):
    from accounts.models import User

    users = [
        User(email=f"{prefix}{n}@bench.example", name=f"{prefix} {n}", is_active=True, **extra)
        for n in range(count)
    ]
    for user in users:
        user.set_unusable_password()
    return User.objects.bulk_create(users, batch_size=BATCH)


def _challenge(slug: str, area):
    from challenges.models import Challenge

    now = timezone.now()
    challenge = Challenge.objects.create(
        slug=slug,
        title_ko=f"벤치마크 {slug}",
        title_en=f"Benchmark {slug}",
        summary_ko="벤치마크",
        summary_en="Benchmark",
        opens_at=now - timedelta(days=60),
        closes_at=now - timedelta(days=1),
        max_grant_amount=50_000_000,
        number_of_awards=3,
        total_budget=150_000_000,
        is_published=True,
    )
    challenge.therapeutic_areas.set([area])
    return challenge


def _applications(challenge, area, count: int, first: int, rng: random.Random):
    from accounts.models import Startup
    from challenges.models import Application

    startups = Startup.objects.bulk_create(
        [
            Startup(
                name=f"벤치 스타트업 {first + n}",
                kind="company",
                business_number=_business_number(first + n),
                district="동대문구",
                address="서울특별시 동대문구 회기로 117",
                founded_on="2022-03-02",
            )
            for n in range(count)
        ],
        batch_size=BATCH,
    )
    now = timezone.now()
    return Application.objects.bulk_create(
        [
            Application(
                challenge=challenge,
                startup=startup,
                status="under_review",
                therapeutic_area=area,
                modality="antibody",
                development_stage="preclinical",
                target_indication="CD47 / AML",
                submitted_at=now - timedelta(days=rng.randint(2, 50)),
                eligibility_passed=True,
            )
            for startup in startups
        ],
        batch_size=BATCH,
    )


def _reviews(applications, reviewers, rng: random.Random, per_application: int = 5) -> None:
    from challenges.models import Review, ReviewAssignment

    due = timezone.now() + timedelta(days=7)
    for start in range(0, len(applications), BATCH // per_application):
        chunk = applications[start : start + BATCH // per_application]
        assignments = ReviewAssignment.objects.bulk_create(
            [
                ReviewAssignment(application=application, reviewer=reviewer, due_at=due)
                for application in chunk
                for reviewer in rng.sample(reviewers, per_application)
            ]
        )
        submitted = timezone.now()
        Review.objects.bulk_create(
            [
                Review(
                    assignment=assignment,
                    recommendation="yes",
                    weighted_score=round(rng.uniform(1, 5), 2),
                    submitted_at=submitted,
                )
                for assignment in assignments
            ]
        )


def _events(count: int, per_event: int, people, rng: random.Random) -> None:
    from events.models import Event, Registration

    now = timezone.now()
    events = Event.objects.bulk_create(
        [
            Event(
                slug=f"bench-event-{n}",
                kind="seminar",
                title_ko=f"벤치 세미나 {n}",
                title_en=f"Bench seminar {n}",
                summary_ko="세미나",
                summary_en="Seminar",
                starts_at=now + timedelta(days=rng.randint(-300, 300), hours=rng.randint(0, 8)),
                ends_at=now + timedelta(days=400),
                format="onsite",
                venue="서울바이오허브",
                address="서울특별시 동대문구 회기로 117-3",
                capacity_onsite=per_event,
                capacity_online=0,
                confirmed_onsite=per_event,
                status="published",
            )
            for n in range(count)
        ],
        batch_size=BATCH,
    )
    for event in events:  # a real end: two hours after the start
        event.ends_at = event.starts_at + timedelta(hours=2)
    Event.objects.bulk_update(events, ["ends_at"], batch_size=BATCH)
    rows = []
    for event in events:
        for person in rng.sample(people, per_event):
            rows.append(Registration(event=event, user=person, mode="onsite", status="confirmed"))
        if len(rows) >= BATCH:
            Registration.objects.bulk_create(rows)
            rows = []
    Registration.objects.bulk_create(rows)


def _coaching(coaches: int, founder, rng: random.Random) -> None:
    from accounts.models import Startup, StartupMembership
    from mentoring.models import AvailabilityWindow, Coach, Engagement, Session
    from partners.models import Partner

    bms = Partner.objects.get_or_create(
        slug="bench-bms", defaults={"name_ko": "BMS", "name_en": "BMS", "kind": "pharma"}
    )[0]
    users = _users("bench-coach", coaches, language="en", time_zone="America/New_York")
    today = timezone.localdate()
    for n, user in enumerate(users):
        coach = Coach.objects.create(user=user, partner=bms, time_zone="America/New_York")
        for weekday in range(5):
            AvailabilityWindow.objects.create(
                coach=coach, weekday=weekday, starts=time(9), ends=time(17)
            )
        startup = Startup.objects.create(
            name=f"벤치 코칭 {n}",
            kind="company",
            business_number=_business_number(900_000 + n),
            district="동대문구",
            address="서울특별시 동대문구 회기로 117",
            founded_on="2022-03-02",
        )
        if n == 0:
            StartupMembership.objects.create(startup=startup, user=founder, role="owner")
        engagement = Engagement.objects.create(
            coach=coach,
            startup=startup,
            starts_on=today - timedelta(days=365),
            ends_on=today + timedelta(days=180),
            allotment=500,
        )
        start = timezone.now().replace(minute=0, second=0, microsecond=0) - timedelta(days=365)
        sessions = []
        for week in range(52):  # three sessions a week, a year back
            for day in (0, 2, 4):
                at = start + timedelta(weeks=week, days=day, hours=rng.randint(0, 6))
                sessions.append(
                    Session(
                        engagement=engagement,
                        coach=coach,
                        startup=startup,
                        starts_at=at,
                        ends_at=at + timedelta(hours=1),
                        blocked_until=at + timedelta(hours=1, minutes=15),
                        status="completed",
                    )
                )
        Session.objects.bulk_create(sessions)


def seed(size: dict) -> dict:
    """Seed everything once; return the people the benchmarks sign in as."""
    from accounts.models import TherapeuticArea, User
    from accounts.rules import REVIEWERS_GROUP, STAFF_GROUP
    from mentoring.models import Engagement

    if not seeded(size):
        rng = random.Random(2026)
        with transaction.atomic():
            area = TherapeuticArea.objects.get_or_create(
                slug="oncology", defaults={"name_ko": "종양", "name_en": "Oncology"}
            )[0]
            reviewers = _users("bench-reviewer", size["reviewers"])
            Group.objects.get_or_create(name=REVIEWERS_GROUP)[0].user_set.add(*reviewers)
            large = _challenge("bench-large", area)
            applications = _applications(large, area, size["applications"], 0, rng)
            _reviews(applications, reviewers, rng)
            small = _challenge("bench-small", area)
            _applications(small, area, size["small"], size["applications"], rng)
            people = _users("bench-person", 2_000 if size is FULL else 200)
            _events(size["events"], size["registrations"], people, rng)
            founder = _users("bench-founder", 1)[0]
            from accounts.models import StartupMembership

            for application in applications[:3]:  # the founder's own applications
                StartupMembership.objects.create(
                    startup=application.startup, user=founder, role="owner"
                )
            _coaching(size["coaches"], founder, rng)
            staff = _users("bench-staff", 1, is_staff=True, is_superuser=True)[0]
            Group.objects.get_or_create(name=STAFF_GROUP)[0].user_set.add(staff)
    founder = User.objects.get(email="bench-founder0@bench.example")
    return {
        "founder": founder,
        "reviewer": User.objects.get(email="bench-reviewer0@bench.example"),
        "staff": User.objects.get(email="bench-staff0@bench.example"),
        "engagement": Engagement.objects.get(startup__memberships__user=founder),
    }
