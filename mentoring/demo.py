"""A demo BMS coach in New York."""

from accounts.demo import demo_user
from mentoring.models import Coach
from partners.models import Partner

ORDER = 30


def seed(*, password: str) -> list[tuple[str, str]]:
    user = demo_user(
        "coach@demo.seoulbiohub.kr",
        name="Jane Park",
        password=password,
        language="en",
        time_zone="America/New_York",
    )
    Coach.objects.get_or_create(
        user=user,
        defaults={
            "partner": Partner.objects.get(slug="bms"),
            "title": "Director, Open Innovation",
            "time_zone": "America/New_York",
        },
    )
    return [("coach", user.email)]
