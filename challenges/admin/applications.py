from django import forms
from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from challenges import services
from challenges.admin.actions import ACTIONS
from challenges.admin.duplicates import DuplicateFilter, DuplicatesAdminMixin
from challenges.admin.fair_actions import FAIR_ACTIONS
from challenges.admin.triage import DistrictFilter, TriageColumnsMixin
from challenges.eligibility import RULE_NAMES
from challenges.models import (
    Application,
    ApplicationDocument,
    EligibilityException,
    ReviewAssignment,
)
from core.admin import (
    ActionWithFormMixin,
    AuditHistoryMixin,
    BigListAdminMixin,
    has_model_permission,
)
from core.constraints import UniqueErrorsBesideFieldsFormSet
from core.money import format_krw


class DocumentInline(admin.TabularInline):
    model = ApplicationDocument
    extra = 0
    can_delete = False
    fields = ["kind", "download", "size", "content_type", "created_at"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    @admin.display(description=_("file"))
    def download(self, obj):
        return format_html('<a href="{}">{}</a>', obj.get_absolute_url(), obj.original_name)


class EligibilityExceptionForm(forms.ModelForm):
    rule = forms.ChoiceField(label=_("rule"), choices=list(RULE_NAMES.items()))

    class Meta:
        model = EligibilityException
        fields = ["rule", "reason"]


class EligibilityExceptionInline(admin.TabularInline):
    model = EligibilityException
    form = EligibilityExceptionForm
    formset = UniqueErrorsBesideFieldsFormSet
    extra = 0
    can_delete = False
    readonly_fields = ["created_by", "created_at"]

    def has_change_permission(self, request, obj=None):
        return False


class AssignmentInline(admin.TabularInline):
    """Who reviews the application and how far they are (assigned through the action)."""

    model = ReviewAssignment
    extra = 0
    can_delete = False
    fields = ["reviewer", "due_at", "no_conflict_confirmed_at", "submitted", "score"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("reviewer", "review")

    @admin.display(description=_("submitted"))
    def submitted(self, obj):
        review = getattr(obj, "review", None)
        return review.submitted_at if review else None

    @admin.display(description=_("weighted score"))
    def score(self, obj):
        review = getattr(obj, "review", None)
        return review.weighted_score if review else None


class EligibilityFilter(admin.SimpleListFilter):
    title = _("eligibility")
    parameter_name = "eligible"

    def lookups(self, request, model_admin):
        return [("yes", _("Eligible")), ("no", _("Not eligible")), ("unknown", _("Not checked"))]

    def queryset(self, request, queryset):
        value = {"yes": True, "no": False, "unknown": None}.get(self.value(), "all")
        if value == "all":
            return queryset
        if value is None:
            return queryset.filter(eligibility_passed__isnull=True)
        return queryset.filter(eligibility_passed=value)


@admin.register(Application)
class ApplicationAdmin(
    BigListAdminMixin,
    TriageColumnsMixin,
    DuplicatesAdminMixin,
    ActionWithFormMixin,
    AuditHistoryMixin,
    admin.ModelAdmin,
):
    list_display = [
        "startup",
        "call",
        "status_badge",
        "submitted_at",
        "requested_krw",
        "mean_score",
        "reviews_done",
        "therapeutic_area",
        "district",
        "eligible",
        "duplicate_flag",
    ]
    list_filter = [
        "challenge",
        "status",
        ("submitted_at", admin.DateFieldListFilter),
        "therapeutic_area",
        DistrictFilter,
        "development_stage",
        "modality",
        EligibilityFilter,
        DuplicateFilter,
    ]
    search_fields = ["startup__name", "startup__name_en", "=startup__business_number"]
    list_select_related = ["startup", "challenge", "therapeutic_area"]
    inlines = [DocumentInline, EligibilityExceptionInline, AssignmentInline]
    actions = [*ACTIONS, *FAIR_ACTIONS]
    # The snapshots are shown in words (eligibility) or as the receipt PDF, not as JSON.
    exclude = ["eligibility_snapshot", "submitted_snapshot", "requested_grant_amount"]
    # Everything is read-only (statuses change through the actions); money reads as money.
    readonly_fields = [
        "requested_grant" if field.name == "requested_grant_amount" else field.name
        for field in Application._meta.fields
        if field.name not in ("id", "eligibility_snapshot", "submitted_snapshot")
    ] + ["eligibility", "receipt", "declared_grants", "duplicate_panel"]

    def has_add_permission(self, request):
        return False

    @admin.display(description=_("receipt"))
    def receipt(self, obj):
        if obj.submitted_snapshot is None:
            return "-"
        url = reverse("challenges:receipt_pdf", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, gettext("Receipt (PDF)"))

    def has_delete_permission(self, request, obj=None):
        return False

    # The permissions the actions ask for (challenges.Application's Meta.permissions).
    def has_screen_application_permission(self, request):
        return has_model_permission(self, request, "screen_application")

    def has_assign_reviewers_permission(self, request):
        return has_model_permission(self, request, "assign_reviewers")

    def has_select_application_permission(self, request):
        return has_model_permission(self, request, "select_application")

    @admin.display(description=_("requested grant (KRW)"))
    def requested_grant(self, obj):
        return format_krw(obj.requested_grant_amount) or "—"

    @admin.display(description=_("eligible"), boolean=True, ordering="eligibility_passed")
    def eligible(self, obj):
        return obj.eligibility_passed

    @admin.display(description=_("eligibility at submission"))
    def eligibility(self, obj):
        snapshot = obj.eligibility_snapshot
        if not snapshot:
            return _("Not submitted yet.")
        language = "en" if get_language() == "en" else "ko"
        return format_html_join(
            "\n",
            "<div>{} <strong>{}</strong>: {}</div>",
            (
                (
                    "✔" if rule["passed"] else ("✔*" if rule["excepted"] else "✘"),
                    rule["name"][language],
                    rule["explanation"][language],
                )
                for rule in snapshot["rules"]
            ),
        )

    def save_formset(self, request, form, formset, change):
        if formset.model is not EligibilityException:
            return super().save_formset(request, form, formset, change)
        # New exceptions go through the service, so they are validated and audit-logged.
        created = [
            services.grant_eligibility_exception(
                form.instance,
                actor=request.user,
                rule=inline_form.cleaned_data["rule"],
                reason=inline_form.cleaned_data["reason"],
            )
            for inline_form in formset.forms
            if inline_form.has_changed() and inline_form.instance.pk is None
        ]
        # What the admin's change message reads.
        formset.new_objects, formset.changed_objects, formset.deleted_objects = created, [], []
        return created
