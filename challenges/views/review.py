"""The reviewers' portal: their queue, then one assignment at a time.

Opening an application takes two steps first: the challenge's confidentiality terms (once per
challenge) and a conflict-of-interest declaration (per application).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from challenges import consents, selectors, services
from challenges.forms import ConflictForm, ReviewForm
from challenges.models import Review, ReviewAssignment
from core.exceptions import DomainError

QUEUE_PAGE = 50  # open reviews first, then by due date


@login_required
def queue(request):
    if not request.user.has_perm("challenges.use_review_portal"):
        raise PermissionDenied
    assignments = selectors.review_queue(request.user)
    page = Paginator(assignments, QUEUE_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "challenges/review/queue.html",
        {"assignments": page.object_list, "page": page},
    )


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
    criteria = challenge.criteria.all()
    form = ReviewForm(request.POST or None, criteria=criteria, review=review)
    if request.method == "POST" and action in ("save", "submit") and form.is_valid():
        try:
            review = services.save_review(
                assignment,
                reviewer=request.user,
                scores=form.scores(),
                recommendation=form.cleaned_data["recommendation"],
                comment=form.cleaned_data["comment"],
            )
            if action == "submit":
                services.submit_review(assignment, reviewer=request.user)
                messages.success(request, _("Your review has been submitted. Thank you."))
                return redirect("challenges:review_queue")
        except DomainError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Your draft has been saved."))
        return redirect(request.path)
    return render(
        request,
        "challenges/review/assignment.html",
        {
            "assignment": assignment,
            "application": application,
            "challenge": challenge,
            "blind": challenge.blind_review,
            "documents": application.documents.all(),
            "review": review,
            "form": form,
            "locked": review is not None and review.is_submitted,
        },
    )
