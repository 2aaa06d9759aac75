"""Review ranking: the arithmetic by hand, and the loader against the database (the exports
are in test_ranking_exports.py)."""

import gc
import math
import random
from itertools import pairwise
from operator import attrgetter

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from challenges.models import ApplicationStatus
from challenges.ranking import (
    DISAGREEMENT_THRESHOLD,
    TIE_DECIMALS,
    ReviewerStats,
    ReviewRow,
    load_review_rows,
    rank,
    ranking_for,
)
from challenges.services.review import save_review, submit_review
from tests import factories

A, B, C, D = 1, 2, 3, 4
HARSH, LENIENT, MIDDLE = 10, 20, 30

# The worked example. H is harsh and only reviews A and B; L is lenient and only
# reviews C and D; M reviews all four and orders them A > C > B > D.
#
#            A      B      C      D     reviewer mean   reviewer sd (population)
#   H      2.0    1.5                       1.75        sqrt((.25² + .25²) / 2)  = 0.25
#   L                    4.5    4.0         4.25        sqrt((.25² + .25²) / 2)  = 0.25
#   M    3.875  2.875  3.125  2.125         3.0         sqrt((.875² + .125² + .125² + .875²)
#                                                            / 4) = sqrt(0.390625) = 0.625
# z = (score − reviewer mean) / reviewer sd:
#   H    +1     −1                           (±0.25 / 0.25)
#   L                   +1     −1            (±0.25 / 0.25)
#   M    +1.4   −0.2   +0.2   −1.4           (0.875 / 0.625 = 1.4; 0.125 / 0.625 = 0.2)
#
#   raw mean    A (2.0 + 3.875) / 2 = 2.9375   B (1.5 + 2.875) / 2 = 2.1875
#               C (4.5 + 3.125) / 2 = 3.8125   D (4.0 + 2.125) / 2 = 3.0625
#   → raw order C > D > A > B: C and D come first only because L is lenient, and D, which
#     both of its reviewers put last, beats A, which both of its reviewers put first.
#   normalised  A (1 + 1.4) / 2 = 1.2     B (−1 − 0.2) / 2 = −0.6
#               C (1 + 0.2) / 2 = 0.6     D (−1 − 1.4) / 2 = −1.2
#   → normalised order A > C > B > D, which is M's order and agrees with H and L.
#   spread      A 3.875 − 2.0 = 1.875 (≥ 1.5: flagged)   B 2.875 − 1.5 = 1.375
#               C 4.5 − 3.125 = 1.375                    D 4.0 − 2.125 = 1.875 (flagged)
WORKED_EXAMPLE = [
    ReviewRow(A, HARSH, 2.0),
    ReviewRow(B, HARSH, 1.5),
    ReviewRow(C, LENIENT, 4.5),
    ReviewRow(D, LENIENT, 4.0),
    ReviewRow(A, MIDDLE, 3.875),
    ReviewRow(B, MIDDLE, 2.875),
    ReviewRow(C, MIDDLE, 3.125),
    ReviewRow(D, MIDDLE, 2.125),
]


def by_application(ranking):
    return {r.application_id: r for r in ranking.applications}


def test_rank_worked_example_normalisation_corrects_harsh_and_lenient_reviewers():
    ranking = rank(WORKED_EXAMPLE)
    results = by_application(ranking)

    assert [results[k].raw_mean for k in (A, B, C, D)] == [2.9375, 2.1875, 3.8125, 3.0625]
    assert [results[k].raw_rank for k in (A, B, C, D)] == [3, 4, 1, 2]
    assert [results[k].normalised for k in (A, B, C, D)] == pytest.approx([1.2, -0.6, 0.6, -1.2])
    assert [results[k].normalised_rank for k in (A, B, C, D)] == [1, 3, 2, 4]
    # Best normalised first.
    assert [r.application_id for r in ranking.applications] == [A, C, B, D]


def test_rank_worked_example_spread_and_disagreement():
    results = by_application(rank(WORKED_EXAMPLE))

    assert [results[k].reviews for k in (A, B, C, D)] == [2, 2, 2, 2]
    assert [results[k].spread for k in (A, B, C, D)] == [1.875, 1.375, 1.375, 1.875]
    assert [results[k].sd for k in (A, B, C, D)] == [0.9375, 0.6875, 0.6875, 0.9375]
    assert [results[k].high_disagreement for k in (A, B, C, D)] == [True, False, False, True]


def test_rank_worked_example_reviewer_stats():
    assert rank(WORKED_EXAMPLE).reviewers == (
        ReviewerStats(reviewer_id=HARSH, count=2, mean=1.75, sd=0.25),
        ReviewerStats(reviewer_id=LENIENT, count=2, mean=4.25, sd=0.25),
        ReviewerStats(reviewer_id=MIDDLE, count=4, mean=3.0, sd=0.625),
    )


def test_rank_reviewer_with_a_single_review_has_z_zero():
    # Reviewer 10 gives A and B 5.0 and 1.0 (z = +1, −1); reviewer 20 reviews only B.
    ranking = rank([ReviewRow(A, 10, 5.0), ReviewRow(B, 10, 1.0), ReviewRow(B, 20, 4.0)])
    results = by_application(ranking)

    assert results[A].normalised == 1.0
    assert results[B].normalised == -0.5  # (−1 + 0) / 2: reviewer 20 adds no information
    assert ranking.reviewers[1] == ReviewerStats(reviewer_id=20, count=1, mean=4.0, sd=0.0)


def test_rank_reviewer_with_equal_scores_has_z_zero_despite_float_noise():
    # 3 × 1.35 / 3 is 1.3500000000000003 in floats: computed naively, the sd would be
    # 2.2e-16 and every z would be −1. A reviewer whose scores are all equal has z = 0.
    ranking = rank([ReviewRow(k, 10, 1.35) for k in (A, B, C)])

    assert [r.normalised for r in ranking.applications] == [0.0, 0.0, 0.0]
    assert [r.normalised_rank for r in ranking.applications] == [1, 1, 1]
    assert all(math.isfinite(r.normalised) for r in ranking.applications)
    assert ranking.reviewers[0].count == 3


def test_rank_only_uninformative_reviewers_gives_zero_everywhere():
    ranking = rank([ReviewRow(A, 10, 3.0), ReviewRow(B, 20, 5.0)])

    # Both tie on the normalised score; the raw rank orders the tie.
    assert [(r.application_id, r.normalised, r.normalised_rank) for r in ranking.applications] == [
        (B, 0.0, 1),
        (A, 0.0, 1),
    ]
    assert [(r.application_id, r.raw_rank) for r in ranking.applications] == [(B, 1), (A, 2)]


def test_rank_ties_share_a_competition_rank():
    # Raw means: A 4.0, B 4.0, C 3.0, D 2.0 → 1, 1, 3, 4 (the rank after a tie skips).
    rows = [
        ReviewRow(A, 10, 4.0),
        ReviewRow(B, 10, 4.0),
        ReviewRow(C, 10, 3.0),
        ReviewRow(D, 10, 2.0),
    ]
    results = by_application(rank(rows))

    assert [results[k].raw_rank for k in (A, B, C, D)] == [1, 1, 3, 4]
    assert [results[k].normalised_rank for k in (A, B, C, D)] == [1, 1, 3, 4]


def test_rank_lists_tied_applications_by_id_whatever_the_order_of_the_reviews():
    rows = [
        ReviewRow(D, 10, 3.0),
        ReviewRow(B, 10, 4.0),
        ReviewRow(C, 10, 3.0),
        ReviewRow(A, 10, 4.0),
    ]

    assert [r.application_id for r in rank(rows).applications] == [A, B, C, D]


@pytest.mark.parametrize("seed", range(6))
def test_rank_orders_and_ranks_as_defined_with_many_ties(seed):
    """Against the definitions, on reviews in any order with scores that tie often: a rank is
    1 + the number of applications with a higher score (to TIE_DECIMALS), and applications
    are listed by normalised rank, then raw rank, then id. Half the reviews come from four
    reviewers, half from reviewers with a single review (z = 0): applications reviewed only by
    those tie on the normalised score whatever their raw scores."""
    rng = random.Random(seed)
    one_review_each = iter(range(100, 100_000))
    rows = [
        ReviewRow(
            application,
            rng.choice([rng.randrange(4), next(one_review_each)]),
            float(rng.choice([1, 2, 3, 5])),
        )
        for application in rng.sample(range(1, 10_000), 300)
        for _review in range(rng.randint(1, 3))
    ]
    rng.shuffle(rows)

    results = rank(rows).applications

    def competition_rank(result, score):
        mine = round(score(result), TIE_DECIMALS)
        return 1 + sum(round(score(other), TIE_DECIMALS) > mine for other in results)

    neighbours = list(pairwise(results))
    assert any(a.raw_rank == b.raw_rank for a, b in neighbours)
    assert any(
        a.normalised_rank == b.normalised_rank and a.raw_rank != b.raw_rank for a, b in neighbours
    )
    assert [r.raw_rank for r in results] == [
        competition_rank(r, attrgetter("raw_mean")) for r in results
    ]
    assert [r.normalised_rank for r in results] == [
        competition_rank(r, attrgetter("normalised")) for r in results
    ]
    assert list(results) == sorted(
        results, key=attrgetter("normalised_rank", "raw_rank", "application_id")
    )


def test_rank_ties_survive_float_noise():
    # (0.1 + 0.2) / 2 and 0.3 / 2 differ in the 17th digit; they are the same score.
    rows = [ReviewRow(A, 10, 0.1), ReviewRow(A, 20, 0.2), ReviewRow(B, 30, 0.15)]
    results = by_application(rank(rows))

    assert [results[A].raw_rank, results[B].raw_rank] == [1, 1]


def test_rank_flags_disagreement_from_the_threshold_inclusive():
    rows = [
        ReviewRow(A, 10, 4.6),  # 4.6 − 3.1 is 1.4999999999999996 in floats: still 1.5
        ReviewRow(A, 20, 3.1),
        ReviewRow(B, 10, 4.0),  # 1.4: not flagged
        ReviewRow(B, 20, 2.6),
        ReviewRow(C, 10, 5.0),  # a single review has no spread
    ]
    results = by_application(rank(rows))

    assert DISAGREEMENT_THRESHOLD == 1.5
    assert [results[k].high_disagreement for k in (A, B, C)] == [True, False, False]
    assert results[C].spread == 0.0
    stricter = by_application(rank(rows, disagreement_threshold=1.0))
    assert [stricter[k].high_disagreement for k in (A, B, C)] == [True, True, False]


def test_rank_of_no_reviews_is_empty():
    ranking = rank([])

    assert ranking.applications == ()
    assert ranking.reviewers == ()


def test_rank_accepts_any_iterable():
    assert rank(iter(WORKED_EXAMPLE)) == rank(WORKED_EXAMPLE)


def test_rank_refuses_a_score_that_is_not_a_number():
    with pytest.raises(ValueError):
        rank([ReviewRow(A, 10, math.nan)])


def _collections_during(call) -> int:
    """How many times Python's cyclic collector ran while `call` ran."""
    runs = []

    def count(phase, info):
        if phase == "start":
            runs.append(info["generation"])

    gc.callbacks.append(count)
    try:
        call()
    finally:
        gc.callbacks.remove(count)
    return len(runs)


def test_rank_builds_its_results_without_the_collector_walking_the_reviews():
    """Ranking a large call builds a result per application while every review is alive: the
    collector, left on, would walk them again and again (time growing faster than the call)."""
    rows = [
        ReviewRow(application, application % 97, 1 + application % 5)
        for application in range(20_000)
    ]
    assert gc.isenabled()

    # At most one, set off by the call itself before the pause begins.
    assert _collections_during(lambda: rank(rows)) <= 1
    assert gc.isenabled()
    # The same number of objects built outside rank() sets it off many times: the check
    # above is not vacuous.
    assert _collections_during(lambda: [ReviewRow(r.application_id, 1, 1.0) for r in rows]) > 10


def test_rank_leaves_a_collector_that_was_off_off():
    gc.disable()
    try:
        rank(WORKED_EXAMPLE)
        assert not gc.isenabled()
    finally:
        gc.enable()


# The database -----------------------------------------------------------------------------


def under_review(challenge, **kwargs):
    return factories.CompleteApplicationFactory(
        challenge=challenge, status=ApplicationStatus.UNDER_REVIEW, **kwargs
    )


def submitted(application, reviewer, score):
    return factories.ReviewFactory(
        assignment__application=application,
        assignment__reviewer=reviewer,
        submitted=True,
        weighted_score=score,
    )


@pytest.mark.django_db
def test_load_review_rows_counts_only_submitted_reviews_of_the_challenge():
    challenge = factories.ChallengeFactory()
    first, second = under_review(challenge), under_review(challenge)
    reviewer, other = factories.ReviewerFactory(), factories.ReviewerFactory()
    submitted(first, reviewer, 4.0)
    factories.ReviewFactory(assignment__application=first, assignment__reviewer=other)  # draft
    factories.ReviewFactory(assignment__application=second, assignment__reviewer=reviewer)
    submitted(second, other, None)  # every criterion n/a: no score to rank by
    factories.ReviewAssignmentFactory(application=second)  # not even started
    submitted(under_review(factories.ChallengeFactory()), reviewer, 5.0)  # another call

    assert load_review_rows(challenge) == [ReviewRow(first.pk, reviewer.pk, 4.0)]


@pytest.mark.django_db
def test_ranking_for_enriches_rows_with_startup_area_and_status():
    challenge = factories.ChallengeFactory()
    application = under_review(challenge, startup__name="홍릉테라퓨틱스")
    reviewer = factories.ReviewerFactory(name="김심사")
    submitted(application, reviewer, 3.5)

    result = ranking_for(challenge)

    [(numbers, row)] = result.rows
    assert (numbers.application_id, numbers.raw_mean, numbers.reviews) == (application.pk, 3.5, 1)
    assert row == application
    assert row.startup.name == "홍릉테라퓨틱스"
    assert row.therapeutic_area.slug == "oncology"
    assert row.status == ApplicationStatus.UNDER_REVIEW
    assert result.reviewer_rows == [
        (ReviewerStats(reviewer_id=reviewer.pk, count=1, mean=3.5, sd=0.0), "김심사")
    ]


@pytest.mark.django_db
def test_ranking_for_a_challenge_without_submitted_reviews_is_empty(django_assert_num_queries):
    challenge = factories.ChallengeFactory()
    factories.ReviewFactory(assignment__application=under_review(challenge))  # a draft

    with django_assert_num_queries(1):
        result = ranking_for(challenge)

    assert result.rows == []
    assert result.reviewer_rows == []


def queries_of_ranking_for(applications: int) -> int:
    challenge = factories.ChallengeFactory()
    reviewers = [factories.ReviewerFactory() for _ in range(3)]
    for n in range(applications):
        application = under_review(challenge)
        for k, reviewer in enumerate(reviewers):
            submitted(application, reviewer, 1.0 + (n + k) % 5)
    with CaptureQueriesContext(connection) as queries:
        result = ranking_for(challenge)
        for _numbers, application in result.rows:  # what the admin template reads
            str(application.startup.name), str(application.therapeutic_area.name)
            application.get_status_display()
    assert len(result.rows) == applications
    return len(queries)


@pytest.mark.django_db
def test_ranking_for_query_count_is_the_same_for_1_and_30_applications():
    assert queries_of_ranking_for(1) == 3
    assert queries_of_ranking_for(30) == 3


@pytest.mark.django_db
def test_ranking_for_uses_the_score_fixed_by_submit_review():
    challenge = factories.ChallengeFactory()
    science = factories.RubricCriterionFactory(challenge=challenge, weight=3)
    team = factories.RubricCriterionFactory(challenge=challenge, weight=1)
    fit = factories.RubricCriterionFactory(challenge=challenge, weight=2)
    assignment = factories.ReviewAssignmentFactory(
        application=under_review(challenge), no_conflict_confirmed_at=timezone.now()
    )
    reviewer = assignment.reviewer
    save_review(
        assignment,
        reviewer=reviewer,
        scores={science.pk: (5, ""), team.pk: (1, ""), fit.pk: (None, "n/a")},
        recommendation="yes",
        comment="",
    )
    assert ranking_for(challenge).rows == []  # still a draft

    submit_review(assignment, reviewer=reviewer)

    # (3 × 5 + 1 × 1) / (3 + 1) = 4.0: the n/a criterion is left out.
    [(numbers, _application)] = ranking_for(challenge).rows
    assert numbers.raw_mean == 4.0
