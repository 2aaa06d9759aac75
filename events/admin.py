"""Staff's admin for events.

Staff write the event and its programme here. Seats, statuses and registrations change only
through the services: publishing and cancelling are actions (the latter tells every
registrant); a registration is approved by an action; nobody edits the seat counters. Editing a
published event raises its SEQUENCE (services.publish_event_change) so calendars take the
change, and confirmed registrants get the updated invitation when its time or place moved.
"""

import csv
import io

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.admin import AuditHistoryMixin, BigListAdminMixin, run_service
from core.csv import csv_safe
from core.exceptions import DomainError
from core.timefmt import format_datetime
from events import services
from events.models import (
    AgendaItem,
    Certificate,
    Event,
    EventStatus,
    Material,
    Registration,
    RegistrationStatus,
    Speaker,
)

ATTENDANCE_HEADERS = [
    gettext_lazy("Name"),
    gettext_lazy("Email"),
    gettext_lazy("Affiliation"),
    gettext_lazy("Attending"),
    gettext_lazy("Status"),
    gettext_lazy("Checked in at"),
]


def attendance_csv(event: Event) -> str:
    """Every registration of the event in the active language; a byte-order mark first so
    that Excel reads the Korean as UTF-8."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out)
    writer.writerow([str(header) for header in ATTENDANCE_HEADERS])
    registrations = event.registrations.select_related("user").order_by("user__name", "pk")
    for registration in registrations:
        row = [
            registration.user.name,
            registration.user.email,
            registration.affiliation,
            registration.get_mode_display(),
            registration.get_status_display(),
            format_datetime(registration.checked_in_at) if registration.checked_in_at else "",
        ]
        writer.writerow([csv_safe(value) for value in row])
    return out.getvalue()


class SpeakerInline(admin.StackedInline):
    model = Speaker
    extra = 0
    fields = ["name", "affiliation", "bio", "photo_url", "sort_order"]


class AgendaItemInline(admin.TabularInline):
    model = AgendaItem
    extra = 0
    fields = ["starts_at", "title", "speaker"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        # Only the speakers of this event (the change page's object id is in the URL).
        if db_field.name == "speaker":
            event_id = request.resolver_match.kwargs.get("object_id")
            kwargs["queryset"] = Speaker.objects.filter(event_id=event_id or 0)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class MaterialInline(admin.TabularInline):
    model = Material
    extra = 0
    fields = ["title", "url"]


TEXT_FIELDS = [
    "title_ko",
    "title_en",
    "summary_ko",
    "summary_en",
    "description_ko",
    "description_en",
]
PLACE_FIELDS = [
    "starts_at",
    "ends_at",
    "time_zone",
    "format",
    "venue",
    "venue_en",
    "address",
    "address_en",
    "online_link",
    "online_link_release",
    "language",
]
RESERVED_SLUGS = {"past", "calendar"}
REGISTRATION_FIELDS = [
    "capacity_onsite",
    "capacity_online",
    "registration_opens_at",
    "registration_closes_at",
    "needs_approval",
    "ask_affiliation",
    "ask_dietary_needs",
    "survey_url",
]


class EventAdminForm(forms.ModelForm):
    class Meta:
        model = Event
        # The status changes only through the actions (publish_event, cancel_event).
        fields = ["slug", "kind", *TEXT_FIELDS, *PLACE_FIELDS, *REGISTRATION_FIELDS]

    def clean_slug(self):
        # /events/past/ and /events/calendar/ are pages of their own (events/urls.py).
        slug = self.cleaned_data["slug"]
        if slug in RESERVED_SLUGS:
            raise forms.ValidationError(_("This address is taken by a page of the site."))
        return slug

    def clean(self):
        cleaned = super().clean()
        starts_at, ends_at = cleaned.get("starts_at"), cleaned.get("ends_at")
        if starts_at and ends_at and ends_at <= starts_at:
            self.add_error("ends_at", _("The end must be after the start."))
        for field, counter in (
            ("capacity_onsite", "confirmed_onsite"),
            ("capacity_online", "confirmed_online"),
        ):
            taken = getattr(self.instance, counter)
            if cleaned.get(field) is not None and cleaned[field] < taken:
                self.add_error(
                    field,
                    _("%(taken)s seats are already taken; the capacity cannot be lower.")
                    % {"taken": taken},
                )
        return cleaned


@admin.register(Event)
class EventAdmin(AuditHistoryMixin, admin.ModelAdmin):
    form = EventAdminForm
    list_display = [
        "starts",
        "title_ko",
        "kind",
        "status",
        "seats_onsite",
        "seats_online",
        "registration_counts",
        "attendance_link",
    ]
    list_filter = ["status", "kind", "format", "language"]
    search_fields = ["title_ko", "title_en", "slug"]
    prepopulated_fields = {"slug": ["title_en"]}
    date_hierarchy = "starts_at"
    ordering = ["-starts_at"]
    show_full_result_count = False
    inlines = [SpeakerInline, AgendaItemInline, MaterialInline]
    actions = ["publish_events", "cancel_events"]
    fieldsets = [
        (None, {"fields": ["slug", "kind", "status"]}),  # status read-only: see the actions
        (gettext_lazy("Texts"), {"fields": TEXT_FIELDS}),
        (gettext_lazy("Time and place"), {"fields": PLACE_FIELDS}),
        (gettext_lazy("Registration"), {"fields": REGISTRATION_FIELDS}),
    ]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                n_confirmed=Count(
                    "registrations", filter=Q(registrations__status=RegistrationStatus.CONFIRMED)
                ),
                n_waitlisted=Count(
                    "registrations", filter=Q(registrations__status=RegistrationStatus.WAITLISTED)
                ),
                n_pending=Count(
                    "registrations", filter=Q(registrations__status=RegistrationStatus.PENDING)
                ),
                n_checked_in=Count(
                    "registrations",
                    filter=Q(
                        registrations__status=RegistrationStatus.CONFIRMED,
                        registrations__checked_in_at__isnull=False,
                    ),
                ),
            )
        )

    def get_readonly_fields(self, request, obj=None):
        return [*super().get_readonly_fields(request, obj), "status"]

    @admin.display(description=gettext_lazy("starts"), ordering="starts_at")
    def starts(self, obj):
        return format_datetime(obj.starts_at)

    @admin.display(description=gettext_lazy("on site (taken / seats)"))
    def seats_onsite(self, obj):
        return f"{obj.confirmed_onsite} / {obj.capacity_onsite}" if "onsite" in obj.modes else "—"

    @admin.display(description=gettext_lazy("online (taken / places)"))
    def seats_online(self, obj):
        return f"{obj.confirmed_online} / {obj.capacity_online}" if "online" in obj.modes else "—"

    @admin.display(description=gettext_lazy("registrations"))
    def registration_counts(self, obj):
        url = reverse("admin:events_registration_changelist") + f"?event__id__exact={obj.pk}"
        return format_html(
            '<a href="{}">{}</a>',
            url,
            _(
                "%(confirmed)s confirmed, %(waitlisted)s waiting, %(pending)s pending, "
                "%(checked_in)s checked in"
            )
            % {
                "confirmed": obj.n_confirmed,
                "waitlisted": obj.n_waitlisted,
                "pending": obj.n_pending,
                "checked_in": obj.n_checked_in,
            },
        )

    @admin.display(description=gettext_lazy("attendance"))
    def attendance_link(self, obj):
        url = reverse("admin:events_event_attendance", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, _("CSV"))

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change and obj.status == EventStatus.PUBLISHED and form.changed_data:
            services.publish_event_change(obj, actor=request.user, fields=form.changed_data)

    @admin.action(description=gettext_lazy("Publish the draft"), permissions=["change"])
    def publish_events(self, request, queryset):
        for event in queryset:
            try:
                services.publish_event(event, actor=request.user)
            except DomainError as error:
                self.message_user(request, f"{event}: {error}", messages.ERROR)
            else:
                self.message_user(
                    request, _("%(event)s is published.") % {"event": event}, messages.SUCCESS
                )

    @admin.action(
        description=gettext_lazy("Cancel the event (tells every registrant)"),
        permissions=["change"],
    )
    def cancel_events(self, request, queryset):
        run_service(
            self,
            request,
            queryset.exclude(status=EventStatus.CANCELLED),
            services.cancel_event,
            _("%(count)s events cancelled; their registrants are being told."),
        )

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path(
                "<int:pk>/attendance.csv",
                view(self.attendance_view),
                name="events_event_attendance",
            ),
            *super().get_urls(),
        ]

    def attendance_view(self, request, pk: int):
        """Name, email, affiliation, mode, status and check-in time of every registrant."""
        event = get_object_or_404(Event, pk=pk)
        if not self.has_view_permission(request, event):
            raise PermissionDenied
        response = HttpResponse(attendance_csv(event), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="attendance-{event.slug}.csv"'
        return response


@admin.register(Registration)
class RegistrationAdmin(BigListAdminMixin, AuditHistoryMixin, admin.ModelAdmin):
    list_display = ["user", "email", "event", "mode", "status", "created_at", "checked_in_at"]
    list_filter = ["event", "status", "mode"]
    search_fields = ["user__name", "user__email", "affiliation"]
    list_select_related = ["user", "event"]
    ordering = ["-created_at"]
    actions = ["approve"]
    fields = [
        "event",
        "user",
        "mode",
        "status",
        "affiliation",
        "dietary_needs",
        "created_at",
        "waitlisted_at",
        "cancelled_at",
        "checked_in_at",
        "reminder_sent_at",
        "link_sent_at",
        "follow_up_sent_at",
    ]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False  # people register on the event page; services.register keeps the seats

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=gettext_lazy("email"), ordering="user__email")
    def email(self, obj):
        return obj.user.email

    @admin.action(description=gettext_lazy("Approve"), permissions=["change"])
    def approve(self, request, queryset):
        run_service(
            self,
            request,
            queryset.filter(status=RegistrationStatus.PENDING).select_related("user", "event"),
            services.approve_registration,
            _("%(count)s registrations approved; each person is being told."),
        )


@admin.register(Certificate)
class CertificateAdmin(admin.ModelAdmin):
    """Issued by the after-event sweep (services.issue_certificate); read-only here."""

    list_display = ["code", "holder_name", "event_title_ko", "event_starts_at", "issued_at"]
    search_fields = ["code", "holder_name", "event_title_ko", "event_title_en"]
    list_select_related = ["registration"]
    show_full_result_count = False
    fields = [
        "code",
        "holder_name",
        "event_title_ko",
        "event_title_en",
        "event_starts_at",
        "event_time_zone",
        "issued_at",
    ]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
