"""Programme figures about calls after the decision: coded reasons, failed eligibility rules,
open appeals and the outcome surveys. Re-exported by challenges.reports (import from there).
"""

from __future__ import annotations

from django.db import connections
from django.db.models import Avg, Count, F, Q

from challenges.models import Appeal, AppealStatus
from challenges.models.outcomes import OutcomeResponse
from challenges.reports_base import S, _applications

# What a snapshot holding at least one failed (or excepted) rule contains.
FAILED_RULE = {"rules": [{"passed": False}]}


def reasons_by_call(challenge_ids=None, since=None, until=None) -> list[dict]:
    """Per call, ineligible and not-selected applications per coded reason (None: no reason),
    call by call, most first within a call. One query."""
    rows = (
        _applications(challenge_ids, since, until)
        .filter(status__in=[S.INELIGIBLE, S.NOT_SELECTED])
        .values(
            "challenge_id",
            "challenge__slug",
            "status",
            "decision_reason__code",
            "decision_reason__label_ko",
            "decision_reason__label_en",
        )
        .annotate(count=Count("pk"))
        .order_by("challenge__slug", "-count", F("decision_reason__code").asc(nulls_last=True))
    )
    return [
        {
            "challenge": row["challenge__slug"],
            "status": row["status"],
            "code": row["decision_reason__code"],
            "label_ko": row["decision_reason__label_ko"],
            "label_en": row["decision_reason__label_en"],
            "count": row["count"],
        }
        for row in rows
    ]


def failed_rules_by_call(challenge_ids=None, since=None, until=None) -> list[dict]:
    """Per call, how many submitted applications failed each eligibility rule in the result
    frozen at submission (a rule let through by a staff exception counts as failed too: the
    exception is the answer to the failure; an excepted rule is stored as not passed). One
    query; counting happens here. On PostgreSQL only the snapshots holding a failed rule are
    read, found through a GIN index (migration 0018), not every application's snapshot."""
    counts: dict[tuple[str, str], int] = {}
    snapshots = _applications(challenge_ids, since, until, submitted=True).exclude(
        eligibility_snapshot__isnull=True
    )
    if connections[snapshots.db].vendor == "postgresql":
        snapshots = snapshots.filter(eligibility_snapshot__contains=FAILED_RULE)
    rows = snapshots.values_list("challenge__slug", "eligibility_snapshot")
    for slug, snapshot in rows.iterator(chunk_size=2000):
        for rule in (snapshot or {}).get("rules", []):
            if not rule.get("passed") or rule.get("excepted"):
                counts[(slug, rule["code"])] = counts.get((slug, rule["code"]), 0) + 1
    return [
        {"challenge": slug, "rule": code, "count": count}
        for (slug, code), count in sorted(counts.items(), key=lambda item: (item[0][0], -item[1]))
    ]


def open_appeals(challenge_ids=None, *, limit: int = 20) -> list[dict]:
    """Appeals not yet decided, the soonest due first, with the startup's name (staff only).
    One query."""
    queryset = Appeal.objects.filter(status__in=[AppealStatus.OPEN, AppealStatus.IN_REVIEW])
    if challenge_ids:
        queryset = queryset.filter(application__challenge_id__in=challenge_ids)
    rows = queryset.order_by("due_at", "pk").values(
        "due_at", "status", "application__startup__name", "application__challenge__slug"
    )[:limit]
    return [
        {
            "due_at": row["due_at"],
            "status": row["status"],
            "startup": row["application__startup__name"],
            "challenge": row["application__challenge__slug"],
        }
        for row in rows
    ]


# A mean of fewer answers than this is not shown: with a handful of companies it would
# tell who said what (and mean little).
SMALLEST_MEAN_SAMPLE = 5


def outcome_comparison(challenge_ids=None) -> list[dict]:
    """Outcome surveys, selected next to not selected, per call and year after the results:
    asked, answered, response rate and the means of the answers. A mean over fewer than
    SMALLEST_MEAN_SAMPLE answers is None (shown as "n < 5"). One query; no names."""

    queryset = OutcomeResponse.objects.all()
    if challenge_ids:
        queryset = queryset.filter(survey__challenge_id__in=challenge_ids)
    answered = Q(submitted_at__isnull=False)
    rows = (
        queryset.values(
            "survey__challenge_id",
            "survey__challenge__title_ko",
            "survey__challenge__title_en",
            "survey__years_after",
            "selected",
        )
        .annotate(
            asked=Count("pk"),
            answered=Count("pk", filter=answered),
            operating=Count("pk", filter=answered & Q(still_operating=True)),
            employees=Avg("employees", filter=answered),
            investment=Avg("investment_krw", filter=answered),
            patents=Avg("patents_filed", filter=answered),
            help=Avg("help_rating", filter=answered),
        )
        .order_by("survey__challenge_id", "survey__years_after", "-selected")
    )
    result = []
    for row in rows:
        enough = row["answered"] >= SMALLEST_MEAN_SAMPLE
        result.append(
            {
                "challenge_id": row["survey__challenge_id"],
                "title_ko": row["survey__challenge__title_ko"],
                "title_en": row["survey__challenge__title_en"],
                "years_after": row["survey__years_after"],
                "selected": row["selected"],
                "asked": row["asked"],
                "answered": row["answered"],
                "response_rate": row["answered"] / row["asked"] if row["asked"] else None,
                "operating_share": row["operating"] / row["answered"] if enough else None,
                "mean_employees": row["employees"] if enough else None,
                "mean_investment_krw": round(row["investment"])
                if enough and row["investment"] is not None
                else None,
                "mean_patents_filed": row["patents"] if enough else None,
                "mean_help_rating": row["help"] if enough else None,
            }
        )
    return result
