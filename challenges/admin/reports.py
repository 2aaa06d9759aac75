"""Admin for post-award reports: planning them on a grant, accepting them or asking for
changes, moving a due date; every change goes through challenges.services.grant_reports."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from challenges import services
from challenges.admin.tranches import CommentForm, service_with_form
from challenges.models import Grant, GrantReport, ReportKind, Tranche, TrancheStatus
from core.admin import (
    ActionWithFormMixin,
    AuditHistoryMixin,
    ManageThroughServicesMixin,
    has_model_permission,
)
from core.exceptions import DomainError
from core.timefmt import format_datetime

DATETIME_INPUT = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class ReportPlanForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("Kind"), choices=ReportKind.choices)
    due_at = forms.DateTimeField(
        label=gettext_lazy("Due at"),
        help_text=gettext_lazy("In your time zone. The startup is reminded before and after."),
        widget=DATETIME_INPUT,
    )
    tranche = forms.ModelChoiceField(
        label=gettext_lazy("Tranche it holds back (optional)"),
        help_text=gettext_lazy(
            "The tranche is approved and paid only once this report is accepted."
        ),
        queryset=Tranche.objects.none(),
        required=False,
    )
    instructions = forms.CharField(
        label=gettext_lazy("What the report should cover (optional)"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )

    def __init__(self, *args, grant: Grant, **kwargs):
        super().__init__(*args, **kwargs)
        tranche = self.fields["tranche"]
        tranche.queryset = grant.tranches.exclude(
            status__in=[TrancheStatus.APPROVED, TrancheStatus.PAID]
        )
        tranche.label_from_instance = lambda t: (
            _("Tranche %(number)s: %(milestone)s")
            % {
                "number": t.sequence,
                "milestone": t.milestone,
            }
        )


class AcceptForm(forms.Form):
    comment = forms.CharField(
        label=gettext_lazy("Comment for the startup (optional)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )


class DueForm(forms.Form):
    due_at = forms.DateTimeField(
        label=gettext_lazy("New due date"),
        help_text=gettext_lazy("In your time zone. The reminders start again for this date."),
        widget=DATETIME_INPUT,
    )


class RemoveForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Why is the report no longer needed?"),
        help_text=gettext_lazy("Kept in the grant's audit log."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class GrantReportInline(admin.TabularInline):
    """The grant's reports at a glance; each opens in its own page, where the actions are."""

    model = GrantReport
    extra = 0
    can_delete = False
    show_change_link = True
    fields = ["kind", "due_at", "tranche", "status", "submitted_at"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("tranche__grant__application__startup")


def _described(report: GrantReport) -> str:
    return _("%(report)s, due %(due)s (%(status)s)") % {
        "report": report,
        "due": format_datetime(report.due_at),
        "status": report.get_status_display(),
    }


@admin.register(GrantReport)
class GrantReportAdmin(
    ActionWithFormMixin, ManageThroughServicesMixin, AuditHistoryMixin, admin.ModelAdmin
):
    list_display = ["startup", "challenge", "kind", "due_at", "status", "tranche_number"]
    list_filter = ["status", "kind", "grant__application__challenge"]
    search_fields = ["grant__application__startup__name"]
    list_select_related = [
        "grant__application__startup",
        "grant__application__challenge",
        "tranche",
    ]
    show_full_result_count = False
    ordering = ["due_at", "id"]
    actions = ["accept", "request_changes", "reschedule", "remove"]
    fields = [
        "grant",
        "kind",
        "due_at",
        "tranche",
        "instructions",
        "status",
        "round",
        "text",
        "submitted_at",
        "submitted_by",
        "report_files",
        "staff_comment",
        "reviewed_at",
        "reviewed_by",
        "accepted_at",
        "due_soon_reminder_sent_at",
        "overdue_reminder_sent_at",
        "created_by",
        "created_at",
        "audit_history",
    ]
    readonly_fields = [name for name in fields if name != "audit_history"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related(
                "grant__application__startup", "grant__application__challenge", "tranche"
            )
        )

    def has_review_grantreport_permission(self, request):
        return has_model_permission(self, request, "review_grantreport")

    @admin.display(
        description=gettext_lazy("startup"), ordering="grant__application__startup__name"
    )
    def startup(self, obj):
        return obj.grant.application.startup

    @admin.display(description=gettext_lazy("challenge"))
    def challenge(self, obj):
        return obj.grant.application.challenge

    @admin.display(description=gettext_lazy("tranche it holds back"))
    def tranche_number(self, obj):
        return obj.tranche.sequence if obj.tranche else "—"

    @admin.display(description=gettext_lazy("files"))
    def report_files(self, obj):
        files = [
            (
                reverse(
                    "challenges:grant_report_file",
                    args=[obj.grant.application_id, obj.pk, report_file.pk],
                ),
                report_file.original_name,
                _("round %(round)s") % {"round": report_file.round},
            )
            for report_file in obj.files.all()
        ]
        return format_html_join("\n", '<div><a href="{}">{}</a> ({})</div>', files) or "—"

    # --- actions -------------------------------------------------------------------------

    @admin.action(description=gettext_lazy("Accept the report"), permissions=["review_grantreport"])
    def accept(self, request, queryset):
        return service_with_form(
            self,
            request,
            queryset,
            service=services.accept_grant_report,
            done=_("%(count)s accepted."),
            form_class=AcceptForm,
            title=_("Accept the reports"),
            action="accept",
            describe=_described,
        )

    @admin.action(
        description=gettext_lazy("Request changes (with a comment)"),
        permissions=["review_grantreport"],
    )
    def request_changes(self, request, queryset):
        return service_with_form(
            self,
            request,
            queryset,
            service=services.request_report_changes,
            done=_("%(count)s returned to the startup."),
            form_class=CommentForm,
            title=_("Request changes to the reports"),
            action="request_changes",
            describe=_described,
        )

    @admin.action(description=gettext_lazy("Change the due date"), permissions=["manage"])
    def reschedule(self, request, queryset):
        return service_with_form(
            self,
            request,
            queryset,
            service=services.reschedule_grant_report,
            done=_("%(count)s due dates changed."),
            form_class=DueForm,
            title=_("Change the due date"),
            action="reschedule",
            describe=_described,
        )

    @admin.action(
        description=gettext_lazy("Remove a report asked for by mistake"), permissions=["manage"]
    )
    def remove(self, request, queryset):
        return service_with_form(
            self,
            request,
            queryset,
            service=services.remove_grant_report,
            done=_("%(count)s removed."),
            form_class=RemoveForm,
            title=_("Remove reports"),
            action="remove",
            describe=_described,
        )

    # --- planning a report on a grant ----------------------------------------------------

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("plan/<int:grant_id>/", view(self.plan_view), name="challenges_grantreport_plan"),
            *super().get_urls(),
        ]

    def plan_view(self, request, grant_id: int):
        """Ask the grantee for a report (challenges.services.add_grant_report)."""
        if not request.user.has_perm("challenges.add_grantreport"):
            raise PermissionDenied
        grant = get_object_or_404(
            Grant.objects.select_related("application__startup", "application__challenge"),
            pk=grant_id,
        )
        form = ReportPlanForm(request.POST or None, grant=grant)
        if request.method == "POST" and form.is_valid():
            try:
                services.add_grant_report(grant, actor=request.user, **form.cleaned_data)
            except DomainError as error:
                form.add_error(None, str(error))
            else:
                self.message_user(request, _("The report was planned."), messages.SUCCESS)
                return redirect("admin:challenges_grant_change", grant.pk)
        context = {
            **self.admin_site.each_context(request),
            "opts": Grant._meta,
            "title": _("Plan a report"),
            "grant": grant,
            "form": form,
        }
        return TemplateResponse(request, "admin/challenges/grant/plan_report.html", context)


def plan_report_link(grant: Grant) -> str:
    """The link to plan a report on `grant`, for the grant's change page."""
    return format_html(
        '<a href="{}">{}</a>',
        reverse("admin:challenges_grantreport_plan", args=[grant.pk]),
        _("Plan an interim or final report"),
    )
