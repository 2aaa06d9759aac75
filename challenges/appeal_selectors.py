"""Reads for the appeals committee's pages, the home page's tasks and the overdue flag."""

from datetime import datetime

from django.db.models import Case, IntegerField, Prefetch, Q, Value, When

from challenges.models import (
    Appeal,
    AppealCommitteeMember,
    AppealStatus,
    Application,
    Review,
    RubricCriterion,
    Score,
)

DECIDED = (AppealStatus.UPHELD, AppealStatus.OVERTURNED)


def appeal_seats(user):
    """The person's seats on appeals committees, decided appeals included."""
    return AppealCommitteeMember.objects.filter(member=user)


def overdue_q(now: datetime, prefix: str = "") -> Q:
    """Appeals past their decision date and not decided (`prefix` e.g. "appeal__")."""
    return Q(**{f"{prefix}due_at__lt": now}) & ~Q(**{f"{prefix}status__in": DECIDED})


def committee_queue(user):
    """The person's seats: findings still to write first (soonest due), then the rest, the
    latest due first. One query."""
    waiting = Q(appeal__status=AppealStatus.IN_REVIEW, reviewed_at__isnull=True)
    return (
        appeal_seats(user)
        .select_related("appeal__application__challenge", "appeal__application__startup")
        .annotate(
            waiting=Case(
                When(waiting, then=Value(0)), default=Value(1), output_field=IntegerField()
            )
        )
        .order_by("waiting", "appeal__due_at", "pk")
    )


def pending_findings(user):
    """Seats whose appeal is with the committee and whose finding is not written yet."""
    return (
        appeal_seats(user)
        .filter(appeal__status=AppealStatus.IN_REVIEW, reviewed_at__isnull=True)
        .select_related("appeal__application__challenge", "appeal__application__startup")
        .order_by("appeal__due_at", "pk")
    )


def appeal_for_committee(pk: int) -> Appeal:
    """One appeal with what its committee page shows (raises Appeal.DoesNotExist)."""
    return (
        Appeal.objects.select_related(
            "application__challenge",
            "application__startup",
            "application__therapeutic_area",
            "application__decision_reason",
        )
        .prefetch_related(
            "grounds",
            "documents",
            Prefetch(
                "members",
                queryset=AppealCommitteeMember.objects.select_related("member").order_by("pk"),
            ),
        )
        .get(pk=pk)
    )


def anonymous_reviews(application: Application) -> dict:
    """The application's submitted reviews as "Review 1", "Review 2"..., never naming the
    reviewer: per criterion the score and comment, the weighted total, the recommendation.
    Three queries whatever the number of reviews."""
    criteria = list(RubricCriterion.objects.filter(challenge=application.challenge_id))
    reviews = list(
        Review.objects.filter(assignment__application=application, submitted_at__isnull=False)
        .prefetch_related(Prefetch("scores", queryset=Score.objects.order_by("pk")))
        .order_by("submitted_at", "pk")
    )
    rows = []
    for number, review in enumerate(reviews, start=1):
        scores = {score.criterion_id: score for score in review.scores.all()}
        rows.append(
            {
                "number": number,
                "review": review,
                "rows": [
                    {"criterion": c, "score": scores.get(c.pk), "answered": c.pk in scores}
                    for c in criteria
                ],
                "total": review.weighted_score,
            }
        )
    return {
        "reviews": rows,
        "scale_max": max((c.scale_max for c in criteria), default=5),
    }
