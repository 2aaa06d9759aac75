"""Reads about grants, tranches and grant reports: budgets, what a founder sees and may report."""

from django.db.models import Count, Q, Sum
from django.db.models.functions import Coalesce

from challenges.models import (
    Application,
    ApplicationStatus,
    Challenge,
    Grant,
    GrantReport,
    GrantStatus,
    ReportStatus,
    Tranche,
    TrancheStatus,
)

REPORTABLE = (TrancheStatus.PLANNED, TrancheStatus.RETURNED)


def plan_total(grant: Grant) -> int:
    """What the grant's tranches add up to, in KRW (0 without a plan)."""
    return grant.tranches.aggregate(total=Sum("amount"))["total"] or 0


def budget_of(challenge: Challenge) -> dict:
    """The call's budget in KRW: budget, awarded (live grants), paid and remaining."""
    paid = Tranche.objects.filter(
        grant__application__challenge=challenge, status=TrancheStatus.PAID
    ).aggregate(total=Coalesce(Sum("amount"), 0))["total"]
    return {
        "budget": challenge.total_budget,
        "awarded": challenge.awarded_total,
        "paid": paid,
        "remaining": challenge.total_budget - challenge.awarded_total,
    }


def budgets() -> list[dict]:
    """Every call with its figures and its selected applications still without a grant.

    Two queries whatever the number of calls, grants and tranches.
    """
    challenges = Challenge.objects.annotate(
        paid=Coalesce(
            Sum(
                "applications__grant__tranches__amount",
                filter=Q(applications__grant__tranches__status=TrancheStatus.PAID),
            ),
            0,
        ),
        grant_count=Count(
            "applications__grant",
            filter=~Q(applications__grant__status=GrantStatus.CANCELLED),
            distinct=True,
        ),
    ).order_by("-opens_at")
    awaiting: dict[int, list[Application]] = {}
    for application in (
        Application.objects.filter(status=ApplicationStatus.SELECTED, grant__isnull=True)
        .select_related("startup")
        .order_by("startup__name")
    ):
        awaiting.setdefault(application.challenge_id, []).append(application)
    return [
        {
            "challenge": challenge,
            "budget": challenge.total_budget,
            "awarded": challenge.awarded_total,
            "paid": challenge.paid,
            "remaining": challenge.total_budget - challenge.awarded_total,
            "grant_count": challenge.grant_count,
            "awaiting": awaiting.get(challenge.pk, []),
        }
        for challenge in challenges
    ]


def grant_visible_to_founders(grant: Grant) -> bool:
    """Founders learn of their grant with the published results, or when they sign for it."""
    return (
        grant.agreement_signed_on is not None
        or grant.application.challenge.results_published_at is not None
    )


def is_reportable(tranche: Tranche) -> bool:
    """The grantee may report now: agreement signed, milestone planned or returned."""
    return tranche.grant.status == GrantStatus.ACTIVE and tranche.status in REPORTABLE


REPORT_SUBMITTABLE = (ReportStatus.DUE, ReportStatus.CHANGES_REQUESTED)


def is_report_submittable(report: GrantReport) -> bool:
    """The grantee may submit a grant report now: agreement signed, report not yet sent or
    sent back for changes (challenges.services.grant_reports.submit_grant_report)."""
    return (
        report.grant.status in (GrantStatus.ACTIVE, GrantStatus.COMPLETED)
        and report.status in REPORT_SUBMITTABLE
    )


def founder_reports(application: Application) -> list[GrantReport]:
    """The grant reports of an application's grant, due date first, for the grant panel
    (one query, with the tranche each holds back)."""
    return list(
        GrantReport.objects.filter(grant__application=application)
        .select_related("tranche")
        .order_by("due_at", "pk")
    )
