"""Admin for tranches: approving, returning and paying milestones, through the services."""

from django import forms
from django.contrib import admin
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from challenges import services
from challenges.models import (
    Tranche,
)
from core.admin import (
    ActionWithFormMixin,
    AuditHistoryMixin,
    CappedCountPaginator,
    ManageThroughServicesMixin,
    admin_link,
    run_service,
)
from core.money import format_krw

# --- forms of the actions and views -------------------------------------------------------


class CommentForm(forms.Form):
    comment = forms.CharField(
        label=gettext_lazy("What should the startup change?"),
        help_text=gettext_lazy("Sent to every member of the startup."),
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class PaidForm(forms.Form):
    paid_on = forms.DateField(
        label=gettext_lazy("Paid on"), widget=forms.DateInput(attrs={"type": "date"})
    )


class SignForm(forms.Form):
    signed_on = forms.DateField(
        label=gettext_lazy("Agreement signed on"),
        widget=forms.DateInput(attrs={"type": "date"}),
    )


class CancelForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Why is the grant cancelled?"),
        help_text=gettext_lazy("Kept in the audit log. The amount goes back to the budget."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class AwardForm(forms.Form):
    amount = forms.IntegerField(label=gettext_lazy("Amount (KRW)"), min_value=1)


class TrancheForm(forms.Form):
    amount = forms.IntegerField(label=gettext_lazy("Amount (KRW)"), min_value=1)
    due_on = forms.DateField(
        label=gettext_lazy("Due on"), widget=forms.DateInput(attrs={"type": "date"})
    )
    milestone = forms.CharField(label=gettext_lazy("Milestone that releases it"), max_length=300)


TranchePlanFormSet = forms.formset_factory(TrancheForm, extra=2, can_delete=True)


# --- the helper shared by the actions -------------------------------------------------------


def service_with_form(modeladmin, request, queryset, *, service, done, **page):
    """An action that first asks, on core.admin's intermediate page, for the service's keyword
    arguments (the form's fields, named as the service names them), then calls the service on
    each selected row (core.admin.run_service). `page`: form_class, title, action, initial...
    """
    return modeladmin.action_with_form(
        request,
        queryset,
        run=lambda data: run_service(modeladmin, request, queryset, service, done, **data),
        **page,
    )


# --- tranches ------------------------------------------------------------------------------


@admin.action(description=gettext_lazy("Approve the milestone"), permissions=["manage"])
def approve(modeladmin, request, queryset):
    run_service(modeladmin, request, queryset, services.approve_tranche, _("%(count)s approved."))


@admin.action(
    description=gettext_lazy("Return the report to the startup (with a comment)"),
    permissions=["manage"],
)
def return_for_changes(modeladmin, request, queryset):
    return service_with_form(
        modeladmin,
        request,
        queryset,
        service=services.return_tranche,
        done=_("%(count)s returned to the startup."),
        form_class=CommentForm,
        title=_("Return the milestone report"),
        action="return_for_changes",
    )


@admin.action(description=gettext_lazy("Record the payment"), permissions=["manage"])
def record_paid(modeladmin, request, queryset):
    return service_with_form(
        modeladmin,
        request,
        queryset,
        service=services.record_tranche_paid,
        done=_("%(count)s recorded as paid."),
        form_class=PaidForm,
        title=_("Record the payment"),
        action="record_paid",
        initial={"paid_on": timezone.localdate()},
    )


@admin.register(Tranche)
class TrancheAdmin(
    ActionWithFormMixin, ManageThroughServicesMixin, AuditHistoryMixin, admin.ModelAdmin
):
    list_display = [
        "startup",
        "challenge",
        "sequence",
        "amount_krw",
        "due_on",
        "status",
        "reported_at",
        "paid_on",
    ]
    list_filter = ["status", "grant__application__challenge"]
    search_fields = ["grant__application__startup__name", "milestone"]
    list_select_related = ["grant__application__startup", "grant__application__challenge"]
    show_full_result_count = False
    paginator = CappedCountPaginator
    show_facets = admin.ShowFacets.NEVER
    ordering = ["due_on", "id"]
    actions = [approve, return_for_changes, record_paid]
    fields = [
        "grant",
        "sequence",
        "amount_krw",
        "due_on",
        "milestone",
        "status",
        "report_text",
        "reported_at",
        "reported_by",
        "report_files",
        "holding_reports",
        "staff_comment",
        "reviewed_at",
        "reviewed_by",
        "paid_on",
        "paid_recorded_by",
        "audit_history",
    ]
    # Everything is read-only; AuditHistoryMixin adds the audit trail itself.
    readonly_fields = [name for name in fields if name != "audit_history"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("grant__application__startup", "grant__application__challenge")
        )

    @admin.display(
        description=gettext_lazy("startup"), ordering="grant__application__startup__name"
    )
    def startup(self, obj):
        return obj.grant.application.startup

    @admin.display(description=gettext_lazy("challenge"))
    def challenge(self, obj):
        return obj.grant.application.challenge

    @admin.display(description=gettext_lazy("amount"), ordering="amount")
    def amount_krw(self, obj):
        return format_krw(obj.amount)

    @admin.display(description=gettext_lazy("evidence"))
    def report_files(self, obj):
        files = [
            (
                reverse(
                    "challenges:tranche_file", args=[obj.grant.application_id, obj.pk, file.pk]
                ),
                file.original_name,
            )
            for file in obj.files.all()
        ]
        return format_html_join("\n", '<div><a href="{}">{}</a></div>', files) or "—"

    @admin.display(description=gettext_lazy("reports holding it back"))
    def holding_reports(self, obj):
        """The grant reports that must be accepted before the tranche is approved or paid."""
        reports = [
            (admin_link(report), report.get_kind_display(), report.get_status_display())
            for report in obj.gating_reports.all()
        ]
        return format_html_join("\n", '<div><a href="{}">{}</a> ({})</div>', reports) or "—"
