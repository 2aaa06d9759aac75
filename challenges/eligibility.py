"""Eligibility rules: pure functions of a startup, a challenge and an area. No I/O.

Each rule returns a RuleResult with a code, whether it passed, and the evidence it used, so
the explanation can name the evidence in the reader's language ("Founded on 2019-03-02; the
call closes on 2026-03-02, so the company is 7 years old: eligible").
"""

from dataclasses import dataclass, field
from datetime import date
from zoneinfo import ZoneInfo

from django.utils import translation
from django.utils.translation import gettext_lazy as _

from accounts.models import StartupKind
from accounts.validators import (
    business_number_is_valid,
    district_in_language,
    format_business_number,
)
from core.timefmt import format_date

SEOUL = ZoneInfo("Asia/Seoul")

SEOUL_BASED = "seoul_based"
COMPANY_AGE = "company_age"
THERAPEUTIC_AREA = "therapeutic_area"
BUSINESS_NUMBER = "business_number"

RULE_NAMES = {
    SEOUL_BASED: _("Based in Seoul"),
    COMPANY_AGE: _("Early-stage company"),
    THERAPEUTIC_AREA: _("Therapeutic area of the call"),
    BUSINESS_NUMBER: _("Valid business registration number"),
}

MESSAGES = {
    (SEOUL_BASED, True): _("The startup is based in %(district)s, Seoul."),
    (SEOUL_BASED, False): _(
        "The startup profile gives no Seoul district. This call is for startups based in one "
        "of Seoul's 25 districts; add the district to the startup profile if it is in Seoul."
    ),
    (SEOUL_BASED, None): _("This call is open to startups outside Seoul too."),
    ("pre_founder", True): _(
        "Pre-founders (예비창업자) without a registered business may apply to this call."
    ),
    ("pre_founder", False): _(
        "This call is for registered companies; pre-founders cannot apply to it."
    ),
    ("missing_start_date", False): _(
        "The startup profile has no business start date, so the company's age cannot be checked."
    ),
    (COMPANY_AGE, True): _(
        "The business started on %(founded)s. The call closes on %(closes)s, so companies that "
        "started on or after %(limit)s (within %(years)s years) are eligible, and this one is."
    ),
    (COMPANY_AGE, False): _(
        "The business started on %(founded)s, before %(limit)s: more than %(years)s years before "
        "the call closes on %(closes)s. Only companies up to %(years)s years old may apply."
    ),
    ("missing_area", False): _("Choose the therapeutic area of your technology."),
    (THERAPEUTIC_AREA, True): _("%(area)s is one of the call's areas (%(areas)s)."),
    (THERAPEUTIC_AREA, False): _("%(area)s is not one of the call's areas (%(areas)s)."),
    (BUSINESS_NUMBER, True): _("Business registration number %(number)s is valid."),
    (BUSINESS_NUMBER, False): _(
        "Business registration number %(number)s is not valid (its check digit does not match)."
    ),
    ("missing_business_number", False): _(
        "A registered company needs its business registration number on the startup profile."
    ),
    (BUSINESS_NUMBER, None): _("Pre-founders have no business registration number yet."),
}


@dataclass(frozen=True)
class RuleResult:
    code: str
    passed: bool
    message_key: tuple
    evidence: dict = field(default_factory=dict)
    excepted: bool = False  # failed, but staff recorded an exception

    @property
    def ok(self) -> bool:
        return self.passed or self.excepted

    @property
    def name(self) -> str:
        return str(RULE_NAMES[self.code])

    @property
    def explanation(self) -> str:
        """In the active language, with the evidence."""
        evidence = {
            key: format_date(value) if isinstance(value, date) else str(value)
            for key, value in self.evidence.items()
        }
        if "district" in self.evidence:
            evidence["district"] = district_in_language(self.evidence["district"])
        if "area_names" in self.evidence:
            language = translation.get_language() or "ko"
            names = self.evidence["area_names"]
            evidence["area"] = names["area"].get(language[:2], names["area"]["ko"])
            evidence["areas"] = ", ".join(a.get(language[:2], a["ko"]) for a in names["areas"])
        return str(MESSAGES[self.message_key]) % evidence


@dataclass(frozen=True)
class Eligibility:
    results: tuple[RuleResult, ...]

    @property
    def passed(self) -> bool:
        return all(result.ok for result in self.results)

    @property
    def failing(self) -> list[RuleResult]:
        return [result for result in self.results if not result.ok]

    def snapshot(self) -> dict:
        """JSON to freeze with a submitted application: results and both languages' words."""
        rendered = {}
        for language in ("ko", "en"):
            with translation.override(language):
                rendered[language] = [(r.name, r.explanation) for r in self.results]
        return {
            "passed": self.passed,
            "rules": [
                {
                    "code": result.code,
                    "passed": result.passed,
                    "excepted": result.excepted,
                    "name": {lang: rendered[lang][i][0] for lang in rendered},
                    "explanation": {lang: rendered[lang][i][1] for lang in rendered},
                }
                for i, result in enumerate(self.results)
            ],
        }


def years_before(day: date, years: int) -> date:
    """The same calendar day `years` earlier; 29 February falls back to 28 February."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def close_date(challenge) -> date:
    """The calendar day the call closes, in Seoul (the programme's legal time)."""
    return challenge.closes_at.astimezone(SEOUL).date()


def check_seoul_based(startup, challenge) -> RuleResult:
    if not challenge.seoul_required:
        return RuleResult(SEOUL_BASED, True, (SEOUL_BASED, None))
    if startup.district:
        return RuleResult(SEOUL_BASED, True, (SEOUL_BASED, True), {"district": startup.district})
    return RuleResult(SEOUL_BASED, False, (SEOUL_BASED, False))


def check_company_age(startup, challenge) -> RuleResult:
    if startup.kind == StartupKind.PRE_FOUNDER:
        allowed = challenge.pre_founders_allowed
        return RuleResult(COMPANY_AGE, allowed, ("pre_founder", allowed))
    if startup.founded_on is None:
        return RuleResult(COMPANY_AGE, False, ("missing_start_date", False))
    closes = close_date(challenge)
    limit = years_before(closes, challenge.max_company_age_years)
    passed = startup.founded_on >= limit
    evidence = {
        "founded": startup.founded_on,
        "closes": closes,
        "limit": limit,
        "years": challenge.max_company_age_years,
    }
    return RuleResult(COMPANY_AGE, passed, (COMPANY_AGE, passed), evidence)


def check_therapeutic_area(area, challenge_areas) -> RuleResult:
    """`challenge_areas`: the call's TherapeuticArea objects (passed in, so this needs no I/O)."""
    if area is None:
        return RuleResult(THERAPEUTIC_AREA, False, ("missing_area", False))
    passed = area.pk in {a.pk for a in challenge_areas}
    names = {
        "area": {"ko": area.name_ko, "en": area.name_en},
        "areas": [{"ko": a.name_ko, "en": a.name_en} for a in challenge_areas],
    }
    return RuleResult(THERAPEUTIC_AREA, passed, (THERAPEUTIC_AREA, passed), {"area_names": names})


def check_business_number(startup) -> RuleResult:
    if startup.kind == StartupKind.PRE_FOUNDER:
        return RuleResult(BUSINESS_NUMBER, True, (BUSINESS_NUMBER, None))
    if not startup.business_number:
        return RuleResult(BUSINESS_NUMBER, False, ("missing_business_number", False))
    passed = business_number_is_valid(startup.business_number)
    return RuleResult(
        BUSINESS_NUMBER,
        passed,
        (BUSINESS_NUMBER, passed),
        {"number": format_business_number(startup.business_number)},
    )


def evaluate(
    startup, challenge, *, area, challenge_areas, excepted_rules=(), include_area=True
) -> Eligibility:
    """Every rule, in the order a founder reads them. `excepted_rules`: codes staff excused.

    `include_area=False` checks the startup alone (the profile page, before any application).
    """
    results = [
        check_seoul_based(startup, challenge),
        check_company_age(startup, challenge),
        check_business_number(startup),
    ]
    if include_area:
        results.append(check_therapeutic_area(area, challenge_areas))
    return Eligibility(
        tuple(
            RuleResult(r.code, r.passed, r.message_key, r.evidence, excepted=True)
            if not r.passed and r.code in excepted_rules
            else r
            for r in results
        )
    )
