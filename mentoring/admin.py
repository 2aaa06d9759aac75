from django.contrib import admin

from mentoring.models import Coach


@admin.register(Coach)
class CoachAdmin(admin.ModelAdmin):
    list_display = ["user", "partner", "title", "time_zone", "is_active"]
    list_filter = ["partner", "time_zone", "is_active"]
    list_select_related = ["user", "partner"]
    search_fields = ["user__email", "user__name"]
    autocomplete_fields = ["user"]
