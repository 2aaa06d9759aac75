"""Demo calls: one open, one closed, and about 30 applications across statuses and districts."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone

from accounts.models import Startup, StartupKind, TherapeuticArea, User
from accounts.validators import SEOUL_DISTRICTS, business_number_check_digit
from challenges import receipts, services
from challenges.models import (
    Application,
    ApplicationStatus,
    Challenge,
    ChallengeFAQ,
    ChallengeMilestone,
    DevelopmentStage,
    MilestoneKind,
    Modality,
    ReviewAssignment,
)

ORDER = 40
SEOUL = ZoneInfo("Asia/Seoul")
STATUS_CYCLE = [
    ApplicationStatus.DRAFT,
    ApplicationStatus.SUBMITTED,
    ApplicationStatus.SUBMITTED,
    ApplicationStatus.SCREENING,
    ApplicationStatus.UNDER_REVIEW,
    ApplicationStatus.UNDER_REVIEW,
    ApplicationStatus.SHORTLISTED,
    ApplicationStatus.SELECTED,
    ApplicationStatus.NOT_SELECTED,
    ApplicationStatus.WITHDRAWN,
    ApplicationStatus.INELIGIBLE,
]


def _business_number(n: int) -> str:
    head = f"{310_810_000 + n:09d}"
    return head + str(business_number_check_digit(head))


def _challenge(slug, *, opens, closes, **texts) -> Challenge:
    challenge, created = Challenge.objects.get_or_create(
        slug=slug,
        defaults={
            "opens_at": opens,
            "closes_at": closes,
            "max_grant_amount": 50_000_000,
            "number_of_awards": 5,
            "total_budget": 250_000_000,
            "is_published": True,
            **texts,
        },
    )
    if created:
        challenge.therapeutic_areas.set(
            TherapeuticArea.objects.filter(slug__in=["oncology", "hematology", "immunology"])
        )
    return challenge


def _seoul_evening(days_from_today: int):
    """18:00 in Seoul, `days_from_today` days away: calls close at the end of a working day."""
    today = timezone.localdate(timezone=SEOUL)
    return datetime.combine(today + timedelta(days=days_from_today), time(18, 0), tzinfo=SEOUL)


def seed(*, password: str) -> list[tuple[str, str]]:
    now = _seoul_evening(0)
    open_call = _challenge(
        "2027-seoul-bms-challenge",
        opens=now - timedelta(days=10),
        closes=now + timedelta(days=30),
        title_ko="2027 서울-BMS 바이오 오픈 이노베이션 챌린지",
        title_en="2027 Seoul–BMS Bio Open Innovation Challenge",
        summary_ko="종양·혈액·면역 분야 서울 소재 스타트업과 예비창업자를 위한 공모입니다. "
        "연구지원금과 BMS 전문가의 1:1 코칭을 제공합니다.",
        summary_en="An open call for Seoul-based startups and pre-founders in oncology, "
        "hematology and immunology, with research grants and 1:1 coaching by BMS experts.",
        # The benefits have their own block on the page (from the fields): not repeated here.
        description_ko="서울시, BMS, 한국보건산업진흥원이 함께 서울 바이오 스타트업의 "
        "신약·진단 기술을 발굴합니다. 선정된 팀은 홍릉 서울바이오허브에서 프로그램에 참여합니다.",
        description_en="The City of Seoul, BMS and KHIDI look for new medicines and diagnostics "
        "from Seoul biotech startups. Selected teams join the programme at the Hongneung Seoul "
        "Bio Hub.",
        contact_name="오픈이노베이션 사무국 김지원",
        contact_email="challenge@seoulbiohub.example.kr",
        contact_phone="02-0000-0000",
    )
    if not open_call.milestones.exists():
        for kind, offset in [
            (MilestoneKind.ANNOUNCEMENT, -10),
            (MilestoneKind.DEADLINE, 30),
            (MilestoneKind.INTERVIEWS, 45),
            (MilestoneKind.RESULTS, 60),
        ]:
            ChallengeMilestone.objects.create(
                challenge=open_call, kind=kind, starts_at=now + timedelta(days=offset)
            )
        ChallengeFAQ.objects.create(
            challenge=open_call,
            question_ko="예비창업자도 지원할 수 있나요?",
            question_en="Can pre-founders apply?",
            answer_ko="네. 사업자 등록 전이라도 지원할 수 있습니다.",
            answer_en="Yes. You may apply before registering a business.",
        )
    closed_call = _challenge(
        "2026-seoul-bms-challenge",
        opens=now - timedelta(days=400),
        closes=now - timedelta(days=340),
        title_ko="2026 서울-BMS 바이오 오픈 이노베이션 챌린지",
        title_en="2026 Seoul–BMS Bio Open Innovation Challenge",
        summary_ko="지난해 공모입니다. 결과가 발표되었습니다.",
        summary_en="Last year's call. The results have been announced.",
    )
    if closed_call.results_published_at is None:
        closed_call.results_published_at = now - timedelta(days=300)
        closed_call.save(update_fields=["results_published_at"])

    for call in (open_call, closed_call):
        services.add_default_rubric(call, actor=None)

    areas = list(TherapeuticArea.objects.filter(slug__in=["oncology", "hematology", "immunology"]))
    for n in range(30):
        district = SEOUL_DISTRICTS[n % len(SEOUL_DISTRICTS)][0] if n % 13 else ""
        startup, _ = Startup.objects.get_or_create(
            name=f"데모바이오 {n + 1:02d}",
            defaults={
                "name_en": f"Demo Bio {n + 1:02d}",
                "kind": StartupKind.PRE_FOUNDER if n % 7 == 0 else StartupKind.COMPANY,
                "business_number": "" if n % 7 == 0 else _business_number(n),
                "district": district,
                "address": f"서울특별시 {district} 데모로 {n + 1}" if district else "경기도 성남시",
                "founded_on": None if n % 7 == 0 else date(2018 + n % 8, 1 + n % 12, 1 + n % 27),
            },
        )
        # Seed data stands in for history: statuses are set directly, not through services.
        status = STATUS_CYCLE[n % len(STATUS_CYCLE)]
        call = closed_call if n >= 24 else open_call
        submitted = status not in (ApplicationStatus.DRAFT,)
        application, created = Application.objects.get_or_create(
            challenge=call,
            startup=startup,
            defaults={
                "status": status,
                "therapeutic_area": areas[n % len(areas)],
                "modality": Modality.values[n % len(Modality.values)],
                "development_stage": DevelopmentStage.values[n % len(DevelopmentStage.values)],
                "target_indication": "Demo target / demo indication",
                "technology_summary": "Demo technology.",
                "unmet_need": "Demo unmet need.",
                "bms_fit": "Demo fit.",
                "team_summary": "Demo team.",
                "requested_grant_amount": 10_000_000 * (1 + n % 5),
                "grant_use_plan": "Demo plan.",
                "submitted_at": call.opens_at + timedelta(days=1 + n % 20) if submitted else None,
                "eligibility_passed": (status != ApplicationStatus.INELIGIBLE)
                if submitted
                else None,
            },
        )
        if created and submitted:
            # A receipt as submit_application gives one: the call's next number, the answers.
            with transaction.atomic():
                number = services.allocate_reference(call)
                application.reference_number = number
                application.submitted_snapshot = receipts.build_snapshot(
                    application, reference_number=number, now=application.submitted_at
                )
                application.save(update_fields=["reference_number", "submitted_snapshot"])
    # The demo reviewer has the open call's applications under review in their queue.
    reviewer = User.objects.filter(email="reviewer@demo.seoulbiohub.kr").first()
    if reviewer is not None:
        for application in open_call.applications.filter(status=ApplicationStatus.UNDER_REVIEW):
            ReviewAssignment.objects.get_or_create(
                application=application,
                reviewer=reviewer,
                defaults={"due_at": _seoul_evening(14)},
            )
    return []
