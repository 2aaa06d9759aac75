"""The applicant's appeal page: open an appeal within the window, then follow it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from challenges import fair_selectors
from challenges.appeal_forms import AppealForm, GrantDeclarationForm
from challenges.models import Application
from challenges.services import appeals
from challenges.services.extensions import declare_other_grant
from core.exceptions import DomainError


@login_required
def appeal(request, pk: int):
    """GET: the appeal's status and dates, or the form while the window is open.
    POST: open the appeal (the service checks the window again, on the server)."""
    application = get_object_or_404(
        Application.objects.select_related("challenge", "startup"), pk=pk
    )
    if not request.user.has_perm("challenges.edit_application", application):
        raise Http404
    now = timezone.now()
    existing = fair_selectors.appeal_of(application)
    refusal = None if existing else fair_selectors.appeal_refusal(application, now)
    contestable = appeals.CONTESTABLE.get(application.status, set())
    form = None
    if existing is None and refusal is None:
        form = AppealForm(request.POST or None, request.FILES or None, contestable=contestable)
        if request.method == "POST" and form.is_valid():
            try:
                appeals.open_appeal(
                    application,
                    actor=request.user,
                    contested=form.cleaned_data["contested"],
                    grounds=form.grounds(),
                    uploads=form.uploads(),
                    now=now,
                )
            except DomainError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, _("Your appeal has been received."))
                return redirect("challenges:appeal", application.pk)
    elif request.method == "POST":
        messages.error(request, str(refusal or _("An appeal has already been made.")))
        return redirect("challenges:appeal", application.pk)
    return render(
        request,
        "challenges/appeal.html",
        {
            "application": application,
            "appeal": existing,
            "refusal": refusal,
            "form": form,
            "closes_at": fair_selectors.appeal_closes_at(application.challenge),
        },
    )


@login_required
def other_grants(request, pk: int):
    """The draft's declarations of other public grants for the same work; POST adds one."""
    application = get_object_or_404(
        Application.objects.select_related("challenge", "startup"), pk=pk
    )
    if not request.user.has_perm("challenges.edit_application", application):
        raise Http404
    form = GrantDeclarationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            declare_other_grant(application, actor=request.user, **form.cleaned_data)
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The grant has been declared."))
            return redirect("challenges:other_grants", application.pk)
    return render(
        request,
        "challenges/other_grants.html",
        {
            "application": application,
            "declarations": application.grant_declarations.all(),
            "form": form if application.status == "draft" else None,
        },
    )
