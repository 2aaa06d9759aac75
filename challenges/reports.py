"""Programme figures about calls: aggregates for the dashboard and the funders' reports.

Each function is one aggregate query (GROUP BY in the database) whatever the number of
applications, and returns plain dicts and numbers: no model instances, nothing personal
unless the name says so (`review_progress` names reviewers, `next_payments` names startups:
staff only). `challenge_ids` narrows to some calls; `since`/`until` (aware datetimes, `until`
exclusive) to applications submitted in a period.
"""

from __future__ import annotations

from datetime import datetime
from itertools import pairwise

from django.db.models import Avg, Count, F, Q, Sum
from django.db.models.functions import Floor
from django.utils import timezone

from accounts.models import TherapeuticArea, User
from challenges.models import (
    Challenge,
    GrantStatus,
    Review,
    ReviewAssignment,
    RubricCriterion,
    Score,
    Tranche,
    TrancheStatus,
)
from challenges.ranking import ranking_for
from challenges.reports_base import S, _applications
from challenges.reports_outcomes import (
    SMALLEST_MEAN_SAMPLE,
    failed_rules_by_call,
    open_appeals,
    outcome_comparison,
    reasons_by_call,
)

__all__ = [
    "AGE_BUCKETS",
    "FUNNEL_STAGES",
    "SMALLEST_MEAN_SAMPLE",
    "budgets",
    "by_area",
    "by_company_age",
    "by_district",
    "conversion",
    "failed_rules_by_call",
    "next_payments",
    "open_appeals",
    "outcome_comparison",
    "ranking_with_cutoff",
    "reasons_by_call",
    "rejection_reasons",
    "review_progress",
    "score_spread",
    "startup_profile",
    "status_counts",
    "tranche_pipeline",
]

# The funnel's stages and the statuses that have reached each (an application that was not
# selected after the shortlist counts as having stopped at review: the status does not say).
FUNNEL_STAGES: list[tuple[str, set[str] | None]] = [
    ("started", None),
    ("submitted", None),  # submitted_at is set
    ("reviewed", {S.UNDER_REVIEW, S.SHORTLISTED, S.INTERVIEW, S.SELECTED, S.NOT_SELECTED}),
    ("shortlisted", {S.SHORTLISTED, S.INTERVIEW, S.SELECTED}),
    ("selected", {S.SELECTED}),
]
# Company age buckets, in whole years between the business start and the call's close.
AGE_BUCKETS = [("0-2", 0, 2), ("3-4", 3, 4), ("5-7", 5, 7), ("8+", 8, 10_000)]


def status_counts(challenge_ids=None, since=None, until=None) -> dict:
    """Applications per status, plus how many reached each funnel stage. One query."""
    counts = {status: Count("pk", filter=Q(status=status)) for status in S.values}
    counts["started"] = Count("pk")
    counts["submitted_any"] = Count("pk", filter=Q(submitted_at__isnull=False))
    for stage, statuses in FUNNEL_STAGES[2:]:
        counts[f"stage_{stage}"] = Count("pk", filter=Q(status__in=statuses))
    row = _applications(challenge_ids, since, until).aggregate(**counts)
    stages = {
        "started": row["started"],
        "submitted": row["submitted_any"],
        **{stage: row[f"stage_{stage}"] for stage, _statuses in FUNNEL_STAGES[2:]},
    }
    return {"by_status": {status: row[status] for status in S.values}, "stages": stages}


def conversion(stages: dict) -> dict:
    """Each stage as a share (0–1) of the one before it; None where the one before is 0."""
    names = [stage for stage, _ in FUNNEL_STAGES]
    result = {names[0]: None}
    for before, after in pairwise(names):
        result[after] = stages[after] / stages[before] if stages[before] else None
    return result


def by_area(challenge_ids=None, since=None, until=None) -> list[dict]:
    """Submitted applications per therapeutic area (None: not given), most first. One
    aggregate on the applications grouped by area id, then the few areas' names."""
    counts = dict(
        _applications(challenge_ids, since, until, submitted=True)
        .values_list("therapeutic_area_id")
        .annotate(count=Count("*"))
        .order_by()
    )
    areas = {
        area["pk"]: area
        for area in TherapeuticArea.objects.filter(pk__in=[pk for pk in counts if pk]).values(
            "pk", "slug", "name_ko", "name_en"
        )
    }
    nobody = {"slug": None, "name_ko": None, "name_en": None}
    rows = [
        {
            "slug": areas.get(pk, nobody)["slug"],
            "name_ko": areas.get(pk, nobody)["name_ko"],
            "name_en": areas.get(pk, nobody)["name_en"],
            "count": count,
        }
        for pk, count in counts.items()
    ]
    # Most first, then by slug with "not given" last (as ORDER BY slug NULLS LAST).
    rows.sort(key=lambda row: (-row["count"], row["slug"] is None, row["slug"] or ""))
    return rows


def startup_profile(challenge_ids=None, since=None, until=None) -> dict:
    """Submitted applications by the applying startup: per district as stored ("" outside
    Seoul) and per company age (see `by_company_age`), from one aggregate joining the
    startups once, grouped by (call, district, kind, founding year): a few thousand groups
    at most. The calls' closing years come from a second small query."""
    rows = list(
        _applications(challenge_ids, since, until, submitted=True)
        .values("challenge_id", "startup__district", "startup__kind", "startup__founded_on__year")
        .annotate(count=Count("*"))
        .order_by()
    )
    closes_in = {
        call.pk: timezone.localtime(call.closes_at).year
        for call in Challenge.objects.filter(pk__in={row["challenge_id"] for row in rows}).only(
            "pk", "closes_at"
        )
    }
    districts: dict[str, int] = {}
    for row in rows:
        districts[row["startup__district"]] = (
            districts.get(row["startup__district"], 0) + row["count"]
        )
        row["challenge__closes_at__year"] = closes_in[row["challenge_id"]]
    return {"districts": districts, "ages": _age_buckets(rows)}


def by_district(challenge_ids=None, since=None, until=None) -> dict[str, int]:
    """Submitted applications per startup district as stored ("" outside Seoul)."""
    return startup_profile(challenge_ids, since, until)["districts"]


def by_company_age(challenge_ids=None, since=None, until=None) -> dict[str, int]:
    """Submitted applications by pre-founder or company age at the call's close."""
    return startup_profile(challenge_ids, since, until)["ages"]


def _age_buckets(rows) -> dict[str, int]:
    result = {"pre_founder": 0, **{name: 0 for name, _low, _high in AGE_BUCKETS}, "unknown": 0}
    for row in rows:
        founded, closes = row["startup__founded_on__year"], row["challenge__closes_at__year"]
        if row["startup__kind"] == "pre_founder":
            key = "pre_founder"
        elif founded is None:
            key = "unknown"
        else:
            age = max(closes - founded, 0)
            key = next(name for name, low, high in AGE_BUCKETS if low <= age <= high)
        result[key] += row["count"]
    return result


def rejection_reasons(challenge_ids=None, since=None, until=None) -> list[dict]:
    """Ineligible and not-selected applications per coded reason, most first. One query."""
    rows = (
        _applications(challenge_ids, since, until)
        .filter(status__in=[S.INELIGIBLE, S.NOT_SELECTED])
        .values("decision_reason__code", "decision_reason__label_ko", "decision_reason__label_en")
        .annotate(count=Count("pk"))
        .order_by("-count", F("decision_reason__code").asc(nulls_last=True))
    )
    return [
        {
            "code": row["decision_reason__code"],
            "label_ko": row["decision_reason__label_ko"],
            "label_en": row["decision_reason__label_en"],
            "count": row["count"],
        }
        for row in rows
    ]


def review_progress(challenge_ids=None, *, now: datetime | None = None) -> list[dict]:
    """Per reviewer: assigned, done (submitted), overdue (not done, past due). One aggregate
    over the assignments alone (their own `review_submitted` flag, grouped by reviewer id),
    then the few reviewers' names. Names reviewers: for staff only."""
    now = now or timezone.now()
    queryset = ReviewAssignment.objects.all()
    if challenge_ids:
        queryset = queryset.filter(application__challenge_id__in=challenge_ids)
    done = Q(review_submitted=True)
    rows = list(
        queryset.values("reviewer_id")
        .annotate(
            assigned=Count("*"),
            done=Count("pk", filter=done),
            overdue=Count("pk", filter=Q(review_submitted=False, due_at__lt=now)),
        )
        .order_by()
    )
    users = {
        user["pk"]: user
        for user in User.objects.filter(pk__in=[row["reviewer_id"] for row in rows]).values(
            "pk", "name", "email"
        )
    }
    rows.sort(
        key=lambda row: (
            -row["overdue"],
            users[row["reviewer_id"]]["name"],
            row["reviewer_id"],
        )
    )
    return [
        {
            "reviewer": users[row["reviewer_id"]]["name"] or users[row["reviewer_id"]]["email"],
            "assigned": row["assigned"],
            "done": row["done"],
            "overdue": row["overdue"],
        }
        for row in rows
    ]


def score_spread(challenge_ids=None) -> dict[int, int]:
    """Submitted reviews per whole-point band of the weighted score (3 = 3.0–3.99). One query."""
    queryset = Review.objects.filter(submitted_at__isnull=False, weighted_score__isnull=False)
    if challenge_ids:
        queryset = queryset.filter(assignment__application__challenge_id__in=challenge_ids)
    rows = (
        queryset.annotate(band=Floor("weighted_score"))
        .values("band")
        .annotate(count=Count("pk"))
        .order_by("band")
    )
    return {int(row["band"]): row["count"] for row in rows}


def budgets(challenge_ids=None) -> list[dict]:
    """Per call: budget, awarded (live grants), paid, remaining, in KRW. Two small queries:
    the paid tranches of live grants summed per call (starting from the tranches, not from
    every application), then the calls."""
    queryset = Challenge.objects.all()
    tranches = Tranche.objects.filter(status=TrancheStatus.PAID).exclude(
        grant__status=GrantStatus.CANCELLED
    )
    if challenge_ids:
        queryset = queryset.filter(pk__in=challenge_ids)
        tranches = tranches.filter(grant__application__challenge_id__in=challenge_ids)
    paid = dict(
        tranches.values_list("grant__application__challenge_id")
        .annotate(paid=Sum("amount"))
        .order_by()
    )
    rows = queryset.order_by("-opens_at", "pk").values(
        "pk", "slug", "title_ko", "title_en", "total_budget", "awarded_total"
    )
    return [
        {
            "slug": row["slug"],
            "title_ko": row["title_ko"],
            "title_en": row["title_en"],
            "budget": row["total_budget"],
            "awarded": row["awarded_total"],
            "paid": paid.get(row["pk"]) or 0,
            "remaining": row["total_budget"] - row["awarded_total"],
        }
        for row in rows
    ]


def tranche_pipeline(challenge_ids=None) -> dict[str, dict]:
    """Tranches of live grants per status: how many and how much (KRW). One query."""
    queryset = Tranche.objects.exclude(grant__status=GrantStatus.CANCELLED)
    if challenge_ids:
        queryset = queryset.filter(grant__application__challenge_id__in=challenge_ids)
    rows = queryset.values("status").annotate(count=Count("pk"), amount=Sum("amount"))
    found = {row["status"]: row for row in rows}
    return {
        status: {
            "count": found.get(status, {}).get("count", 0),
            "amount": found.get(status, {}).get("amount") or 0,
        }
        for status in TrancheStatus.values
    }


def next_payments(challenge_ids=None, *, limit: int = 10) -> list[dict]:
    """Approved tranches not paid yet, soonest due first. One query. Names startups: staff."""
    queryset = Tranche.objects.filter(status=TrancheStatus.APPROVED).exclude(
        grant__status=GrantStatus.CANCELLED
    )
    if challenge_ids:
        queryset = queryset.filter(grant__application__challenge_id__in=challenge_ids)
    return list(
        queryset.order_by("due_on", "pk").values(
            "due_on", "amount", "sequence", startup=F("grant__application__startup__name")
        )[:limit]
    )


def ranking_with_cutoff(challenge: Challenge) -> dict:
    """The call's ranking (best normalised rank first) with each application's requested
    amount, the running total, whether it is inside the budget, and its per-criterion means.

    The cut-off falls after the last application whose running total of requested amounts
    stays within the call's total budget. Six queries whatever the number of applications.
    """
    ranked = ranking_for(challenge)
    means: dict[int, dict[int, float]] = {}
    criteria_rows = (
        Score.objects.filter(
            review__assignment__application__challenge=challenge,
            review__submitted_at__isnull=False,
            value__isnull=False,
        )
        .values("review__assignment__application_id", "criterion_id")
        .annotate(mean=Avg("value"))
    )
    for row in criteria_rows:
        means.setdefault(row["review__assignment__application_id"], {})[row["criterion_id"]] = row[
            "mean"
        ]
    rows, running, cutoff_after = [], 0, None
    for result, application in ranked.rows:
        requested = (application.requested_grant_amount if application else None) or 0
        running += requested
        funded = running <= challenge.total_budget
        if funded:
            cutoff_after = len(rows)
        rows.append(
            {
                "application_id": result.application_id,
                "startup": application.startup.name if application else "",
                "raw_mean": result.raw_mean,
                "normalised": result.normalised,
                "normalised_rank": result.normalised_rank,
                "requested": requested,
                "running_total": running,
                "within_budget": funded,
                "criterion_means": means.get(result.application_id, {}),
            }
        )
    criteria = list(
        RubricCriterion.objects.filter(challenge=challenge)
        .order_by("sort_order", "pk")
        .values("pk", "name_ko", "name_en")
    )
    return {
        "rows": rows,
        "cutoff_index": cutoff_after,
        "budget": challenge.total_budget,
        "criteria": criteria,
    }
