"""The founder's applications: the list of them and one application's page (its answers,
status, documents and what happens next). The steps that fill one in: views/applying.py."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone

from accounts import viewer
from challenges import fair_selectors, grant_selectors, receipts, selectors
from challenges.forms import WithdrawForm
from challenges.views.applying import member_application
from core import fragments


@login_required
def application_list(request):
    startups = viewer.startup_ids(request)

    def rows() -> str:
        applications = selectors.applications_of(request.user)
        page = Paginator(applications, 20).get_page(request.GET.get("page"))
        return render_to_string("challenges/_application_list.html", {"page": page}, request)

    kept = fragments.kept(
        "applications",
        fragments.for_viewer(request),
        selectors.application_list_topics(startups),
        rows,
    )
    return render(request, "challenges/application_list.html", {"applications": kept})


@login_required
def application_detail(request, pk: int):
    application = member_application(request, pk)
    now = timezone.now()
    refusal = selectors.edit_refusal(application, now)
    milestones = list(application.challenge.milestones.all())
    submitted = application.submitted_snapshot is not None
    return render(
        request,
        "challenges/application_detail.html",
        {
            "application": application,
            "snapshot": application.submitted_snapshot,
            "tracker": receipts.status_tracker(application, milestones) if submitted else [],
            "documents": application.documents.all(),
            "history": selectors.founder_history(application),
            "editable": refusal is None,
            "read_only_reason": str(refusal or ""),
            "can_withdraw": selectors.withdrawal_refusal(application, now) is None,
            "withdraw_form": WithdrawForm(),
            "feedback": fair_selectors.feedback_for(application, now),
            "grant_reports": grant_selectors.founder_reports(application),
        },
    )
