"""Grants: the grantee reports milestones; see challenges.services.grants."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from accounts.rules import is_programme_staff
from challenges import services
from challenges.grant_selectors import grant_visible_to_founders, is_reportable
from challenges.models import Application, Tranche, TrancheReportFile
from challenges.services.grants import MAX_REPORT_LENGTH
from core.exceptions import DomainError
from core.responses import private_file_response
from core.uploads import DocumentField


class MilestoneReportForm(forms.Form):
    text = forms.CharField(
        label=gettext_lazy("What did you achieve?"),
        help_text=gettext_lazy(
            "Describe the results that show the milestone is reached, with figures and dates."
        ),
        max_length=MAX_REPORT_LENGTH,
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    file = DocumentField(
        label=gettext_lazy("Evidence (optional)"),
        help_text=gettext_lazy(
            "One PDF, PPTX, DOCX or XLSX file, for example a study report. Files are private: "
            "only your team and the programme office can open them."
        ),
        required=False,
    )


@login_required
def tranche_report(request, pk: int, tranche_pk: int):
    """The grantee reports the milestone that releases a tranche (members of the startup)."""
    application = get_object_or_404(
        Application.objects.select_related("challenge", "startup"), pk=pk
    )
    if not request.user.has_perm("challenges.edit_application", application):
        raise Http404
    tranche = get_object_or_404(
        Tranche.objects.select_related("grant"), pk=tranche_pk, grant__application=application
    )
    tranche.grant.application = application
    if not grant_visible_to_founders(tranche.grant):
        raise Http404
    reportable = is_reportable(tranche)
    initial = {"text": tranche.report_text} if reportable else {}
    form = MilestoneReportForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        uploaded = form.cleaned_data["file"]
        try:
            services.report_milestone(
                tranche,
                actor=request.user,
                text=form.cleaned_data["text"],
                files=[uploaded] if uploaded else [],
            )
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _("Your milestone report has been sent to the programme office."),
            )
            return redirect("challenges:application_detail", application.pk)
    return render(
        request,
        "challenges/grants/tranche_report.html",
        {
            "application": application,
            "grant": tranche.grant,
            "tranche": tranche,
            "files": tranche.files.all(),
            "reportable": reportable,
            "form": form,
        },
    )


@login_required
@require_GET
def tranche_file(request, pk: int, tranche_pk: int, file_pk: int):
    """A milestone file, as an attachment: for the startup's members and programme staff.

    Staff downloads are audit-logged. Reviewers have no access: reports come after selection.
    """
    report_file = get_object_or_404(
        TrancheReportFile.objects.select_related("tranche__grant__application__startup"),
        pk=file_pk,
        tranche_id=tranche_pk,
        tranche__grant__application_id=pk,
    )
    application = report_file.tranche.grant.application
    is_member = request.user.has_perm("challenges.edit_application", application)
    if not is_member:
        if not is_programme_staff(request.user):
            raise Http404
        services.record_tranche_file_download(report_file, actor=request.user)
    return private_file_response(
        report_file.file, filename=report_file.original_name, content_type=report_file.content_type
    )
