from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from challenges.models import Challenge, ChallengeFAQ, ChallengeMilestone, ChallengeStatus
from core.admin import AuditHistoryMixin


class FAQInline(admin.StackedInline):
    model = ChallengeFAQ
    extra = 0


class MilestoneInline(admin.TabularInline):
    model = ChallengeMilestone
    extra = 0


@admin.register(Challenge)
class ChallengeAdmin(AuditHistoryMixin, admin.ModelAdmin):
    list_display = ["title_ko", "title_en", "opens_at", "closes_at", "is_published", "status_label"]
    list_filter = ["is_published", "therapeutic_areas"]
    search_fields = ["title_ko", "title_en", "slug"]
    prepopulated_fields = {"slug": ["title_en"]}
    filter_horizontal = ["therapeutic_areas"]
    inlines = [MilestoneInline, FAQInline]
    readonly_fields = ["results_published_at"]
    fieldsets = [
        (None, {"fields": ["slug", "is_published", "title_ko", "title_en"]}),
        (_("Texts"), {"fields": ["summary_ko", "summary_en", "description_ko", "description_en"]}),
        (_("Dates"), {"fields": ["opens_at", "closes_at", "results_published_at"]}),
        (
            _("Eligibility"),
            {
                "fields": [
                    "therapeutic_areas",
                    "seoul_required",
                    "max_company_age_years",
                    "pre_founders_allowed",
                ]
            },
        ),
        (
            _("Benefits and budget"),
            {
                "fields": [
                    "max_grant_amount",
                    "number_of_awards",
                    "total_budget",
                    "offers_coaching",
                    "offers_networking",
                    "benefits_ko",
                    "benefits_en",
                ]
            },
        ),
        (_("Review"), {"fields": ["blind_review"]}),
    ]

    @admin.display(description=_("status"))
    def status_label(self, obj):
        return ChallengeStatus(obj.status).label
