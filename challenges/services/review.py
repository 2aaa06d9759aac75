"""Review: the rubric, reviewer assignments, conflicts of interest, scoring."""

from collections import defaultdict
from datetime import datetime

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.selectors import staff_to_notify
from challenges import selectors
from challenges.consents import REVIEW_TERMS_VERSION
from challenges.exceptions import ReviewError
from challenges.models import (
    Application,
    ApplicationStatus,
    Challenge,
    Review,
    ReviewAssignment,
    ReviewerAgreement,
    ReviewerConflict,
    RubricCriterion,
    Score,
)
from core.admin import admin_link
from core.audit import log_action
from notifications.services import notify

# name (ko, en), guidance (ko, en), weight
DEFAULT_RUBRIC = [
    ("과학적 타당성", "Scientific merit",
     "근거 데이터의 질과 가설의 타당성", "Quality of the data and soundness of the hypothesis", 3),
    ("혁신성", "Innovation",
     "기존 접근법 대비 새로움과 차별성", "Novelty compared with existing approaches", 2),
    ("미충족 의료 수요", "Unmet medical need",
     "환자에게 주는 의미와 시장의 공백", "What it means for patients and the gap it fills", 2),
    ("팀 역량", "Team",
     "과학적·사업적 실행 역량", "Scientific and business ability to deliver", 2),
    ("사업화 가능성", "Commercial potential",
     "개발 경로, 지식재산, 파트너링 가능성", "Development path, IP and partnering potential", 2),
    ("BMS 관심 분야 적합성", "Fit with BMS's areas",
     "종양·혈액·면역 등 BMS 중점 분야와의 연관성",
     "Relevance to BMS's focus on oncology, hematology and immunology", 1),
]  # fmt: skip


@transaction.atomic
def add_default_rubric(challenge: Challenge, *, actor) -> list[RubricCriterion]:
    """Give a challenge the standard six criteria (1–5) unless it already has a rubric."""
    if challenge.criteria.exists():
        return list(challenge.criteria.all())
    criteria = RubricCriterion.objects.bulk_create(
        RubricCriterion(
            challenge=challenge,
            name_ko=name_ko,
            name_en=name_en,
            guidance_ko=guidance_ko,
            guidance_en=guidance_en,
            weight=weight,
            sort_order=order,
        )
        for order, (name_ko, name_en, guidance_ko, guidance_en, weight) in enumerate(DEFAULT_RUBRIC)
    )
    log_action(challenge, "challenges.challenge.rubric_added", actor=actor)
    return criteria


def _assignment_created(assignment: ReviewAssignment, *, actor) -> None:
    log_action(
        assignment.application,
        "challenges.application.reviewer_assigned",
        actor=actor,
        data={"reviewer": assignment.reviewer_id, "due": assignment.due_at.isoformat()},
    )
    notify(
        assignment.reviewer,
        "challenges.review_assigned",
        {
            "challenge_title": {
                "ko": assignment.application.challenge.title_ko,
                "en": assignment.application.challenge.title_en,
            },
            "due_at": assignment.due_at,
            "url": reverse("challenges:review", args=[assignment.pk]),
        },
        key=f"challenges.review_assigned:{assignment.pk}",
    )


@transaction.atomic
def assign_reviewer(
    application: Application, *, reviewer, actor, due_at: datetime
) -> ReviewAssignment:
    """Assign one reviewer by hand. Refuses a reviewer outside the pool, a member of the
    startup, or one who declared a conflict with it. Tells the reviewer."""
    if application.status != ApplicationStatus.UNDER_REVIEW:
        raise ReviewError(
            _("Only applications under review can be given reviewers."), code="not_under_review"
        )
    if not selectors.reviewer_pool().filter(pk=reviewer.pk).exists():
        raise ReviewError(_("%(name)s is not a reviewer.") % {"name": reviewer}, code="not_pool")
    excluded = selectors.excluded_reviewers([application.startup_id])[application.startup_id]
    if reviewer.pk in excluded:
        raise ReviewError(
            _("%(name)s has a conflict of interest with this startup.") % {"name": reviewer},
            code="conflict",
        )
    try:
        with transaction.atomic():
            assignment = ReviewAssignment.objects.create(
                application=application, reviewer=reviewer, assigned_by=actor, due_at=due_at
            )
    except IntegrityError:
        raise ReviewError(
            _("%(name)s already reviews this application.") % {"name": reviewer}, code="duplicate"
        ) from None
    _assignment_created(assignment, actor=actor)
    return assignment


@transaction.atomic
def auto_assign_reviewers(
    applications, *, per_application: int, actor, due_at: datetime
) -> tuple[list[ReviewAssignment], dict[int, int]]:
    """Give each application under review `per_application` reviewers, balancing the load.

    Never a member of the startup, never a reviewer who declared a conflict with it. Returns
    the new assignments and, per application id, how many reviewers were still missing when
    the pool ran out.
    """
    applications = list(
        Application.objects.filter(
            pk__in=[a.pk for a in applications], status=ApplicationStatus.UNDER_REVIEW
        ).select_related("challenge", "startup")
    )
    pool = list(selectors.reviewer_pool().order_by("pk"))
    excluded = selectors.excluded_reviewers({a.startup_id for a in applications})
    challenge_ids = {a.challenge_id for a in applications}
    load = defaultdict(int)
    assigned = defaultdict(set)
    for application_id, reviewer_id in ReviewAssignment.objects.filter(
        application__challenge__in=challenge_ids
    ).values_list("application_id", "reviewer_id"):
        load[reviewer_id] += 1
        assigned[application_id].add(reviewer_id)

    created, missing = [], {}
    for application in applications:
        needed = per_application - len(assigned[application.pk])
        candidates = sorted(
            (
                r
                for r in pool
                if r.pk not in excluded[application.startup_id]
                and r.pk not in assigned[application.pk]
            ),
            key=lambda r: (load[r.pk], r.pk),
        )
        for reviewer in candidates[: max(needed, 0)]:
            assignment = ReviewAssignment.objects.create(
                application=application, reviewer=reviewer, assigned_by=actor, due_at=due_at
            )
            load[reviewer.pk] += 1
            assigned[application.pk].add(reviewer.pk)
            _assignment_created(assignment, actor=actor)
            created.append(assignment)
        if len(assigned[application.pk]) < per_application:
            missing[application.pk] = per_application - len(assigned[application.pk])
    return created, missing


def _own(assignment: ReviewAssignment, reviewer) -> None:
    if assignment.reviewer_id != reviewer.pk:
        raise ReviewError(_("This review is assigned to someone else."), code="not_yours")


@transaction.atomic
def accept_review_terms(challenge: Challenge, *, reviewer) -> ReviewerAgreement:
    """The reviewer accepts the challenge's confidentiality terms (once)."""
    agreement, created = ReviewerAgreement.objects.get_or_create(
        reviewer=reviewer, challenge=challenge, defaults={"terms_version": REVIEW_TERMS_VERSION}
    )
    if created:
        log_action(
            challenge,
            "challenges.challenge.review_terms_accepted",
            actor=reviewer,
            data={"version": REVIEW_TERMS_VERSION},
        )
    return agreement


@transaction.atomic
def confirm_no_conflict(assignment: ReviewAssignment, *, reviewer) -> ReviewAssignment:
    """The reviewer confirms they have no conflict of interest; the application opens."""
    assignment = (
        ReviewAssignment.objects.select_for_update()
        .select_related("application")
        .get(pk=assignment.pk)
    )
    _own(assignment, reviewer)
    if not selectors.has_accepted_review_terms(reviewer, assignment.application.challenge_id):
        raise ReviewError(_("Accept the confidentiality terms first."), code="terms_first")
    if assignment.no_conflict_confirmed_at is None:
        assignment.no_conflict_confirmed_at = timezone.now()
        assignment.save(update_fields=["no_conflict_confirmed_at"])
        log_action(
            assignment.application,
            "challenges.application.no_conflict_confirmed",
            actor=reviewer,
        )
    return assignment


@transaction.atomic
def declare_conflict(assignment: ReviewAssignment, *, reviewer, reason: str) -> ReviewerConflict:
    """The reviewer declares a conflict: the assignment (and any draft) is removed, the
    reviewer is never assigned to this startup again, and programme staff are told."""
    if not reason.strip():
        raise ReviewError(_("Describe the conflict of interest."), code="reason_required")
    assignment = (
        ReviewAssignment.objects.select_for_update()
        .select_related("application__startup", "application__challenge")
        .get(pk=assignment.pk)
    )
    _own(assignment, reviewer)
    if assignment.no_conflict_confirmed_at is not None:
        raise ReviewError(
            _("You confirmed having no conflict; please contact the programme office."),
            code="already_confirmed",
        )
    application = assignment.application
    conflict, _created = ReviewerConflict.objects.get_or_create(
        reviewer=reviewer, startup=application.startup, defaults={"reason": reason}
    )
    assignment_id = assignment.pk
    assignment.delete()
    log_action(
        application,
        "challenges.application.conflict_declared",
        actor=reviewer,
        data={"reviewer": reviewer.pk, "reason": reason},
    )
    for member in staff_to_notify():
        notify(
            member,
            "challenges.conflict_declared",
            {
                "reviewer": reviewer.get_full_name(),
                "application": application.pk,
                "challenge_title": {
                    "ko": application.challenge.title_ko,
                    "en": application.challenge.title_en,
                },
                "url": admin_link(application),
            },
            key=f"challenges.conflict_declared:{assignment_id}:{member.pk}",
        )
    return conflict


def _editable_review(assignment: ReviewAssignment, reviewer) -> Review:
    """The assignment's review, locked, after checking (fresh from the database) that the
    reviewer owns it, has confirmed no conflict, and has not submitted it yet."""
    assignment = (
        ReviewAssignment.objects.select_for_update()
        .select_related("application__challenge")
        .get(pk=assignment.pk)
    )
    _own(assignment, reviewer)
    if assignment.no_conflict_confirmed_at is None:
        raise ReviewError(
            _("Confirm that you have no conflict of interest first."), code="coi_first"
        )
    review, _created = Review.objects.select_for_update().get_or_create(assignment=assignment)
    if review.is_submitted:
        raise ReviewError(_("This review has been submitted and is locked."), code="locked")
    return review


@transaction.atomic
def save_review(
    assignment: ReviewAssignment,
    *,
    reviewer,
    scores: dict[int, tuple[int | None, str]],
    recommendation: str,
    comment: str,
) -> Review:
    """Save the reviewer's draft. `scores`: criterion id -> (value, or None for n/a; comment).

    A criterion missing from `scores` is unanswered (not n/a). Values must be on the scale.
    """
    review = _editable_review(assignment, reviewer)
    criteria = {c.pk: c for c in review.assignment.application.challenge.criteria.all()}
    for criterion_id, (value, _comment) in scores.items():
        criterion = criteria.get(criterion_id)
        if criterion is None:
            raise ReviewError(_("Unknown criterion."), code="unknown_criterion")
        if value is not None and not criterion.scale_min <= value <= criterion.scale_max:
            raise ReviewError(
                _("%(criterion)s is scored from %(low)s to %(high)s.")
                % {"criterion": criterion.name, "low": criterion.scale_min,
                   "high": criterion.scale_max},
                code="out_of_scale",
            )  # fmt: skip
    for criterion_id, (value, score_comment) in scores.items():
        Score.objects.update_or_create(
            review=review,
            criterion_id=criterion_id,
            defaults={"value": value, "comment": score_comment},
        )
    review.recommendation = recommendation
    review.comment = comment
    review.save(update_fields=["recommendation", "comment", "updated_at"])
    return review


def weighted_mean(pairs: list[tuple[int | None, int]]) -> float | None:
    """Σ weight × score / Σ weight over the criteria scored; n/a (None) leaves one out."""
    scored = [(value, weight) for value, weight in pairs if value is not None]
    if not scored:
        return None
    return sum(value * weight for value, weight in scored) / sum(w for _v, w in scored)


@transaction.atomic
def submit_review(assignment: ReviewAssignment, *, reviewer) -> Review:
    """Lock the review. Every criterion must be scored or marked n/a, with a recommendation.

    Also marks the assignment review_submitted (the reviewer's queue sorts on it)."""
    review = _editable_review(assignment, reviewer)
    criteria = list(review.assignment.application.challenge.criteria.all())
    scores = {s.criterion_id: s for s in review.scores.all()}
    unanswered = [c.name for c in criteria if c.pk not in scores]
    if unanswered:
        raise ReviewError(
            _("Score or mark as n/a: %(criteria)s") % {"criteria": ", ".join(unanswered)},
            code="unanswered",
        )
    if not review.recommendation:
        raise ReviewError(_("Give your overall recommendation."), code="no_recommendation")
    review.weighted_score = weighted_mean([(scores[c.pk].value, c.weight) for c in criteria])
    review.submitted_at = timezone.now()
    review.save(update_fields=["weighted_score", "submitted_at", "updated_at"])
    # The queue's sort key (ReviewAssignment.review_submitted); the row is locked already.
    review.assignment.review_submitted = True
    review.assignment.save(update_fields=["review_submitted"])
    log_action(
        review.assignment.application,
        "challenges.application.review_submitted",
        actor=reviewer,
        data={"assignment": assignment.pk},
    )
    return review
