"""Appeals in the admin: the committee is assigned and the decision recorded by actions that
call challenges.services.appeals (the change page itself is read-only)."""

from django import forms
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.selectors import programme_staff
from challenges import appeal_selectors, selectors
from challenges.models import (
    Appeal,
    AppealCommitteeMember,
    AppealGround,
    AppealStatus,
    ApplicationStatus,
)
from challenges.services import appeals as appeal_services
from core.admin import (
    ActionWithFormMixin,
    AuditHistoryMixin,
    admin_link,
    has_model_permission,
    run_service,
)
from core.exceptions import DomainError


class GroundInline(admin.TabularInline):
    model = AppealGround
    extra = 0
    fields = ["text", "response"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class MemberInline(admin.TabularInline):
    model = AppealCommitteeMember
    fk_name = "appeal"
    extra = 0
    fields = ["member", "finding", "rescore", "reviewed_at"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class CommitteeForm(forms.Form):
    members = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Committee members (reviewers or staff who did not review it)"),
        queryset=get_user_model().objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        people = get_user_model().objects.filter(
            Q(pk__in=selectors.reviewer_pool().values("pk"))
            | Q(pk__in=programme_staff().values("pk"))
        )
        self.fields["members"].queryset = people.order_by("email")


class DecisionForm(forms.Form):
    outcome = forms.ChoiceField(
        label=gettext_lazy("Decision"),
        choices=[
            (AppealStatus.UPHELD, AppealStatus.UPHELD.label),
            (AppealStatus.OVERTURNED, AppealStatus.OVERTURNED.label),
        ],
        widget=forms.RadioSelect,
    )
    new_status = forms.ChoiceField(
        label=gettext_lazy("When overturned, the application becomes"),
        required=False,
        choices=[
            ("", "—"),
            (ApplicationStatus.SELECTED, ApplicationStatus.SELECTED.label),
            (ApplicationStatus.UNDER_REVIEW, ApplicationStatus.UNDER_REVIEW.label),
            (ApplicationStatus.SCREENING, ApplicationStatus.SCREENING.label),
        ],
    )
    grant_amount = forms.IntegerField(
        label=gettext_lazy("Grant to award when selected (KRW, optional)"),
        required=False,
        min_value=1,
    )

    def __init__(self, *args, grounds=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.grounds = list(grounds)
        for n, ground in enumerate(self.grounds, start=1):
            self.fields[f"ground_{ground.pk}"] = forms.CharField(
                label=_("Answer to ground %(number)s: “%(text)s”")
                % {"number": n, "text": ground.text[:200]},
                widget=forms.Textarea(attrs={"rows": 3}),
                max_length=3000,
            )


def decision_arguments(data: dict, grounds) -> dict:
    """decide_appeal's keyword arguments from the DecisionForm's cleaned data."""
    return {
        "outcome": data["outcome"],
        "new_status": data["new_status"] or None,
        "grant_amount": data["grant_amount"],
        "responses": {g.pk: data[f"ground_{g.pk}"] for g in grounds},
    }


class AppealProgressFilter(admin.SimpleListFilter):
    title = gettext_lazy("progress")
    parameter_name = "progress"

    def lookups(self, request, model_admin):
        return [
            ("open", gettext_lazy("Not decided")),
            ("overdue", gettext_lazy("Overdue")),
            ("decided", gettext_lazy("Decided")),
        ]

    def queryset(self, request, queryset):
        decided = Q(status__in=appeal_selectors.DECIDED)
        if self.value() == "open":
            return queryset.exclude(decided)
        if self.value() == "overdue":
            return queryset.filter(appeal_selectors.overdue_q(timezone.now()))
        if self.value() == "decided":
            return queryset.filter(decided)
        return queryset


@admin.register(Appeal)
class AppealAdmin(ActionWithFormMixin, AuditHistoryMixin, admin.ModelAdmin):
    list_display = [
        "__str__",
        "application_link",
        "contested",
        "status",
        "opened_at",
        "due_at",
        "overdue_flag",
    ]
    list_filter = [AppealProgressFilter, "status", "contested", "application__challenge"]
    list_select_related = ["application__startup", "application__challenge"]
    show_full_result_count = False
    inlines = [GroundInline, MemberInline]
    readonly_fields = [
        "application_link",
        "contested",
        "status",
        "opened_by",
        "opened_at",
        "due_at",
        "overdue_flag",
        "decided_at",
        "decided_by",
    ]
    fields = readonly_fields
    actions = ["assign_committee", "decide"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_decide_appeal_permission(self, request):
        return has_model_permission(self, request, "decide_appeal")

    @admin.display(description=gettext_lazy("application"))
    def application_link(self, obj):
        return admin_link(obj.application, str(obj.application))

    @admin.display(description=gettext_lazy("overdue"), boolean=True)
    def overdue_flag(self, obj):
        return obj.is_overdue()

    @admin.action(
        description=gettext_lazy("Assign the appeals committee"), permissions=["decide_appeal"]
    )
    def assign_committee(self, request, queryset):
        return self.action_with_form(
            request,
            queryset,
            form_class=CommitteeForm,
            title=_("Assign the appeals committee"),
            action="assign_committee",
            run=lambda data: run_service(
                self,
                request,
                queryset.select_related("application__startup"),
                appeal_services.assign_appeal_committee,
                _("%(count)s committees assigned."),
                members=list(data["members"]),
            ),
        )

    @admin.action(
        description=gettext_lazy("Record the decision (with an answer to each ground)"),
        permissions=["decide_appeal"],
    )
    def decide(self, request, queryset):
        if queryset.count() != 1:
            self.message_user(request, _("Decide one appeal at a time."), messages.ERROR)
            return None
        appeal = queryset.get()
        grounds = list(appeal.grounds.all())

        def run(data):
            try:
                appeal_services.decide_appeal(
                    appeal, actor=request.user, **decision_arguments(data, grounds)
                )
            except DomainError as error:
                self.message_user(request, f"{appeal}: {error}", messages.ERROR)
            else:
                self.message_user(request, _("The appeal has been decided."), messages.SUCCESS)

        return self.action_with_form(
            request,
            queryset,
            form_class=DecisionForm,
            form_kwargs={"grounds": grounds},
            title=_("Decide the appeal"),
            action="decide",
            run=run,
        )
