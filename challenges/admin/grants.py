"""Admin for grants, tranches and the budget of each challenge.

Nothing here writes a grant or a tranche itself: amounts and statuses are read-only, and every
change (award, plan, agreement, approval, return, payment, cancellation) goes through
challenges.services.grants, from an action or a small form view.
"""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from challenges import services
from challenges.admin.reports import GrantReportInline, plan_report_link
from challenges.admin.tranches import (
    AwardForm,
    CancelForm,
    SignForm,
    TranchePlanFormSet,
    service_with_form,
)
from challenges.grant_selectors import budget_of, budgets
from challenges.models import (
    Application,
    ApplicationStatus,
    Grant,
    GrantStatus,
    Tranche,
    TrancheStatus,
)
from core.admin import (
    ActionWithFormMixin,
    AuditHistoryMixin,
    BigListAdminMixin,
    ManageThroughServicesMixin,
)
from core.exceptions import DomainError
from core.money import format_krw


class TrancheInline(admin.TabularInline):
    """The plan at a glance; each tranche opens in its own page, where the actions are."""

    model = Tranche
    extra = 0
    can_delete = False
    show_change_link = True
    fields = ["sequence", "amount_krw", "due_on", "milestone", "status", "reported_at", "paid_on"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("grant__application__startup")

    @admin.display(description=gettext_lazy("amount"))
    def amount_krw(self, obj):
        return format_krw(obj.amount)


# --- grants --------------------------------------------------------------------------------


@admin.action(description=gettext_lazy("Record the signed agreement"), permissions=["manage"])
def sign_agreement(modeladmin, request, queryset):
    return service_with_form(
        modeladmin,
        request,
        queryset,
        service=services.sign_agreement,
        done=_("%(count)s agreements recorded."),
        form_class=SignForm,
        title=_("Record the signed agreement"),
        action="sign_agreement",
        initial={"signed_on": timezone.localdate()},
    )


@admin.action(description=gettext_lazy("Cancel the grant (with a reason)"), permissions=["manage"])
def cancel(modeladmin, request, queryset):
    return service_with_form(
        modeladmin,
        request,
        queryset,
        service=services.cancel_grant,
        done=_("%(count)s cancelled; the amounts are back in the budget."),
        form_class=CancelForm,
        title=_("Cancel grants"),
        action="cancel",
    )


@admin.register(Grant)
class GrantAdmin(
    BigListAdminMixin,
    ActionWithFormMixin,
    ManageThroughServicesMixin,
    AuditHistoryMixin,
    admin.ModelAdmin,
):
    list_display = ["startup", "challenge", "amount_krw", "status", "agreement_signed_on"]
    list_filter = ["status", "application__challenge"]
    search_fields = ["application__startup__name"]
    list_select_related = ["application__startup", "application__challenge"]
    actions = [sign_agreement, cancel]
    inlines = [TrancheInline, GrantReportInline]
    fields = [
        "application",
        "amount_krw",
        "status",
        "agreement_signed_on",
        "awarded_by",
        "created_at",
        "plan_link",
        "reports_link",
        "audit_history",
    ]
    # Everything is read-only; AuditHistoryMixin adds the audit trail itself.
    readonly_fields = [name for name in fields if name != "audit_history"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("application__startup", "application__challenge")
        )

    @admin.display(description=gettext_lazy("startup"), ordering="application__startup__name")
    def startup(self, obj):
        return obj.application.startup

    @admin.display(description=gettext_lazy("challenge"))
    def challenge(self, obj):
        return obj.application.challenge

    @admin.display(description=gettext_lazy("amount"), ordering="amount")
    def amount_krw(self, obj):
        return format_krw(obj.amount)

    @admin.display(description=gettext_lazy("tranche plan"))
    def plan_link(self, obj):
        if obj.status not in (GrantStatus.AWARDED, GrantStatus.ACTIVE):
            return "—"
        return format_html(
            '<a href="{}">{}</a>',
            reverse("admin:challenges_grant_plan", args=[obj.pk]),
            _("Plan the tranches"),
        )

    @admin.display(description=gettext_lazy("reports"))
    def reports_link(self, obj):
        if obj.status == GrantStatus.CANCELLED:
            return "—"
        return plan_report_link(obj)

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("budget/", view(self.budget_view), name="challenges_grant_budget"),
            path(
                "award/<int:application_id>/",
                view(self.award_view),
                name="challenges_grant_award",
            ),
            path("<int:grant_id>/plan/", view(self.plan_view), name="challenges_grant_plan"),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "budget_url": reverse("admin:challenges_grant_budget"),
        }
        return super().changelist_view(request, extra_context)

    def _context(self, request, **extra):
        return {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "budget_url": reverse("admin:challenges_grant_budget"),
            **extra,
        }

    def budget_view(self, request):
        """Every call's budget, awarded, paid and remaining; selected startups awaiting a grant."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        context = self._context(
            request,
            title=_("Grant budget per challenge"),
            rows=budgets(),
            can_award=self.has_manage_permission(request),
        )
        return TemplateResponse(request, "admin/challenges/grant/budget.html", context)

    def award_view(self, request, application_id: int):
        """Award the grant of a selected application (challenges.services.award_grant)."""
        if not request.user.has_perm("challenges.add_grant"):
            raise PermissionDenied
        application = get_object_or_404(
            Application.objects.select_related("startup", "challenge"),
            pk=application_id,
            status=ApplicationStatus.SELECTED,
        )
        challenge = application.challenge
        initial = {}
        if application.requested_grant_amount:
            initial["amount"] = min(application.requested_grant_amount, challenge.max_grant_amount)
        form = AwardForm(request.POST or None, initial=initial)
        if request.method == "POST" and form.is_valid():
            try:
                grant = services.award_grant(
                    application, actor=request.user, amount=form.cleaned_data["amount"]
                )
            except DomainError as error:
                form.add_error("amount", str(error))
            else:
                self.message_user(
                    request,
                    _("A grant of %(amount)s was awarded to %(startup)s. Now plan its tranches.")
                    % {"amount": format_krw(grant.amount), "startup": application.startup},
                    messages.SUCCESS,
                )
                return redirect("admin:challenges_grant_plan", grant.pk)
        context = self._context(
            request,
            title=_("Award a grant"),
            application=application,
            challenge=challenge,
            figures=budget_of(challenge),
            form=form,
        )
        return TemplateResponse(request, "admin/challenges/grant/award.html", context)

    def plan_view(self, request, grant_id: int):
        """Replace the tranche plan of a grant (challenges.services.set_tranches)."""
        if not self.has_manage_permission(request):
            raise PermissionDenied
        grant = get_object_or_404(
            Grant.objects.select_related("application__startup", "application__challenge"),
            pk=grant_id,
        )
        initial = [
            {"amount": t.amount, "due_on": t.due_on, "milestone": t.milestone}
            for t in grant.tranches.all()
        ]
        formset = TranchePlanFormSet(request.POST or None, initial=initial)
        if request.method == "POST" and formset.is_valid():
            plan = [
                {key: data[key] for key in ("amount", "due_on", "milestone")}
                for data in formset.cleaned_data
                if data and not data.get("DELETE")
            ]
            try:
                services.set_tranches(grant, actor=request.user, tranches=plan)
            except DomainError as error:
                self.message_user(request, str(error), messages.ERROR)
            else:
                self.message_user(request, _("The tranche plan was saved."), messages.SUCCESS)
                return redirect("admin:challenges_grant_change", grant.pk)
        context = self._context(
            request,
            title=_("Plan the tranches"),
            grant=grant,
            formset=formset,
            editable=not grant.tranches.exclude(status=TrancheStatus.PLANNED).exists(),
        )
        return TemplateResponse(request, "admin/challenges/grant/plan.html", context)
