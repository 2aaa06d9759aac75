from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from core.admin import AuditHistoryMixin
from core.timefmt import format_time_range
from partners.models import OFFICE_ZONE, ConsultationOutcome, ConsultationRequest, ProposedTime


class ProposedTimeInline(admin.TabularInline):
    model = ProposedTime
    extra = 0
    can_delete = False
    readonly_fields = ["proposed_by", "starts_at", "ends_at", "withdrawn"]

    def has_add_permission(self, request, obj=None):
        return False


class OutcomeInline(admin.TabularInline):
    model = ConsultationOutcome
    extra = 0
    can_delete = False
    readonly_fields = ["side", "outcome", "note", "recorded_by", "updated_at"]
    fields = readonly_fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(ConsultationRequest)
class ConsultationRequestAdmin(AuditHistoryMixin, admin.ModelAdmin):
    """Read here; answered by the partner's reps on /partners/requests/."""

    list_display = ["topic", "startup", "partner", "status", "mode", "meeting", "created_at"]
    list_filter = ["status", "partner", "mode", "area"]
    search_fields = ["topic", "startup__name", "partner__name_en", "partner__name_ko"]
    list_select_related = ["startup", "partner"]
    show_full_result_count = False
    date_hierarchy = "created_at"
    inlines = [ProposedTimeInline, OutcomeInline]
    exclude = ["deck", "sequence", "reminder_sent_at"]
    readonly_fields = [
        "partner",
        "startup",
        "requested_by",
        "topic",
        "area",
        "ask",
        "mode",
        "deck_name",
        "status",
        "starts_at",
        "ends_at",
        "booking",
        "video_link",
        "partner_message",
        "answered_by",
        "answered_at",
        "decline_reason",
        "cancel_reason",
    ]

    def has_add_permission(self, request):
        return False

    @admin.display(description=_("meeting (KST)"), ordering="starts_at")
    def meeting(self, consultation):
        if consultation.starts_at is None:
            return "—"
        return format_time_range(consultation.starts_at, consultation.ends_at, OFFICE_ZONE)


@admin.register(ConsultationOutcome)
class ConsultationOutcomeAdmin(admin.ModelAdmin):
    """What came of the meetings, across partners."""

    list_display = ["partner", "startup", "side", "outcome", "meeting", "updated_at"]
    list_filter = ["outcome", "side", "consultation__partner"]
    list_select_related = ["consultation__partner", "consultation__startup"]
    show_full_result_count = False
    readonly_fields = ["consultation", "side", "outcome", "note", "recorded_by"]

    def has_add_permission(self, request):
        return False

    @admin.display(description=_("partner"), ordering="consultation__partner")
    def partner(self, outcome):
        return outcome.consultation.partner

    @admin.display(description=_("startup"), ordering="consultation__startup")
    def startup(self, outcome):
        return outcome.consultation.startup

    @admin.display(description=_("meeting (KST)"), ordering="consultation__starts_at")
    def meeting(self, outcome):
        if outcome.consultation.starts_at is None:
            return "—"
        meeting = outcome.consultation
        return format_time_range(meeting.starts_at, meeting.ends_at, OFFICE_ZONE)
