"""The appeals committee's pages: the member's appeals, then one appeal with its finding form.

Only the appeal's members record a finding; programme staff may read the page (they decide
in the admin). Anyone else is told the appeal does not exist.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from accounts.rules import is_programme_staff
from challenges import appeal_selectors
from challenges.appeal_forms import FindingForm
from challenges.models import Appeal, AppealDocument, AppealStatus
from challenges.services import appeals as appeal_services
from core.exceptions import DomainError
from core.responses import private_file_response

LIST_PAGE = 50


@login_required
@require_GET
def committee_list(request):
    """The person's appeals: findings to write first with their due date, overdue flagged."""
    if not request.user.has_perm("challenges.use_appeal_committee_pages"):
        raise PermissionDenied
    seats = appeal_selectors.committee_queue(request.user)
    page = Paginator(seats, LIST_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "challenges/review/appeals.html",
        {"seats": page.object_list, "page": page, "now": timezone.now()},
    )


def _appeal_for(request, pk: int) -> Appeal:
    try:
        appeal = appeal_selectors.appeal_for_committee(pk)
    except Appeal.DoesNotExist:
        raise Http404 from None
    if not request.user.has_perm("challenges.read_appeal", appeal):
        raise Http404
    return appeal


@login_required
def committee_detail(request, pk: int):
    """GET: the appeal, the contested decision, the application's reviews (reviewers never
    named) and the member's finding form. POST: record the finding (members only, until the
    decision; the service checks both again)."""
    appeal = _appeal_for(request, pk)
    seat = next((s for s in appeal.members.all() if s.member_id == request.user.pk), None)
    may_record = seat is not None and appeal.status == AppealStatus.IN_REVIEW
    if request.method == "POST" and not may_record:
        if seat is None:
            raise PermissionDenied
        messages.error(
            request, _("This appeal has been decided: findings can no longer be recorded.")
        )
        return redirect("challenges:appeal_committee_detail", appeal.pk)
    scale_max = appeal_services.rescore_scale(appeal)
    form = None
    if may_record:
        initial = {"finding": seat.finding, "rescore": seat.rescore}
        form = FindingForm(request.POST or None, initial=initial, scale_max=scale_max)
        if request.method == "POST" and form.is_valid():
            try:
                appeal_services.record_appeal_finding(
                    appeal,
                    member=request.user,
                    finding=form.cleaned_data["finding"],
                    rescore=form.cleaned_data["rescore"],
                )
            except DomainError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, _("Your finding has been recorded. Thank you."))
                return redirect("challenges:appeal_committee_list")
    application = appeal.application
    return render(
        request,
        "challenges/review/appeal.html",
        {
            "appeal": appeal,
            "application": application,
            "challenge": application.challenge,
            # Members of a blind call's committee see neither the startup nor its file names.
            "blind": application.challenge.blind_review and not is_programme_staff(request.user),
            "documents": application.documents.all(),
            "seat": seat,
            "form": form,
            "overdue": appeal.is_overdue(),
            **appeal_selectors.anonymous_reviews(application),
        },
    )


@login_required
@require_GET
def committee_document(request, pk: int, document_pk: int):
    """A file the applicant attached to the appeal: the committee and programme staff."""
    appeal = get_object_or_404(Appeal.objects.select_related("application__challenge"), pk=pk)
    if not request.user.has_perm("challenges.read_appeal", appeal):
        raise Http404
    document = get_object_or_404(AppealDocument, pk=document_pk, appeal=appeal)
    filename = document.original_name
    if appeal.application.challenge.blind_review and not is_programme_staff(request.user):
        filename = f"appeal-{appeal.pk}-{document.pk}.{document.file.name.rsplit('.', 1)[-1]}"
    return private_file_response(
        document.file, filename=filename, content_type=document.content_type
    )
