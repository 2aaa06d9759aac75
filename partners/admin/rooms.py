from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.admin import (
    ActionWithFormMixin,
    AuditHistoryMixin,
    has_model_permission,
    run_service,
)
from core.constraints import UniqueErrorsBesideFieldsFormSet
from core.timefmt import format_time_range
from partners import services
from partners.models import OFFICE_ZONE, ClosedDate, OpeningHours, Room, RoomBooking


class OpeningHoursInline(admin.TabularInline):
    model = OpeningHours
    formset = UniqueErrorsBesideFieldsFormSet
    extra = 0


class RoomClosedDateInline(admin.TabularInline):
    model = ClosedDate
    formset = UniqueErrorsBesideFieldsFormSet
    extra = 0
    verbose_name_plural = _("closed dates of this room only")


@admin.register(Room)
class RoomAdmin(admin.ModelAdmin):
    list_display = ["name_ko", "name_en", "floor", "capacity", "requires_approval", "is_active"]
    list_filter = ["requires_approval", "is_active", "open_to_startups", "open_to_partners"]
    search_fields = ["name_ko", "name_en", "slug"]
    prepopulated_fields = {"slug": ["name_en"]}
    inlines = [OpeningHoursInline, RoomClosedDateInline]


class HolidaysForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2020, max_value=2100)


@admin.register(ClosedDate)
class ClosedDateAdmin(admin.ModelAdmin):
    list_display = ["date", "room", "reason_ko", "reason_en"]
    list_filter = ["room"]
    date_hierarchy = "date"
    show_full_result_count = False
    ordering = ["-date"]
    list_select_related = ["room"]

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("holidays/", view(self.holidays_view), name="partners_closeddate_holidays"),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "holidays_url": reverse("admin:partners_closeddate_holidays"),
        }
        return super().changelist_view(request, extra_context)

    def holidays_view(self, request):
        """Close the whole office on Korean public holidays of a year (substitutes included)."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = HolidaysForm(request.POST or None, initial={"year": timezone.localdate().year})
        if request.method == "POST" and form.is_valid():
            year = form.cleaned_data["year"]
            added = services.add_public_holidays(year=year, actor=request.user)
            self.message_user(
                request,
                _("%(count)s public holidays of %(year)s added as closed dates.")
                % {"count": added, "year": year},
            )
            return redirect("admin:partners_closeddate_changelist")
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Add Korean public holidays"),
            "form": form,
        }
        return TemplateResponse(request, "admin/partners/closeddate/holidays.html", context)


class DeclineForm(forms.Form):
    reason = forms.CharField(label=_("Reason, told to each booker"), widget=forms.Textarea)


@admin.action(
    description=_("Approve (declines overlapping requests)"), permissions=["approve_booking"]
)
def approve(modeladmin, request, queryset):
    run_service(
        modeladmin,
        request,
        queryset.order_by("created_at"),
        services.approve_booking,
        _("%(count)s bookings approved."),
    )


def describe_booking(booking: RoomBooking) -> str:
    """A selected booking's line on the decline page."""
    when = format_time_range(booking.starts_at, booking.ends_at)
    return f"{booking.room} — {when} — {booking.get_status_display()}"


@admin.action(description=_("Decline (with reason)"), permissions=["approve_booking"])
def decline(modeladmin, request, queryset):
    return modeladmin.action_with_form(
        request,
        queryset,
        form_class=DeclineForm,
        title=_("Decline bookings"),
        action="decline",
        submit_label=_("Decline"),
        describe=describe_booking,
        run=lambda data: run_service(
            modeladmin,
            request,
            queryset,
            services.decline_booking,
            _("%(count)s bookings declined."),
            reason=data["reason"],
        ),
    )


@admin.register(RoomBooking)
class RoomBookingAdmin(ActionWithFormMixin, AuditHistoryMixin, admin.ModelAdmin):
    list_display = ["room", "when", "status", "booked_by", "booked_for", "attendees"]
    list_filter = ["status", "room", ("starts_at", admin.DateFieldListFilter)]
    date_hierarchy = "starts_at"
    show_full_result_count = False
    search_fields = ["purpose", "booked_by__email", "booked_by__name", "startup__name"]
    list_select_related = ["room", "booked_by", "startup", "partner"]
    ordering = ["-starts_at"]
    actions = [approve, decline]
    readonly_fields = [
        "room",
        "booked_by",
        "startup",
        "partner",
        "purpose",
        "attendees",
        "starts_at",
        "ends_at",
        "status",
        "decided_by",
        "decided_at",
        "decline_reason",
        "cancelled_at",
        "cancel_reason",
    ]
    exclude = ["sequence", "reminder_sent_at"]

    def has_add_permission(self, request):
        return False  # staff book through /partners/office/, where every rule is checked

    def has_approve_booking_permission(self, request):
        return has_model_permission(self, request, "approve_booking")

    @admin.display(description=_("when (KST)"), ordering="starts_at")
    def when(self, booking):
        return format_time_range(booking.starts_at, booking.ends_at, OFFICE_ZONE)

    @admin.display(description=_("for"))
    def booked_for(self, booking):
        return booking.startup or booking.partner or _("the programme office")
