"""A demo BMS coach in New York with weekly availability, coaching the demo founder's startup."""

from datetime import time, timedelta

from django.utils import timezone

from accounts.demo import demo_user
from accounts.models import Startup, TherapeuticArea
from mentoring.models import AvailabilityWindow, Coach, Engagement
from partners.models import Partner

ORDER = 50


def seed(*, password: str) -> list[tuple[str, str]]:
    user = demo_user(
        "coach@demo.seoulbiohub.kr",
        name="Jane Park",
        password=password,
        language="en",
        time_zone="America/New_York",
    )
    coach, created = Coach.objects.get_or_create(
        user=user,
        defaults={
            "partner": Partner.objects.get(slug="bms"),
            "title": "Director, Open Innovation",
            "time_zone": "America/New_York",
            "languages": "English, 한국어",
        },
    )
    if created or not coach.windows.exists():
        coach.expertise.set(TherapeuticArea.objects.filter(slug__in=["oncology", "hematology"]))
        for weekday in range(5):  # Monday to Friday, 08:00–11:00 New York (evening in Seoul)
            AvailabilityWindow.objects.create(
                coach=coach, weekday=weekday, starts=time(8, 0), ends=time(11, 0)
            )
    startup = Startup.objects.filter(business_number="2208162517").first()
    if startup is not None and not Engagement.objects.filter(coach=coach, startup=startup).exists():
        today = timezone.localdate()
        Engagement.objects.create(
            coach=coach,
            startup=startup,
            starts_on=today,
            ends_on=today + timedelta(days=180),
            allotment=6,
            goals="Preclinical package for a partnering meeting; IND strategy.",
        )
    return [("coach", user.email)]
