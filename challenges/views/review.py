"""The reviewers' portal: their queue, then one assignment at a time.

Opening an application takes two steps first: the challenge's confidentiality terms (once per
challenge) and a conflict-of-interest declaration (per application).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from accounts import viewer
from challenges import consents, review_selectors, selectors, services
from challenges.forms import ConflictForm, ReviewForm
from challenges.models import Review, ReviewAssignment
from challenges.rules import REVIEW_PORTAL
from challenges.services.review import weighted_mean
from core import fragments
from core.exceptions import DomainError

QUEUE_PAGE = 50  # open reviews first, then by due date


@login_required
def queue(request):
    reviewer = request.user
    if not viewer.kept_fact(request, "review_portal", lambda: reviewer.has_perm(REVIEW_PORTAL)):
        raise PermissionDenied

    def table() -> str:
        paginator = Paginator(review_selectors.review_queue(reviewer), QUEUE_PAGE)
        # Counted without the joins that fetch the page's columns: an index range of the reviewer.
        paginator.count = review_selectors.review_queue_size(reviewer)
        page = paginator.get_page(request.GET.get("page"))
        context = {"assignments": review_selectors.queue_rows(page.object_list), "page": page}
        return render_to_string("challenges/review/_queue.html", context, request)

    kept = fragments.kept(
        "review-queue",
        fragments.for_viewer(request),
        review_selectors.queue_topics(reviewer),
        table,
    )
    return render(request, "challenges/review/queue.html", {"queue": kept})


@login_required
def assignment(request, assignment_pk: int):
    assignment = get_object_or_404(
        ReviewAssignment.objects.select_related(
            "application__challenge", "application__startup", "application__therapeutic_area"
        ),
        pk=assignment_pk,
        reviewer=request.user,
    )
    application = assignment.application
    challenge = application.challenge
    action = request.POST.get("action")
    try:
        if request.method == "POST" and action == "accept_terms":
            services.accept_review_terms(challenge, reviewer=request.user)
            return redirect(request.path)
        if request.method == "POST" and action == "no_conflict":
            services.confirm_no_conflict(assignment, reviewer=request.user)
            return redirect(request.path)
    except DomainError as error:
        messages.error(request, str(error))
        return redirect(request.path)

    if not selectors.has_accepted_review_terms(request.user, challenge.pk):
        return render(
            request,
            "challenges/review/terms.html",
            {"assignment": assignment, "challenge": challenge, "terms": consents.REVIEW_TERMS},
        )

    if assignment.no_conflict_confirmed_at is None:
        conflict_form = ConflictForm(request.POST if action == "declare" else None)
        if action == "declare" and conflict_form.is_valid():
            services.declare_conflict(
                assignment, reviewer=request.user, reason=conflict_form.cleaned_data["reason"]
            )
            messages.success(
                request,
                _("Thank you. The application has been removed from your queue and the "
                  "programme office has been told."),
            )  # fmt: skip
            return redirect("challenges:review_queue")
        return render(
            request,
            "challenges/review/conflict.html",
            {"assignment": assignment, "challenge": challenge, "form": conflict_form},
        )

    review = Review.objects.filter(assignment=assignment).prefetch_related("scores").first()
    criteria = list(challenge.criteria.all())
    context = {
        "assignment": assignment,
        "application": application,
        "challenge": challenge,
        "blind": challenge.blind_review,
        "documents": application.documents.all(),
        "review": review,
        "locked": review is not None and review.is_submitted,
    }
    if context["locked"]:
        return render(
            request,
            "challenges/review/assignment.html",
            {**context, **_summary(review, criteria)},
        )
    if request.method == "POST" and action == "submit":
        # The second step: the scores were checked and saved on the confirmation page.
        try:
            services.submit_review(assignment, reviewer=request.user)
        except DomainError as error:
            messages.error(request, str(error))
            return redirect(request.path)
        messages.success(request, _("Your review has been submitted. Thank you."))
        return redirect("challenges:review_queue")
    checking = request.method == "POST" and action == "check"
    form = ReviewForm(
        request.POST if action in ("save", "check") else None,
        criteria=criteria,
        review=review,
        complete=checking,
    )
    if request.method == "POST" and action in ("save", "check") and form.is_valid():
        try:
            review = services.save_review(
                assignment,
                reviewer=request.user,
                scores=form.scores(),
                recommendation=form.cleaned_data["recommendation"],
                comment=form.cleaned_data["comment"],
            )
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            if checking:
                review = Review.objects.prefetch_related("scores").get(pk=review.pk)
                return render(
                    request,
                    "challenges/review/confirm.html",
                    {**context, "review": review, **_summary(review, criteria)},
                )
            messages.success(request, _("Your draft has been saved."))
            return redirect(request.path)
    current = _summary(review, criteria) if review is not None else {"total": None}
    return render(
        request,
        "challenges/review/assignment.html",
        {
            **context,
            "form": form,
            "scorecard": form.scorecard(),
            "total": current["total"],
            "scale_max": max((c.scale_max for c in criteria), default=5),
        },
    )


def _summary(review: Review, criteria) -> dict:
    """The review as text: each criterion's score (or n/a) and comment, the weighted total."""
    scores = {score.criterion_id: score for score in review.scores.all()}
    rows = [
        {"criterion": c, "score": scores.get(c.pk), "answered": c.pk in scores} for c in criteria
    ]
    total = weighted_mean([(scores[c.pk].value, c.weight) for c in criteria if c.pk in scores])
    scale_max = max((c.scale_max for c in criteria), default=5)
    return {"rows": rows, "total": total, "scale_max": scale_max}
