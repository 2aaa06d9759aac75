"""Korean business registration numbers (사업자등록번호) and Seoul's autonomous districts."""

import re

from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext_lazy as _

BUSINESS_NUMBER_WEIGHTS = (1, 3, 7, 1, 3, 7, 1, 3, 5)

# The 25 autonomous districts (자치구) of Seoul, with their English names.
SEOUL_DISTRICTS = (
    ("종로구", "Jongno-gu"),
    ("중구", "Jung-gu"),
    ("용산구", "Yongsan-gu"),
    ("성동구", "Seongdong-gu"),
    ("광진구", "Gwangjin-gu"),
    ("동대문구", "Dongdaemun-gu"),
    ("중랑구", "Jungnang-gu"),
    ("성북구", "Seongbuk-gu"),
    ("강북구", "Gangbuk-gu"),
    ("도봉구", "Dobong-gu"),
    ("노원구", "Nowon-gu"),
    ("은평구", "Eunpyeong-gu"),
    ("서대문구", "Seodaemun-gu"),
    ("마포구", "Mapo-gu"),
    ("양천구", "Yangcheon-gu"),
    ("강서구", "Gangseo-gu"),
    ("구로구", "Guro-gu"),
    ("금천구", "Geumcheon-gu"),
    ("영등포구", "Yeongdeungpo-gu"),
    ("동작구", "Dongjak-gu"),
    ("관악구", "Gwanak-gu"),
    ("서초구", "Seocho-gu"),
    ("강남구", "Gangnam-gu"),
    ("송파구", "Songpa-gu"),
    ("강동구", "Gangdong-gu"),
)
SEOUL_DISTRICT_NAMES = frozenset(ko for ko, _en in SEOUL_DISTRICTS)
DISTRICT_NAMES_IN_ENGLISH = dict(SEOUL_DISTRICTS)


def district_in_language(district: str) -> str:
    """A district as stored (its Korean name) in the active language: "동대문구" reads
    "Dongdaemun-gu" on English pages. Anything not a Seoul district is returned as it is."""
    if (translation.get_language() or "ko").startswith("en"):
        return DISTRICT_NAMES_IN_ENGLISH.get(district, district)
    return district


# Other metropolitan cities and provinces: an address naming one of them is not in Seoul.
OTHER_REGIONS = (
    "부산",
    "대구",
    "인천",
    "광주",
    "대전",
    "울산",
    "세종",
    "경기",
    "강원",
    "충북",
    "충청",
    "충남",
    "전북",
    "전라",
    "전남",
    "경북",
    "경상",
    "경남",
    "제주",
)


def normalize_business_number(value: str) -> str:
    """Digits only: "220-81-62517" -> "2208162517"."""
    return re.sub(r"[\s-]", "", value or "")


def business_number_check_digit(first_nine: str) -> int:
    """The tenth digit of a business registration number, from the first nine."""
    numbers = [int(c) for c in first_nine]
    total = sum(d * w for d, w in zip(numbers, BUSINESS_NUMBER_WEIGHTS, strict=True))
    total += (numbers[8] * 5) // 10
    return (10 - total % 10) % 10


def business_number_is_valid(value: str) -> bool:
    digits = normalize_business_number(value)
    if not re.fullmatch(r"\d{10}", digits):
        return False
    return business_number_check_digit(digits[:9]) == int(digits[9])


def validate_business_number(value: str) -> None:
    digits = normalize_business_number(value)
    if not re.fullmatch(r"\d{10}", digits):
        raise ValidationError(
            _("A business registration number has 10 digits, written like 123-45-67890."),
            code="business_number_format",
        )
    if not business_number_is_valid(digits):
        raise ValidationError(
            _(
                "%(number)s is not a valid business registration number: its last digit "
                "does not match the check digit. Please copy it again from your "
                "registration certificate (사업자등록증)."
            ),
            code="business_number_check_digit",
            params={"number": format_business_number(digits)},
        )


def format_business_number(value: str) -> str:
    digits = normalize_business_number(value)
    if len(digits) != 10:
        return value
    return f"{digits[:3]}-{digits[3:5]}-{digits[5:]}"


def validate_seoul_district(value: str) -> None:
    if value not in SEOUL_DISTRICT_NAMES:
        raise ValidationError(
            _("%(value)s is not one of Seoul's 25 autonomous districts."),
            code="not_a_seoul_district",
            params={"value": value},
        )


def districts_named_in(address: str) -> set[str]:
    """The Seoul districts an address names ("서울특별시 동대문구 회기로 117" -> {"동대문구"})."""
    tokens = re.split(r"[\s,()]+", address or "")
    return {token for token in tokens if token in SEOUL_DISTRICT_NAMES}


def address_names_other_region(address: str) -> bool:
    tokens = re.split(r"[\s,()]+", address or "")
    return any(token.startswith(region) for token in tokens for region in OTHER_REGIONS)


def validate_seoul_address(address: str, district: str) -> None:
    """The street address must agree with the chosen district and not name another region."""
    validate_seoul_district(district)
    if address_names_other_region(address):
        raise ValidationError(
            _("This address is outside Seoul. Choose a Seoul district only for a Seoul address."),
            code="address_outside_seoul",
        )
    named = districts_named_in(address)
    if named and district not in named:
        raise ValidationError(
            _("The address names %(named)s but the district chosen is %(district)s."),
            code="address_district_mismatch",
            params={"named": ", ".join(sorted(named)), "district": district},
        )
