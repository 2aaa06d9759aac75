"""The first operator record and the first version of each legal page.

Written by the data migration 0002 (and again by the demo, which changes nothing when they
exist). Staff change them in the admin: the operator record directly, a page by publishing a
new version. The texts are the programme's own defaults; the office reviews them before launch.
"""

from datetime import date

from django.apps import apps as global_apps
from django.utils.dateparse import parse_datetime

from legal.default_texts import PRIVACY_EN, PRIVACY_KO
from legal.default_texts_pages import (
    ACCESSIBILITY_EN,
    ACCESSIBILITY_KO,
    CONTACT_EN,
    CONTACT_KO,
    TERMS_EN,
    TERMS_KO,
)

EFFECTIVE_ON = date(2026, 12, 1)
PUBLISHED_AT = "2026-12-01T00:00:00+09:00"

SITE_IDENTITY = {
    "programme_name_ko": "서울바이오허브 오픈이노베이션",
    "programme_name_en": "Seoul BioHub Open Innovation",
    "partners_ko": "서울특별시 · Bristol Myers Squibb(BMS) · 한국보건산업진흥원(KHIDI)",
    "partners_en": "City of Seoul · Bristol Myers Squibb (BMS) · Korea Health Industry "
    "Development Institute (KHIDI)",
    "office_name_ko": "서울바이오허브 오픈이노베이션 사무국",
    "office_name_en": "Seoul BioHub Open Innovation programme office",
    "address_ko": "서울특별시 동대문구 회기로 117-3 서울바이오허브",
    "address_en": "Seoul Bio Hub, 117-3 Hoegi-ro, Dongdaemun-gu, Seoul, Republic of Korea",
    "email": "office@openinnovation.seoulbiohub.kr",
    "phone": "02-0000-0000",
    "contact_person_ko": "오픈이노베이션 사무국 프로그램 담당자",
    "contact_person_en": "Programme coordinator, Open Innovation office",
    "office_hours_ko": "평일 09:00–18:00 (점심시간 12:00–13:00, 공휴일 제외)",
    "office_hours_en": "Weekdays 09:00–18:00 KST (lunch 12:00–13:00; closed on public holidays)",
    "copyright_holder_ko": "서울특별시 · 한국보건산업진흥원",
    "copyright_holder_en": "City of Seoul and KHIDI",
}

DOCUMENTS = {
    "privacy": (PRIVACY_KO, PRIVACY_EN),
    "terms": (TERMS_KO, TERMS_EN),
    "accessibility": (ACCESSIBILITY_KO, ACCESSIBILITY_EN),
    "contact": (CONTACT_KO, CONTACT_EN),
}


def ensure_defaults(apps=None, schema_editor=None) -> None:
    """Create the operator record and the four pages with their first, published version
    when they are missing; leaves existing ones alone (idempotent)."""
    apps = apps or global_apps
    site_identity = apps.get_model("legal", "SiteIdentity")
    document_model = apps.get_model("legal", "LegalDocument")
    version_model = apps.get_model("legal", "LegalVersion")
    site_identity.objects.get_or_create(pk=1, defaults=SITE_IDENTITY)
    for kind, (body_ko, body_en) in DOCUMENTS.items():
        document, _ = document_model.objects.get_or_create(kind=kind)
        if not version_model.objects.filter(document=document).exists():
            version_model.objects.create(
                document=document,
                number=1,
                body_ko=body_ko,
                body_en=body_en,
                effective_on=EFFECTIVE_ON,
                is_published=True,
                published_at=parse_datetime(PUBLISHED_AT),
            )
