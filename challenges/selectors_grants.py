"""Reads about grants: the budget of a call, and whether a milestone can be reported now."""

from django.db.models import Count, Q, Sum
from django.db.models.functions import Coalesce

from challenges.models import (
    Application,
    ApplicationStatus,
    Challenge,
    Grant,
    GrantStatus,
    Tranche,
    TrancheStatus,
)

REPORTABLE = (TrancheStatus.PLANNED, TrancheStatus.RETURNED)


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
