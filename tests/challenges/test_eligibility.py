"""The eligibility rules as a table: each row a startup, a call and the expected outcome."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils import translation

from accounts.models import Startup, TherapeuticArea
from challenges import eligibility
from challenges.models import Challenge

SEOUL = ZoneInfo("Asia/Seoul")
ONCOLOGY = TherapeuticArea(pk=1, slug="oncology", name_ko="종양", name_en="Oncology")
IMMUNOLOGY = TherapeuticArea(pk=3, slug="immunology", name_ko="면역", name_en="Immunology")
NEUROLOGY = TherapeuticArea(pk=9, slug="neurology", name_ko="신경", name_en="Neurology")


def call(**overrides) -> Challenge:
    """Closes 2026-03-02 18:00 in Seoul, which is 09:00 UTC the same day."""
    fields = {
        "opens_at": datetime(2026, 1, 5, 9, 0, tzinfo=SEOUL),
        "closes_at": datetime(2026, 3, 2, 18, 0, tzinfo=SEOUL),
        "max_company_age_years": 7,
        "seoul_required": True,
        "pre_founders_allowed": True,
        **overrides,
    }
    return Challenge(**fields)


def company(**overrides) -> Startup:
    fields = {
        "kind": "company",
        "business_number": "2208162517",
        "district": "동대문구",
        "founded_on": date(2022, 5, 1),
        **overrides,
    }
    return Startup(**fields)


def pre_founder(**overrides) -> Startup:
    return Startup(kind="pre_founder", business_number="", district="성북구", **overrides)


def results(startup, challenge, area=ONCOLOGY, areas=(ONCOLOGY, IMMUNOLOGY), excepted=()):
    outcome = eligibility.evaluate(
        startup, challenge, area=area, challenge_areas=list(areas), excepted_rules=excepted
    )
    return {r.code: r.passed for r in outcome.results}, outcome


ALL_PASS = {
    "seoul_based": True,
    "company_age": True,
    "business_number": True,
    "therapeutic_area": True,
}

TABLE = [
    # (case, startup, call, area, expected failing rules)
    ("young Seoul company", company(), call(), ONCOLOGY, set()),
    ("founded exactly 7 years before the close", company(founded_on=date(2019, 3, 2)), call(),
     ONCOLOGY, set()),
    ("founded 7 years and one day before", company(founded_on=date(2019, 3, 1)), call(),
     ONCOLOGY, {"company_age"}),
    ("10-year limit lets an older company in", company(founded_on=date(2017, 1, 1)),
     call(max_company_age_years=10), ONCOLOGY, set()),
    ("pre-founder, call allows them", pre_founder(), call(), ONCOLOGY, set()),
    ("pre-founder, call for companies only", pre_founder(), call(pre_founders_allowed=False),
     ONCOLOGY, {"company_age"}),
    ("not in Seoul", company(district=""), call(), ONCOLOGY, {"seoul_based"}),
    ("not in Seoul, call open to all Korea", company(district=""), call(seoul_required=False),
     ONCOLOGY, set()),
    ("area outside the call", company(), call(), NEUROLOGY, {"therapeutic_area"}),
    ("no area chosen yet", company(), call(), None, {"therapeutic_area"}),
    ("check digit wrong", company(business_number="1234567890"), call(), ONCOLOGY,
     {"business_number"}),
    ("business number missing", company(business_number=""), call(), ONCOLOGY,
     {"business_number"}),
    ("start date missing", company(founded_on=None), call(), ONCOLOGY, {"company_age"}),
    ("everything wrong", company(district="", founded_on=date(2000, 1, 1),
                                 business_number="1234567892"),
     call(), NEUROLOGY, {"seoul_based", "company_age", "business_number", "therapeutic_area"}),
]  # fmt: skip


@pytest.mark.parametrize(
    ("startup", "challenge", "area", "failing"),
    [pytest.param(s, c, a, f, id=case) for case, s, c, a, f in TABLE],
)
def test_rule_table(startup, challenge, area, failing):
    passed, outcome = results(startup, challenge, area=area)
    assert {code for code, ok in passed.items() if not ok} == failing
    assert outcome.passed is (failing == set())


def test_close_date_is_the_day_in_seoul():
    # 2026-03-02 00:30 in Seoul is still 1 March in UTC: the Seoul day counts.
    late = call(closes_at=datetime(2026, 3, 2, 0, 30, tzinfo=SEOUL))
    assert eligibility.close_date(late) == date(2026, 3, 2)
    passed, _ = results(company(founded_on=date(2019, 3, 2)), late)
    assert passed["company_age"] is True


def test_leap_day_limit_falls_back_to_28_february():
    assert eligibility.years_before(date(2028, 2, 29), 7) == date(2021, 2, 28)


def test_explanation_names_the_evidence_in_english():
    _, outcome = results(company(founded_on=date(2019, 3, 1)), call())
    age = next(r for r in outcome.results if r.code == "company_age")
    with translation.override("en"):
        assert age.explanation == (
            "The business started on Fri 1 Mar 2019, before Sat 2 Mar 2019: more than 7 years "
            "before the call closes on Mon 2 Mar 2026. Only companies up to 7 years old may apply."
        )


def test_explanation_names_the_evidence_in_korean():
    _, outcome = results(company(district=""), call(), area=NEUROLOGY)
    area = next(r for r in outcome.results if r.code == "therapeutic_area")
    with translation.override("ko"):
        assert "신경" in area.explanation
        assert "종양, 면역" in area.explanation


def test_staff_exception_lets_a_failing_rule_through():
    passed, outcome = results(company(district=""), call(), excepted={"seoul_based"})
    assert passed["seoul_based"] is False
    assert outcome.passed is True
    assert [r.code for r in outcome.results if r.excepted] == ["seoul_based"]


def test_snapshot_keeps_both_languages():
    _, outcome = results(company(), call())
    snapshot = outcome.snapshot()
    assert snapshot["passed"] is True
    assert [rule["code"] for rule in snapshot["rules"]] == list(ALL_PASS)
    rule = snapshot["rules"][0]
    assert set(rule["explanation"]) == {"ko", "en"}
    assert rule["explanation"]["en"] == "The startup is based in Dongdaemun-gu, Seoul."
    assert "동대문구" in rule["explanation"]["ko"]


@pytest.mark.parametrize(
    ("language", "district"), [("en", "Dongdaemun-gu, Seoul."), ("ko", "동대문구")]
)
def test_seoul_rule_names_the_district_in_the_readers_language(language, district):
    _, outcome = results(company(), call())
    seoul = next(r for r in outcome.results if r.code == "seoul_based")
    with translation.override(language):
        assert district in seoul.explanation
        assert ("동대문구" in seoul.explanation) is (language == "ko")
