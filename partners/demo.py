"""Demo partners: the three that run the programme, two (fictional) tenants of the Global
Cooperation Building, their representatives, three meeting rooms, holidays, and a few
bookings and consultation requests from the demo founder's startup."""

from datetime import time, timedelta

from django.utils import timezone

from accounts.demo import demo_user
from accounts.models import Startup, TherapeuticArea
from core.slots import local_instant
from partners import selectors, services
from partners.models import (
    OFFICE_TZ,
    ConsultationRequest,
    MeetingMode,
    OfficeHours,
    OpeningHours,
    Outcome,
    Partner,
    PartnerKind,
    PartnerMember,
    PartnerMemberRole,
    Room,
)

ORDER = 20

PARTNERS = [
    {
        "slug": "seoul",
        "name_ko": "서울특별시",
        "name_en": "Seoul Metropolitan Government",
        "kind": PartnerKind.CITY,
        "website": "https://www.seoul.go.kr",
        "description_ko": "서울바이오허브를 운영하며 바이오 창업 생태계를 지원합니다.",
        "description_en": "Runs the Seoul Bio Hub and supports the city's biotech startups.",
        "sort_order": 10,
    },
    {
        "slug": "bms",
        "name_ko": "한국BMS제약",
        "name_en": "Bristol Myers Squibb",
        "kind": PartnerKind.PHARMA,
        "country": "US",
        "website": "https://www.bms.com",
        "description_ko": "종양, 혈액, 면역 분야의 글로벌 제약사로 "
        "1:1 코칭과 파트너링을 제공합니다.",
        "description_en": "Global biopharma in oncology, hematology and immunology; "
        "offers 1:1 coaching and partnering.",
        "sort_order": 20,
    },
    {
        "slug": "khidi",
        "name_ko": "한국보건산업진흥원",
        "name_en": "KHIDI",
        "kind": PartnerKind.PUBLIC_AGENCY,
        "website": "https://www.khidi.or.kr",
        "description_ko": "홍릉 서울바이오허브를 운영하는 보건산업 전문 공공기관입니다.",
        "description_en": "Korea Health Industry Development Institute, "
        "operator of the Hongneung Seoul Bio Hub.",
        "sort_order": 30,
    },
]

BMS_PROFILE = {
    "looking_for_ko": "종양·혈액·면역 분야의 혁신 신약 후보, 플랫폼 기술",
    "looking_for_en": "Innovative candidates and platforms in oncology, hematology and immunology.",
    "office_location_ko": "글로벌협력동 3층 BMS 파트너링 오피스",
    "office_location_en": "GCB 3F BMS partnering office",
}

TENANTS = [
    {
        "slug": "nordhavn",
        "name_ko": "노르드하븐 테라퓨틱스 코리아",
        "name_en": "Nordhavn Therapeutics Korea",
        "kind": PartnerKind.PHARMA,
        "country": "DK",
        "description_ko": "덴마크계 바이오 제약사의 한국 법인으로 면역 질환 신약을 개발합니다.",
        "description_en": "Korean arm of a Danish biopharma developing immunology medicines.",
        "looking_for_ko": "자가면역 질환 표적, 경구용 저분자 화합물, 공동 연구 파트너",
        "looking_for_en": "Autoimmune targets, oral small molecules, research collaborations.",
        "office_location_ko": "글로벌협력동 4층",
        "office_location_en": "Global Cooperation Building, 4F",
        "sort_order": 40,
        "rep": ("nordhavn@demo.seoulbiohub.kr", "Freja Nielsen", "en"),
        "areas": ["immunology"],
    },
    {
        "slug": "helvetia",
        "name_ko": "헬베티아 바이오로직스 코리아",
        "name_en": "Helvetia Biologics Korea",
        "kind": PartnerKind.PHARMA,
        "country": "CH",
        "description_ko": "스위스계 항체 의약품 기업의 한국 사무소입니다.",
        "description_en": "Korean office of a Swiss antibody company.",
        "looking_for_ko": "혈액암 이중항체, 세포치료제 제조 기술",
        "looking_for_en": "Bispecifics in blood cancers, cell therapy manufacturing.",
        "office_location_ko": "글로벌협력동 5층",
        "office_location_en": "Global Cooperation Building, 5F",
        "sort_order": 50,
        "rep": ("helvetia@demo.seoulbiohub.kr", "Lukas Meier", "en"),
        "areas": ["hematology", "oncology"],
    },
]

ROOMS = [
    {
        "slug": "hongneung",
        "name_ko": "홍릉 회의실",
        "name_en": "Hongneung Room",
        "floor": "GCB 3F",
        "capacity": 8,
        "equipment_ko": "65인치 화면, 화상회의 카메라, 화이트보드",
        "equipment_en": "65-inch screen, video conference camera, whiteboard",
        "sort_order": 10,
        "saturday": True,
    },
    {
        "slug": "cheongnyang",
        "name_ko": "청량 미팅룸",
        "name_en": "Cheongnyang Meeting Room",
        "floor": "GCB 3F",
        "capacity": 4,
        "equipment_ko": "모니터, 스피커폰",
        "equipment_en": "Monitor, speakerphone",
        "sort_order": 20,
    },
    {
        "slug": "boardroom",
        "name_ko": "바이오허브 보드룸",
        "name_en": "Bio Hub Board Room",
        "floor": "GCB 6F",
        "capacity": 16,
        "equipment_ko": "프로젝터, 화상회의 시스템, 통역 부스",
        "equipment_en": "Projector, video conferencing, interpreting booth",
        "requires_approval": True,
        "max_minutes": 240,
        "sort_order": 30,
    },
]


def seed(*, password: str) -> list[tuple[str, str]]:
    for data in PARTNERS:
        defaults = {k: v for k, v in data.items() if k != "slug"}
        defaults.update(is_published=True, is_programme_founder=True)
        Partner.objects.get_or_create(slug=data["slug"], defaults=defaults)
    bms = Partner.objects.get(slug="bms")
    bms.areas_of_interest.set(TherapeuticArea.objects.all())
    blank = [field for field, value in BMS_PROFILE.items() if not getattr(bms, field)]
    for field in blank:
        setattr(bms, field, BMS_PROFILE[field])
    if blank:
        bms.save(update_fields=[*blank, "updated_at"])
    for weekday in (1, 3):  # Tuesday and Thursday afternoons
        OfficeHours.objects.get_or_create(
            partner=bms, weekday=weekday, defaults={"starts": time(14), "ends": time(17)}
        )
    rep = demo_user("partner@demo.seoulbiohub.kr", name="박파트너", password=password)
    PartnerMember.objects.get_or_create(
        user=rep, partner=bms, defaults={"role": PartnerMemberRole.MANAGER}
    )
    _seed_tenants(password)
    _seed_rooms()
    _seed_requests(bms, rep)
    return [("partner", rep.email)]


def _seed_tenants(password: str) -> None:
    for data in TENANTS:
        data = dict(data)
        email, name, language = data.pop("rep")
        areas = data.pop("areas")
        partner, created = Partner.objects.get_or_create(
            slug=data.pop("slug"), defaults={**data, "is_published": True, "is_tenant": True}
        )
        if created:
            partner.areas_of_interest.set(TherapeuticArea.objects.filter(slug__in=areas))
            OfficeHours.objects.create(partner=partner, weekday=2, starts=time(10), ends=time(12))
        user = demo_user(email, name=name, password=password)
        if user.language != language:
            user.language = language
            user.save(update_fields=["language"])
        PartnerMember.objects.get_or_create(user=user, partner=partner)


def _seed_rooms() -> None:
    for data in ROOMS:
        data = dict(data)
        saturday = data.pop("saturday", False)
        room, created = Room.objects.get_or_create(slug=data.pop("slug"), defaults=data)
        if created:
            hours = [
                OpeningHours(room=room, weekday=d, opens=time(9), closes=time(18)) for d in range(5)
            ]
            if saturday:
                hours.append(OpeningHours(room=room, weekday=5, opens=time(10), closes=time(14)))
            OpeningHours.objects.bulk_create(hours)
    year = timezone.localdate(timezone=OFFICE_TZ).year
    for y in (year, year + 1):
        services.add_public_holidays(year=y)


def _open_day(room: Room, days: int, *, after=None):
    """The first day, `days` from today (or from `after`) onwards, backwards when negative,
    on which the room is open: a weekday that is not a holiday."""
    step = -1 if days < 0 else 1
    day = (after or timezone.localdate(timezone=OFFICE_TZ)) + timedelta(days=days)
    while day.weekday() >= 5 or selectors.closure_on(room, day):
        day += timedelta(days=step)
    return day


def _at(day, hour: int):
    return local_instant(day, time(hour), OFFICE_TZ)


def _seed_requests(bms: Partner, rep) -> None:
    """Bookings and consultations of the demo founder's startup, once."""
    startup = Startup.objects.filter(business_number="2208162517").first()
    if startup is None or ConsultationRequest.objects.filter(startup=startup).exists():
        return
    founder = startup.memberships.select_related("user").first().user
    oncology = TherapeuticArea.objects.filter(slug="oncology").first()
    immunology = TherapeuticArea.objects.filter(slug="immunology").first() or oncology
    hongneung = Room.objects.get(slug="hongneung")
    day = _open_day(hongneung, 3)
    services.book_room(
        hongneung,
        actor=founder,
        startup=startup,
        starts_at=_at(day, 10),
        ends_at=_at(day, 11),
        purpose="투자자 미팅",
        attendees=4,
    )
    services.book_room(
        Room.objects.get(slug="boardroom"),
        actor=founder,
        startup=startup,
        starts_at=_at(day, 14),
        ends_at=_at(day, 16),
        purpose="IR 리허설",
        attendees=10,
    )
    _seed_held_meeting(bms, rep, startup, founder, oncology)
    # Accepted in person: the rep takes the startup's second time and a room is booked.
    later = _open_day(hongneung, 2, after=day)
    accepted = services.request_consultation(
        bms,
        actor=founder,
        startup=startup,
        topic="면역항암 병용요법 임상 설계 자문",
        area=oncology,
        ask="1상 병용요법 설계에 대한 BMS 임상팀의 의견을 듣고 싶습니다.",
        mode=MeetingMode.IN_PERSON,
        times=[(_at(later, 10), _at(later, 11)), (_at(later, 15), _at(later, 16))],
    )
    services.accept_consultation(
        accepted,
        actor=rep,
        time=accepted.proposed_times.order_by("starts_at").last(),
        room=hongneung,
        message="3층 BMS 파트너링 오피스 옆 홍릉 회의실에서 뵙겠습니다.",
    )
    # Still open: waiting for BMS's answer.
    week_after = _open_day(hongneung, 5, after=later)
    services.request_consultation(
        bms,
        actor=founder,
        startup=startup,
        topic="고형암 대상 이중특이항체 공동개발 가능성",
        area=oncology,
        ask="전임상 데이터에 대한 피드백과 공동개발 논의를 원합니다.",
        mode=MeetingMode.IN_PERSON,
        times=[
            (_at(week_after, 14), _at(week_after, 15)),
            (_at(week_after, 16), _at(week_after, 17)),
        ],
    )
    nordhavn = Partner.objects.get(slug="nordhavn")
    online = services.request_consultation(
        nordhavn,
        actor=founder,
        startup=startup,
        topic="Oral IL-17 inhibitor: partnering interest",
        area=immunology,
        ask="We would like to hear whether our lead fits your immunology pipeline.",
        mode=MeetingMode.ONLINE,
        times=[(_at(later, 13), _at(later, 14))],
    )
    services.accept_consultation(
        online,
        actor=nordhavn.members.first().user,
        time=online.proposed_times.get(),
        video_link="https://meet.example.com/nordhavn-hongneung",
    )


def _seed_held_meeting(bms, rep, startup, founder, area) -> None:
    """A meeting three weeks ago, with both sides' outcomes: asked and accepted through the
    services as of the days before it, the outcomes recorded now."""
    day = _open_day(Room.objects.get(slug="hongneung"), -21)
    asked_on = _at(day, 9) - timedelta(days=6)
    held = services.request_consultation(
        bms,
        actor=founder,
        startup=startup,
        topic="CAR-T 제조 공정 자문",
        area=area,
        ask="제조 공정 스케일업에 대한 조언을 구합니다.",
        mode=MeetingMode.IN_PERSON,
        times=[(_at(day, 14), _at(day, 15))],
        now=asked_on,
    )
    services.accept_consultation(
        held, actor=rep, time=held.proposed_times.get(), now=asked_on + timedelta(days=2)
    )
    services.record_outcome(
        held, actor=rep, outcome=Outcome.FOLLOW_UP, note="세포주 자료 검토 후 2차 미팅 예정"
    )
    services.record_outcome(held, actor=founder, outcome=Outcome.NDA)
