from django.contrib import admin

from partners.models import Partner, PartnerMember


class PartnerMemberInline(admin.TabularInline):
    model = PartnerMember
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Partner)
class PartnerAdmin(admin.ModelAdmin):
    list_display = [
        "name_ko",
        "name_en",
        "kind",
        "country",
        "is_tenant",
        "is_published",
    ]
    list_filter = ["kind", "is_tenant", "is_published", "is_programme_founder"]
    search_fields = ["name_ko", "name_en", "slug"]
    prepopulated_fields = {"slug": ["name_en"]}
    filter_horizontal = ["areas_of_interest"]
    inlines = [PartnerMemberInline]
