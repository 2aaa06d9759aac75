"""Grant reports: the grantee submits interim and final reports; see
challenges.services.grant_reports."""

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
from challenges.grant_selectors import grant_visible_to_founders, is_report_submittable
from challenges.models import Application, GrantReport, GrantReportFile
from challenges.services.grants import MAX_REPORT_LENGTH
from core.exceptions import DomainError
from core.responses import private_file_response
from core.uploads import DocumentField


class GrantReportForm(forms.Form):
    text = forms.CharField(
        label=gettext_lazy("Your report"),
        help_text=gettext_lazy(
            "What was done since the last report, the results with figures and dates, the "
            "spending against the plan, and what comes next."
        ),
        max_length=MAX_REPORT_LENGTH,
        widget=forms.Textarea(attrs={"rows": 10}),
    )
    file = DocumentField(
        label=gettext_lazy("Attachment (optional)"),
        help_text=gettext_lazy(
            "One PDF, PPTX, DOCX or XLSX file, for example the full report or the spending "
            "statement. Files are private: only your team and the programme office can open them."
        ),
        required=False,
    )


def _report_of_member(request, pk: int, report_pk: int) -> tuple[Application, GrantReport]:
    application = get_object_or_404(
        Application.objects.select_related("challenge", "startup"), pk=pk
    )
    if not request.user.has_perm("challenges.edit_application", application):
        raise Http404
    report = get_object_or_404(
        GrantReport.objects.select_related("grant", "tranche"),
        pk=report_pk,
        grant__application=application,
    )
    report.grant.application = application
    if not grant_visible_to_founders(report.grant):
        raise Http404
    return application, report


@login_required
def grant_report(request, pk: int, report_pk: int):
    """The grantee reads a report's request and the office's comment, and submits it."""
    application, report = _report_of_member(request, pk, report_pk)
    submittable = is_report_submittable(report)
    initial = {"text": report.text} if submittable else {}
    form = GrantReportForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and submittable and form.is_valid():
        uploaded = form.cleaned_data["file"]
        try:
            services.submit_grant_report(
                report,
                actor=request.user,
                text=form.cleaned_data["text"],
                files=[uploaded] if uploaded else [],
            )
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Your report has been sent to the programme office."))
            return redirect("challenges:application_detail", application.pk)
    return render(
        request,
        "challenges/grants/grant_report.html",
        {
            "application": application,
            "grant": report.grant,
            "report": report,
            "files": report.files.all(),
            "submittable": submittable,
            "form": form,
        },
    )


@login_required
@require_GET
def grant_report_file(request, pk: int, report_pk: int, file_pk: int):
    """A grant report's file, as an attachment: for the startup's members and programme staff.

    Staff downloads are audit-logged.
    """
    report_file = get_object_or_404(
        GrantReportFile.objects.select_related("report__grant__application__startup"),
        pk=file_pk,
        report_id=report_pk,
        report__grant__application_id=pk,
    )
    application = report_file.report.grant.application
    if not request.user.has_perm("challenges.edit_application", application):
        if not is_programme_staff(request.user):
            raise Http404
        services.record_report_file_download(report_file, actor=request.user)
    return private_file_response(
        report_file.file, filename=report_file.original_name, content_type=report_file.content_type
    )
