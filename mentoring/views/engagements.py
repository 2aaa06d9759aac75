"""One engagement: its goals, the progress after each held session, and the final assessment
of both sides."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from core.exceptions import DomainError
from mentoring import selectors, services
from mentoring.forms import AssessmentForm
from mentoring.models import AssessmentSide, Engagement


def _visible_engagement(request, pk: int) -> Engagement:
    engagement = get_object_or_404(
        Engagement.objects.select_related(
            "coach__user", "coach__partner", "startup", "goals_agreed_by"
        ),
        pk=pk,
    )
    if not request.user.has_perm("mentoring.see_engagement", engagement):
        raise Http404
    return engagement


def _context(request, engagement: Engagement, *, form=None) -> dict:
    user = request.user
    side = selectors.assessment_side(user, engagement)
    staff = user.has_perm("mentoring.view_engagementassessment")
    assessments = selectors.visible_assessments(engagement, side=side, staff=staff)
    submitted = {a.side for a in assessments}
    is_open = selectors.assessment_is_open(engagement, now=timezone.now())
    can_assess = (
        side is not None
        and user.has_perm("mentoring.assess_engagement", engagement)
        and is_open
        and side not in submitted
    )
    if can_assess and form is None:
        form = AssessmentForm()
    allotment = selectors.allotment_of(engagement)
    return {
        "engagement": engagement,
        "progress": selectors.progress_history(engagement),
        "assessments": assessments,
        "side": side,
        "side_label": AssessmentSide(side).label if side else "",
        "assessment_open": is_open,
        "waiting_for_other": side is not None and side in submitted and len(submitted) == 1,
        "form": form if can_assess else None,
        "used": allotment.used,
        "can_book": allotment.can_book
        and user.has_perm("mentoring.book_in_engagement", engagement),
    }


@login_required
@require_GET
def engagement_detail(request, pk: int):
    """Goals (agreed or proposed), the progress history, the final assessments."""
    engagement = _visible_engagement(request, pk)
    return render(request, "mentoring/engagement_detail.html", _context(request, engagement))


@login_required
@require_POST
def assessment(request, pk: int):
    """The coach's or the startup's final assessment, once each."""
    engagement = _visible_engagement(request, pk)
    side = selectors.assessment_side(request.user, engagement)
    if side is None or not request.user.has_perm("mentoring.assess_engagement", engagement):
        raise PermissionDenied
    form = AssessmentForm(request.POST)
    if form.is_valid():
        try:
            services.submit_assessment(
                engagement,
                actor=request.user,
                side=side,
                rating=form.cleaned_data["rating"],
                text=form.cleaned_data["text"],
            )
        except DomainError as error:
            messages.error(request, str(error))
            return redirect("mentoring:engagement", engagement.pk)
        messages.success(request, _("Thank you. Your final assessment has been submitted."))
        return redirect("mentoring:engagement", engagement.pk)
    context = _context(request, engagement, form=form)
    if context["form"] is None:  # closed or already submitted: say so on the page
        messages.error(request, _("The final assessment cannot be submitted now."))
        return redirect("mentoring:engagement", engagement.pk)
    return render(request, "mentoring/engagement_detail.html", context)
