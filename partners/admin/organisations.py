from django.contrib import admin
from django.urls import path, reverse

from core.constraints import UniqueErrorsBesideFieldsFormSet
from partners.admin import summary
from partners.models import OfficeHours, Partner, PartnerMember


class PartnerMemberInline(admin.TabularInline):
    model = PartnerMember
    formset = UniqueErrorsBesideFieldsFormSet
    extra = 0
    autocomplete_fields = ["user"]


class OfficeHoursInline(admin.TabularInline):
    model = OfficeHours
    extra = 0


@admin.register(Partner)
class PartnerAdmin(admin.ModelAdmin):
    list_display = ["name_ko", "name_en", "kind", "country", "is_tenant", "is_published"]
    list_filter = ["kind", "is_tenant", "is_published", "is_programme_founder"]
    search_fields = ["name_ko", "name_en", "slug"]
    prepopulated_fields = {"slug": ["name_en"]}
    filter_horizontal = ["areas_of_interest"]
    inlines = [PartnerMemberInline, OfficeHoursInline]

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("summary/", view(self.summary_view), name="partners_partner_summary"),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "summary_url": reverse("admin:partners_partner_summary"),
        }
        return super().changelist_view(request, extra_context)

    def summary_view(self, request):
        """Per partner: requests, accepted, meetings held, and what came of them."""
        return summary.summary_view(self, request)


@admin.register(PartnerMember)
class PartnerMemberAdmin(admin.ModelAdmin):
    list_display = ["user", "partner", "role"]
    list_filter = ["partner", "role"]
    search_fields = ["user__email", "user__name", "partner__name_en", "partner__name_ko"]
    autocomplete_fields = ["user"]
    list_select_related = ["user", "partner"]
