"""Demo seminars: two coming up (one hybrid symposium), one past with its materials."""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone

from events.models import Event, EventFormat, EventKind, EventStatus, Material, Speaker

ORDER = 60
SEOUL = ZoneInfo("Asia/Seoul")


def _at(days: int, hour: int) -> datetime:
    day = timezone.localdate(timezone=SEOUL) + timedelta(days=days)
    return datetime.combine(day, time(hour), tzinfo=SEOUL)


EVENTS = [
    {
        "slug": "bms-oncology-seminar",
        "kind": EventKind.SEMINAR,
        "title_ko": "BMS 종양 분야 파트너링 세미나",
        "title_en": "BMS Oncology Partnering Seminar",
        "summary_ko": "BMS 전문가가 소개하는 종양 분야 파트너링 전략과 사례.",
        "summary_en": "BMS experts on partnering strategy and cases in oncology.",
        "starts_at": _at(12, 14),
        "ends_at": _at(12, 17),
        "venue": "서울바이오허브 글로벌협력동 세미나실",
        "venue_en": "Seoul Bio Hub, Global Cooperation Building, seminar room",
        "address": "서울특별시 동대문구 회기로 117-3",
        "address_en": "117-3 Hoegi-ro, Dongdaemun-gu, Seoul",
        "capacity_onsite": 40,
    },
    {
        "slug": "seoul-bio-symposium",
        "kind": EventKind.SYMPOSIUM,
        "title_ko": "서울 바이오 오픈 이노베이션 국제 심포지엄",
        "title_en": "Seoul Bio Open Innovation International Symposium",
        "summary_ko": "혈액·면역 분야 글로벌 연사와 함께하는 국제 심포지엄.",
        "summary_en": "An international symposium on hematology and immunology.",
        "starts_at": _at(30, 10),
        "ends_at": _at(30, 18),
        "format": EventFormat.HYBRID,
        "language": "ko_en",
        "venue": "서울바이오허브 연구동 대강당",
        "venue_en": "Seoul Bio Hub, Research Building, main auditorium",
        "address": "서울특별시 동대문구 회기로 117-3",
        "address_en": "117-3 Hoegi-ro, Dongdaemun-gu, Seoul",
        "online_link": "https://meet.example.org/seoul-bio-symposium",
        "capacity_onsite": 120,
        "capacity_online": 300,
    },
    {
        "slug": "tech-exchange-cell-therapy",
        "kind": EventKind.TECH_EXCHANGE,
        "title_ko": "세포치료 기술 교류회",
        "title_en": "Cell Therapy Tech Exchange",
        "summary_ko": "세포치료 스타트업과 BMS 연구진의 기술 교류.",
        "summary_en": "Cell-therapy startups meet BMS researchers.",
        "starts_at": _at(-20, 15),
        "ends_at": _at(-20, 18),
        "venue": "서울바이오허브 산업지원동",
        "venue_en": "Seoul Bio Hub, Industry Support Building",
        "capacity_onsite": 30,
    },
]


def seed(*, password: str) -> list[tuple[str, str]]:
    for data in EVENTS:
        event, created = Event.objects.get_or_create(
            slug=data["slug"],
            defaults={
                **{k: v for k, v in data.items() if k != "slug"},
                "status": EventStatus.PUBLISHED,
            },
        )
        if created and event.slug == "seoul-bio-symposium":
            Speaker.objects.create(event=event, name="Dr. Emily Carter", affiliation="BMS")
            Speaker.objects.create(event=event, name="김서연 박사", affiliation="KHIDI")
        if created and event.slug == "tech-exchange-cell-therapy":
            Material.objects.create(
                event=event, title="Slides", url="https://example.org/slides.pdf"
            )
    return []
