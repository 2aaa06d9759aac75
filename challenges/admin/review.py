"""Reviewers' progress for the programme office: assignments (filterable by overdue) and the
conflicts of interest reviewers declared. Read-only: assignments change through the
application's actions and the reviewers' portal."""

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.rules import REVIEWERS_GROUP
from challenges.models import ReviewAssignment, ReviewerConflict
from core.admin import BigListAdminMixin


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ProgressFilter(admin.SimpleListFilter):
    title = _("progress")
    parameter_name = "progress"

    def lookups(self, request, model_admin):
        return [
            ("open", _("Not submitted")),
            ("overdue", _("Overdue")),
            ("submitted", _("Submitted")),
        ]

    def queryset(self, request, queryset):
        not_submitted = Q(review__isnull=True) | Q(review__submitted_at__isnull=True)
        if self.value() == "open":
            return queryset.filter(not_submitted)
        if self.value() == "overdue":
            return queryset.filter(not_submitted, due_at__lt=timezone.now())
        if self.value() == "submitted":
            return queryset.filter(review__submitted_at__isnull=False)
        return queryset


class ReviewerFilter(admin.SimpleListFilter):
    """The members of the reviewers' group (a few dozen people), not every account on the
    site as the stock filter of a user field lists, nor a DISTINCT over the assignments."""

    title = _("reviewer")
    parameter_name = "reviewer"

    def lookups(self, request, model_admin):
        reviewers = (
            get_user_model()
            .objects.filter(groups__name=REVIEWERS_GROUP)
            .order_by("name", "email")
            .only("pk", "name", "email")
        )
        return [(str(user.pk), str(user)) for user in reviewers]

    def queryset(self, request, queryset):
        if self.value() and self.value().isdigit():
            return queryset.filter(reviewer_id=int(self.value()))
        return queryset


@admin.register(ReviewAssignment)
class ReviewAssignmentAdmin(BigListAdminMixin, ReadOnlyAdmin):
    list_display = ["reviewer", "application", "due_at", "submitted", "reminded"]
    list_filter = [
        ProgressFilter,
        ("due_at", admin.DateFieldListFilter),
        "application__challenge",
        ReviewerFilter,
    ]
    list_select_related = ["reviewer", "application__startup", "application__challenge", "review"]
    search_fields = ["reviewer__email", "reviewer__name", "application__startup__name"]

    @admin.display(description=_("submitted"))
    def submitted(self, obj):
        review = getattr(obj, "review", None)
        return review.submitted_at if review else None

    @admin.display(description=_("last reminder"))
    def reminded(self, obj):
        return obj.overdue_reminder_sent_at or obj.due_soon_reminder_sent_at


@admin.register(ReviewerConflict)
class ReviewerConflictAdmin(ReadOnlyAdmin):
    list_display = ["reviewer", "startup", "declared_at"]
    list_select_related = ["reviewer", "startup"]
    search_fields = ["reviewer__email", "reviewer__name", "startup__name"]
    date_hierarchy = "declared_at"
    show_full_result_count = False
