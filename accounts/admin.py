from allauth.mfa.utils import is_mfa_enabled
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from accounts.models import (
    Startup,
    StartupInvitation,
    StartupMembership,
    TherapeuticArea,
    User,
)
from core.admin import AuditHistoryMixin


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    ordering = ["email"]
    list_display = [
        "email",
        "name",
        "language",
        "time_zone",
        "is_staff",
        "mfa",
        "date_joined",
    ]
    list_filter = ["is_staff", "is_active", "language", "groups"]
    search_fields = ["email", "name"]
    show_full_result_count = False
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Personal details"), {"fields": ["name", "language", "time_zone"]}),
        (
            _("Permissions"),
            {
                "fields": [
                    "is_active",
                    "is_staff",
                    "is_superuser",
                    "groups",
                    "user_permissions",
                ]
            },
        ),
        (_("Dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (
            None,
            {
                "classes": ["wide"],
                "fields": ["email", "name", "password1", "password2"],
            },
        ),
    ]

    @admin.display(boolean=True, description=_("two-factor"))
    def mfa(self, obj):
        return is_mfa_enabled(obj)


class MembershipInline(admin.TabularInline):
    model = StartupMembership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Startup)
class StartupAdmin(AuditHistoryMixin, admin.ModelAdmin):
    list_display = ["name", "kind", "business_number", "district", "founded_on"]
    list_filter = ["kind", "district", "therapeutic_areas"]
    search_fields = ["name", "name_en", "business_number"]
    show_full_result_count = False
    inlines = [MembershipInline]
    filter_horizontal = ["therapeutic_areas"]


@admin.register(StartupInvitation)
class StartupInvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "startup", "invited_by", "created_at", "accepted_at"]
    list_select_related = ["startup", "invited_by"]
    search_fields = ["email", "startup__name"]
    readonly_fields = ["token"]
    show_full_result_count = False


@admin.register(TherapeuticArea)
class TherapeuticAreaAdmin(admin.ModelAdmin):
    list_display = ["slug", "name_ko", "name_en", "sort_order"]
    prepopulated_fields = {"slug": ["name_en"]}
