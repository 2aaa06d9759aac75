"""The benchmark data set, seeded reproducibly (fixed random seed, bulk inserts).

FULL: 100,000 applications in one call with five submitted reviews each, a second call of
1,000 applications (the admin list's small case), 2,000 events with 100,000 registrations,
50 coaches with 50,000 sessions over the past year (issue 14's dashboard size), and 50
founders with a startup each for the deadline rush. QUICK (BENCH_SCALE=quick) is a
hundredth, TINY a hundredth of that: the dashboard's small case for a QUICK run.
Seeding is skipped when the data set is already there; a data set of another shape is
flushed and seeded again.
"""

import random
from datetime import time, timedelta

from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

BATCH = 5_000
FULL = {
    "applications": 100_000,
    "small": 1_000,
    "events": 2_000,
    "registrations": 50,  # per event
    "people": 2_000,
    "coaches": 50,
    "sessions": 1_000,  # per coach
    "reviewers": 200,
    "founders": 50,
}
QUICK = {
    "applications": 1_000,
    "small": 100,
    "events": 20,
    "registrations": 50,
    "people": 200,
    "coaches": 5,
    "sessions": 100,
    "reviewers": 20,
    "founders": 10,
}
TINY = {
    "applications": 10,
    "small": 1,
    "events": 2,
    "registrations": 5,
    "people": 10,
    "coaches": 1,
    "sessions": 5,
    "reviewers": 5,
    "founders": 2,
}
SCALES = {"full": FULL, "quick": QUICK, "tiny": TINY}
SMALLER = {"full": "quick", "quick": "tiny"}  # the dashboard's small case for each scale


def _business_number(n: int) -> str:
    from accounts.validators import business_number_check_digit

    head = f"{300_000_000 + n:09d}"
    return head + str(business_number_check_digit(head))


def seeded(size: dict) -> bool:
    from challenges.models import Application
    from events.models import Registration
    from mentoring.models import Session

    return (
        Application.objects.filter(challenge__slug="bench-large").count() == size["applications"]
        and Session.objects.count() == size["coaches"] * size["sessions"]
        and Registration.objects.count() == size["events"] * size["registrations"]
    )


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
                ReviewAssignment(
                    application=application, reviewer=reviewer, due_at=due, review_submitted=True
                )
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


def _sessions(engagement, count: int, rng: random.Random) -> list:
    """`count` past sessions, three a day from a year back, never overlapping: mostly held
    and rated, some no-shows and late cancellations (the dashboard's coaching charts)."""
    from mentoring.models import Session

    start = timezone.now().replace(hour=0, minute=0, second=0, microsecond=0)
    start -= timedelta(days=365)
    sessions = []
    for k in range(count):
        at = start + timedelta(days=k // 3, hours=1 + 3 * (k % 3) + rng.randint(0, 1))
        roll = rng.random()
        status = "completed" if roll < 0.85 else "no_show" if roll < 0.95 else "cancelled"
        sessions.append(
            Session(
                engagement=engagement,
                coach=engagement.coach,
                startup=engagement.startup,
                starts_at=at,
                ends_at=at + timedelta(hours=1),
                blocked_until=at + timedelta(hours=1, minutes=15),
                status=status,
                no_show_by=("coach" if roll < 0.87 else "startup") if status == "no_show" else "",
                progress_percent=rng.randint(0, 100) if status == "completed" else None,
                rating=rng.randint(1, 5) if status == "completed" else None,
                cancelled_at=at - timedelta(hours=rng.randint(1, 48)) if roll >= 0.95 else None,
                late_cancellation=roll >= 0.975,
            )
        )
    return sessions


def _coaching(size: dict, founder, rng: random.Random) -> None:
    from accounts.models import Startup, StartupMembership
    from mentoring.models import AvailabilityWindow, Coach, Engagement, Session
    from partners.models import Partner

    bms = Partner.objects.get_or_create(
        slug="bench-bms", defaults={"name_ko": "BMS", "name_en": "BMS", "kind": "pharma"}
    )[0]
    users = _users("bench-coach", size["coaches"], language="en", time_zone="America/New_York")
    today = timezone.localdate()
    sessions = []
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
            starts_on=today - timedelta(days=366),
            ends_on=today + timedelta(days=180),
            allotment=size["sessions"] + 100,  # the past year's sessions leave room to book
        )
        sessions += _sessions(engagement, size["sessions"], rng)
    Session.objects.bulk_create(sessions, batch_size=BATCH)


def _founders(count: int, area) -> None:
    """The deadline rush's founders, one startup each, and its call (bench.rush opens it)."""
    from accounts.models import Startup, StartupMembership

    founders = _users("bench-rush", count)
    startups = Startup.objects.bulk_create(
        Startup(
            name=f"마감 스타트업 {n}",
            kind="company",
            business_number=_business_number(5_000_000 + n),
            district="성북구",
            address="서울특별시 성북구 화랑로 14",
            founded_on="2023-05-10",
        )
        for n in range(count)
    )
    StartupMembership.objects.bulk_create(
        StartupMembership(startup=startup, user=user, role="owner")
        for startup, user in zip(startups, founders, strict=True)
    )
    _challenge("bench-rush", area)


def seed(size: dict) -> dict:
    """Seed everything once; return the people the benchmarks sign in as."""
    from accounts.models import StartupMembership, TherapeuticArea, User
    from accounts.rules import REVIEWERS_GROUP, STAFF_GROUP
    from mentoring.models import Engagement

    if not seeded(size):
        call_command("flush", interactive=False, verbosity=0)  # a data set of another shape
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
            people = _users("bench-person", size["people"])
            _events(size["events"], size["registrations"], people, rng)
            founder = _users("bench-founder", 1)[0]
            for application in applications[:3]:  # the founder's own applications
                StartupMembership.objects.create(
                    startup=application.startup, user=founder, role="owner"
                )
            _coaching(size, founder, rng)
            _founders(size["founders"], area)
            staff = _users("bench-staff", 1, is_staff=True, is_superuser=True)[0]
            Group.objects.get_or_create(name=STAFF_GROUP)[0].user_set.add(staff)
    founder = User.objects.get(email="bench-founder0@bench.example")
    return {
        "founder": founder,
        "reviewer": User.objects.get(email="bench-reviewer0@bench.example"),
        "staff": User.objects.get(email="bench-staff0@bench.example"),
        "engagement": Engagement.objects.get(startup__memberships__user=founder),
    }
