"""Demo partners: the three that run the programme, and a BMS representative."""

from accounts.demo import demo_user
from accounts.models import TherapeuticArea
from partners.models import Partner, PartnerKind, PartnerMember

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


def seed(*, password: str) -> list[tuple[str, str]]:
    for data in PARTNERS:
        defaults = {k: v for k, v in data.items() if k != "slug"}
        defaults.update(is_published=True, is_programme_founder=True)
        Partner.objects.get_or_create(slug=data["slug"], defaults=defaults)
    bms = Partner.objects.get(slug="bms")
    bms.areas_of_interest.set(TherapeuticArea.objects.all())
    rep = demo_user("partner@demo.seoulbiohub.kr", name="박파트너", password=password)
    PartnerMember.objects.get_or_create(user=rep, partner=bms)
    return [("partner", rep.email)]
