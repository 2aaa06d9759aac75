"""Review ranking: raw and reviewer-normalised ranks of a challenge's applications.

Three layers, each usable on its own:

- `rank(rows)` is pure arithmetic over `ReviewRow`s (no ORM), so it can be tested by hand
  and runs in linear time: a few dict passes over the rows, then one sort per ranking.
- `load_review_rows(challenge)` and `ranking_for(challenge)` read the database with a fixed
  number of queries (1 and 3), whatever the number of applications.
- `challenges.ranking_exports` writes a ranking as CSV or Excel with translated headers.

Only submitted reviews count; a draft has no score yet. Applications without a submitted
review are not in the ranking at all. Every application that has one is, whatever its status
(withdrawn or ineligible included): the status is a column, and staff decide what it means.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.contrib.auth import get_user_model

from challenges.models import Application, Challenge, Review
from core.collector import collector_paused

# A spread (highest − lowest score of one application) this wide on the 1–5 scale means the
# reviewers disagree enough for staff to read the reviews before trusting the mean.
DISAGREEMENT_THRESHOLD = 1.5
# Scores are sums of floats, so two applications that tie on paper can differ in the 16th
# digit; they are compared (for ranks and the disagreement flag) to this many decimals.
TIE_DECIMALS = 9


@dataclass(frozen=True, slots=True)
class ReviewRow:
    """One submitted review: who scored which application, and its weighted score."""

    application_id: int
    reviewer_id: int
    score: float


@dataclass(frozen=True, slots=True)
class ApplicationResult:
    """An application's numbers. Ranks start at 1 (best); equal scores share a rank."""

    application_id: int
    reviews: int
    raw_mean: float  # mean of the reviews' weighted scores
    spread: float  # highest − lowest score (0 with a single review)
    sd: float  # population standard deviation of the scores
    high_disagreement: bool  # spread >= the threshold
    normalised: float  # mean of the reviewers' z-scores (see `rank`)
    raw_rank: int
    normalised_rank: int


@dataclass(frozen=True, slots=True)
class ReviewerStats:
    """How one reviewer scores across the challenge: their yardstick for the z-scores."""

    reviewer_id: int
    count: int
    mean: float
    sd: float  # population standard deviation; 0 means the reviewer's z-scores are all 0


@dataclass(frozen=True)
class Ranking:
    """Applications best first (normalised rank, then raw rank, then id); reviewers by id."""

    applications: tuple[ApplicationResult, ...]
    reviewers: tuple[ReviewerStats, ...]
    disagreement_threshold: float = DISAGREEMENT_THRESHOLD


@collector_paused()  # builds one result per application and no reference cycles
def rank(
    reviews: Iterable[ReviewRow], *, disagreement_threshold: float = DISAGREEMENT_THRESHOLD
) -> Ranking:
    """Rank applications by their raw mean and by a mean corrected for harsh/lenient reviewers.

    Normalisation: each reviewer's scores are standardised against that reviewer's own mean
    and population standard deviation over all their reviews in `reviews`,
    z = (score − mean_r) / sd_r, and an application's normalised score is the mean of its
    reviews' z. A reviewer with a single review, or who gave every application the same
    score, has sd_r = 0: their z is 0 rather than a division by zero. Such a reviewer says
    nothing about which of their applications is better than another, so their review counts
    as "average for this reviewer"; it still counts in the application's number of reviews,
    and it pulls the normalised score towards 0 rather than being left out.

    Ranks are competition ranks ("1, 1, 3"): tied applications share the best rank and the
    next one skips, so a rank always says how many applications did better. Scores are
    compared to TIE_DECIMALS decimals, so float noise never breaks a tie.

    Linear in the number of reviews: three passes of dict updates, then one sort per rank.
    """
    rows = reviews if isinstance(reviews, list | tuple) else list(reviews)

    # Pass 1: count, total, lowest and highest score per reviewer and per application.
    per_reviewer: dict[int, list[float]] = {}
    per_application: dict[int, list[float]] = {}
    for row in rows:
        score = row.score
        if not math.isfinite(score):
            raise ValueError(f"Review of application {row.application_id} has no finite score.")
        for accumulators, key in (
            (per_reviewer, row.reviewer_id),
            (per_application, row.application_id),
        ):
            acc = accumulators.get(key)
            if acc is None:
                accumulators[key] = [1, score, score, score]
            else:
                acc[0] += 1
                acc[1] += score
                if score < acc[2]:
                    acc[2] = score
                elif score > acc[3]:
                    acc[3] = score
    reviewer_mean = {key: acc[1] / acc[0] for key, acc in per_reviewer.items()}
    application_mean = {key: acc[1] / acc[0] for key, acc in per_application.items()}

    # Pass 2: squared deviations from the means (two passes are numerically stable).
    reviewer_squares = dict.fromkeys(per_reviewer, 0.0)
    application_squares = dict.fromkeys(per_application, 0.0)
    for row in rows:
        deviation = row.score - reviewer_mean[row.reviewer_id]
        reviewer_squares[row.reviewer_id] += deviation * deviation
        deviation = row.score - application_mean[row.application_id]
        application_squares[row.application_id] += deviation * deviation
    reviewer_sd = {
        key: math.sqrt(reviewer_squares[key] / acc[0]) for key, acc in per_reviewer.items()
    }
    # Only reviewers who gave at least two different scores have a yardstick. Testing
    # highest > lowest (not sd > 0) keeps equal scores from yielding z = noise / tiny sd.
    yardstick = {
        key: (reviewer_mean[key], reviewer_sd[key])
        for key, acc in per_reviewer.items()
        if acc[3] > acc[2]
    }

    # Pass 3: z-scores summed per application.
    z_total = dict.fromkeys(per_application, 0.0)
    for row in rows:
        scale = yardstick.get(row.reviewer_id)
        if scale is not None:
            z_total[row.application_id] += (row.score - scale[0]) / scale[1]

    # From here on, lists aligned by position over the applications in ascending id, not
    # dicts: with 100,000 applications, looking ids up in the order of their scores (at
    # random in memory) cost more than all the arithmetic above.
    ids = sorted(per_application)
    accumulated = [per_application[key] for key in ids]
    raw_means = [application_mean[key] for key in ids]
    normalised = [z_total[key] / acc[0] for key, acc in zip(ids, accumulated, strict=True)]
    raw_order, raw_ranks = _competition_ranks(raw_means, range(len(ids)))
    # Best first by the normalised score; equal ones keep the raw order (a stable sort), which
    # lists them by raw rank, then by id.
    best_first, normalised_ranks = _competition_ranks(normalised, raw_order)
    threshold = round(disagreement_threshold, TIE_DECIMALS)
    results = [
        ApplicationResult(
            application_id=key,
            reviews=int(acc[0]),
            raw_mean=raw_mean,
            spread=acc[3] - acc[2],
            sd=math.sqrt(application_squares[key] / acc[0]),
            high_disagreement=round(acc[3] - acc[2], TIE_DECIMALS) >= threshold,
            normalised=normalised_score,
            raw_rank=raw_rank,
            normalised_rank=normalised_rank,
        )
        for key, acc, raw_mean, normalised_score, raw_rank, normalised_rank in zip(
            ids, accumulated, raw_means, normalised, raw_ranks, normalised_ranks, strict=True
        )
    ]
    reviewers = tuple(
        ReviewerStats(
            reviewer_id=key, count=int(acc[0]), mean=reviewer_mean[key], sd=reviewer_sd[key]
        )
        for key, acc in sorted(per_reviewer.items())
    )
    return Ranking(
        tuple(results[position] for position in best_first), reviewers, disagreement_threshold
    )


def _competition_ranks(
    values: Sequence[float], positions: Iterable[int]
) -> tuple[list[int], list[int]]:
    """The `positions` of `values` best first, and each position's rank: 1 for the highest
    value; equal values share a rank and the next rank skips. Equal values stay in the order
    `positions` gives them (a stable sort, also with reverse=True)."""
    rounded = [round(value, TIE_DECIMALS) for value in values]
    best_first = sorted(positions, key=rounded.__getitem__, reverse=True)
    ranks = [0] * len(rounded)
    previous, current = None, 0
    for place, position in enumerate(best_first, start=1):
        if rounded[position] != previous:
            previous, current = rounded[position], place
        ranks[position] = current
    return best_first, ranks


# Reads ------------------------------------------------------------------------------------


def load_review_rows(challenge: Challenge) -> list[ReviewRow]:
    """The challenge's submitted reviews as rows, in one query.

    Drafts (not submitted) are left out, and so is a submitted review whose criteria were all
    n/a: it has no weighted score to rank by.
    """
    rows = (
        Review.objects.filter(
            assignment__application__challenge=challenge,
            submitted_at__isnull=False,
            weighted_score__isnull=False,
        )
        .order_by("assignment__application_id", "assignment__reviewer_id")
        .values_list("assignment__application_id", "assignment__reviewer_id", "weighted_score")
    )
    return [
        ReviewRow(application_id, reviewer_id, score) for application_id, reviewer_id, score in rows
    ]


@dataclass(frozen=True)
class ChallengeRanking:
    """A challenge's ranking with what the admin page and the exports show beside it.

    `applications` maps application id to the Application (startup and therapeutic area
    already joined); `reviewer_names` maps reviewer id to a display name.
    """

    ranking: Ranking
    applications: dict[int, Application]
    reviewer_names: dict[int, str]

    @property
    def rows(self) -> list[tuple[ApplicationResult, Application | None]]:
        """(numbers, application) pairs, best normalised rank first; for templates."""
        return [(r, self.applications.get(r.application_id)) for r in self.ranking.applications]

    @property
    def reviewer_rows(self) -> list[tuple[ReviewerStats, str]]:
        """(stats, name) pairs by reviewer id."""
        return [(r, self.reviewer_names.get(r.reviewer_id, "")) for r in self.ranking.reviewers]


def ranking_for(
    challenge: Challenge, *, disagreement_threshold: float = DISAGREEMENT_THRESHOLD
) -> ChallengeRanking:
    """Rank a challenge's applications. Three queries (one without any submitted review):
    the review rows, the applications with startup and area, the reviewers' names."""
    ranking = rank(load_review_rows(challenge), disagreement_threshold=disagreement_threshold)
    if not ranking.applications:
        return ChallengeRanking(ranking, {}, {})
    applications = Application.objects.filter(
        challenge=challenge, pk__in=[r.application_id for r in ranking.applications]
    ).select_related("startup", "therapeutic_area")
    reviewers = get_user_model().objects.filter(pk__in=[r.reviewer_id for r in ranking.reviewers])
    return ChallengeRanking(
        ranking,
        {application.pk: application for application in applications},
        {pk: name or email for pk, name, email in reviewers.values_list("pk", "name", "email")},
    )
