"""Staff's admin for coaching.

Availability belongs to each coach (they edit it on /mentoring/availability/): staff see it
here, read-only. Engagements are started only through the "Start coaching" page, which calls
services.start_engagement for a selected application; sessions change only through the
services (the coach's and the startup's pages), so both lists are read-only here.
"""

from datetime import timedelta

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from challenges.models import Application
from core.admin import AuditHistoryMixin, BigListAdminMixin
from core.exceptions import DomainError
from core.timefmt import format_date, format_datetime
from mentoring import selectors, services
from mentoring.models import (
    AvailabilityException,
    AvailabilityWindow,
    Coach,
    Engagement,
    EngagementAssessment,
    Session,
)

RULES = ["session_minutes", "buffer_minutes", "min_notice_hours", "horizon_days"]


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def get_readonly_fields(self, request, obj=None):
        return self.fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class WindowInline(ReadOnlyInline):
    model = AvailabilityWindow
    fields = ["weekday", "starts", "ends"]


class ExceptionInline(ReadOnlyInline):
    model = AvailabilityException
    fields = ["date", "kind", "starts", "ends"]


@admin.register(Coach)
class CoachAdmin(AuditHistoryMixin, admin.ModelAdmin):
    list_display = ["user", "partner", "title", "time_zone", "is_active"]
    list_filter = ["partner", "time_zone", "is_active", "expertise"]
    list_select_related = ["user", "partner"]
    search_fields = ["user__email", "user__name"]
    autocomplete_fields = ["user"]
    inlines = [WindowInline, ExceptionInline]

    def get_readonly_fields(self, request, obj=None):
        # The booking rules are part of the coach's own availability (saved with it).
        fields = super().get_readonly_fields(request, obj)
        return [*fields, *RULES] if obj is not None else fields


class SessionInline(ReadOnlyInline):
    model = Session
    fields = [
        "starts_at",
        "status",
        "no_show_by",
        "format",
        "progress_percent",
        "rating",
        "late_cancellation",
    ]
    show_change_link = True


class AssessmentInline(ReadOnlyInline):
    """Both sides' final assessments: staff read them at once (each side reads the other's
    only when both have submitted)."""

    model = EngagementAssessment
    fields = ["side", "rating", "text", "submitted_by", "created_at"]


# --- start coaching ------------------------------------------------------------------------


def _coach_label(coach: Coach) -> str:
    parts = [coach.user.get_full_name(), coach.title, str(coach.partner), coach.time_zone]
    return " · ".join(part for part in parts if part)


class StartEngagementForm(forms.Form):
    coach = forms.TypedChoiceField(label=gettext_lazy("Coach"), coerce=int)
    allotment = forms.IntegerField(
        label=gettext_lazy("Sessions allotted"), min_value=1, max_value=50, initial=6
    )
    starts_on = forms.DateField(
        label=gettext_lazy("From"), widget=forms.DateInput(attrs={"type": "date"})
    )
    ends_on = forms.DateField(
        label=gettext_lazy("Until"), widget=forms.DateInput(attrs={"type": "date"})
    )
    goals = forms.CharField(
        label=gettext_lazy("Goals"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy("Shown to the startup and the coach."),
    )

    def __init__(self, *args, application: Application, **kwargs):
        super().__init__(*args, **kwargs)
        coaches = list(
            Coach.objects.filter(is_active=True)
            .select_related("user", "partner")
            .prefetch_related("expertise")
            .order_by("user__name")
        )
        area = application.therapeutic_area
        suggested = [c for c in coaches if area and area in c.expertise.all()]
        others = [c for c in coaches if c not in suggested]
        self.coaches = {c.pk: c for c in coaches}
        self.suggested = suggested
        choices: list = [("", _("Choose a coach"))]
        if suggested:
            label = _("Suggested: expertise in %(area)s") % {"area": area}
            choices.append((label, [(c.pk, _coach_label(c)) for c in suggested]))
        if others:
            label = _("Other coaches") if suggested else _("Coaches")
            choices.append((label, [(c.pk, _coach_label(c)) for c in others]))
        self.fields["coach"].choices = choices

    def clean_coach(self):
        return self.coaches[self.cleaned_data["coach"]]

    def clean(self):
        cleaned = super().clean()
        starts_on, ends_on = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", _("The end must be on or after the start."))
        return cleaned


@admin.register(Engagement)
class EngagementAdmin(AuditHistoryMixin, admin.ModelAdmin):
    list_display = ["startup", "coach", "period", "sessions_used", "status"]
    list_filter = ["status", "coach"]
    search_fields = ["startup__name", "coach__user__name", "coach__user__email"]
    list_select_related = ["startup", "coach__user"]
    show_full_result_count = False
    fields = [
        "startup",
        "coach",
        "application",
        "starts_on",
        "ends_on",
        "allotment",
        "sessions_used",
        "goals",
        "goals_agreed_at",
        "goals_agreed_by",
        "status",
        "created_at",
    ]
    readonly_fields = fields
    inlines = [SessionInline, AssessmentInline]

    def get_queryset(self, request):
        return selectors.with_sessions_used(super().get_queryset(request))

    def has_add_permission(self, request):
        return False  # through the "Start coaching" page, which calls the service

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=gettext_lazy("period"), ordering="starts_on")
    def period(self, obj):
        return f"{format_date(obj.starts_on)} – {format_date(obj.ends_on)}"

    @admin.display(description=gettext_lazy("sessions used"))
    def sessions_used(self, obj):
        return f"{obj.used} / {obj.allotment}"

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("start/", view(self.start_list_view), name="mentoring_engagement_start"),
            path(
                "start/<int:application_id>/",
                view(self.start_view),
                name="mentoring_engagement_start_application",
            ),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "start_url": reverse("admin:mentoring_engagement_start"),
            "can_start": request.user.has_perm("mentoring.add_engagement"),
        }
        return super().changelist_view(request, extra_context)

    def _context(self, request, **extra):
        return {**self.admin_site.each_context(request), "opts": self.model._meta, **extra}

    def start_list_view(self, request):
        """Selected applications without a coach yet; each links to the form below."""
        if not request.user.has_perm("mentoring.add_engagement"):
            raise PermissionDenied
        context = self._context(
            request, title=_("Start coaching"), applications=selectors.selected_without_engagement()
        )
        return TemplateResponse(request, "admin/mentoring/engagement/start_list.html", context)

    def start_view(self, request, application_id: int):
        """Pair a selected application's startup with a coach (services.start_engagement)."""
        if not request.user.has_perm("mentoring.add_engagement"):
            raise PermissionDenied
        application = get_object_or_404(selectors.selected_without_engagement(), pk=application_id)
        today = timezone.localdate()
        form = StartEngagementForm(
            request.POST or None,
            application=application,
            initial={"starts_on": today, "ends_on": today + timedelta(days=180)},
        )
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                engagement = services.start_engagement(
                    coach=data["coach"],
                    startup=application.startup,
                    actor=request.user,
                    starts_on=data["starts_on"],
                    ends_on=data["ends_on"],
                    allotment=data["allotment"],
                    goals=data["goals"],
                    application=application,
                )
            except DomainError as error:
                form.add_error(None, str(error))
            else:
                self.message_user(
                    request,
                    _("Coaching started: %(engagement)s. The coach and the startup were told.")
                    % {"engagement": engagement},
                    messages.SUCCESS,
                )
                return redirect("admin:mentoring_engagement_change", engagement.pk)
        context = self._context(
            request,
            title=_("Start coaching"),
            application=application,
            suggested=form.suggested,
            form=form,
            start_url=reverse("admin:mentoring_engagement_start"),
        )
        return TemplateResponse(request, "admin/mentoring/engagement/start_form.html", context)


# --- sessions and statistics -------------------------------------------------------------


class CoachListFilter(admin.RelatedFieldListFilter):
    """A coach is named after their user: the choices in one query, not one per coach."""

    def field_choices(self, field, request, model_admin):
        coaches = Coach.objects.select_related("user").order_by("user__name", "pk")
        return [(coach.pk, str(coach)) for coach in coaches]


@admin.register(Session)
class SessionAdmin(BigListAdminMixin, AuditHistoryMixin, admin.ModelAdmin):
    list_display = [
        "starts",
        "coach",
        "startup",
        "status",
        "no_show_by",
        "format",
        "progress_percent",
        "rating",
        "late_cancellation",
    ]
    list_filter = [
        "status",
        "no_show_by",
        ("coach", CoachListFilter),
        "format",
        "late_cancellation",
    ]
    search_fields = ["startup__name", "coach__user__name", "coach__user__email"]
    list_select_related = ["coach__user", "startup"]
    ordering = ["-starts_at"]
    fields = [
        "engagement",
        "starts_at",
        "ends_at",
        "status",
        "no_show_by",
        "format",
        "video_link",
        "agenda",
        "booked_by",
        "cancelled_at",
        "cancel_reason",
        "late_cancellation",
        "reminder_sent_at",
        "shared_notes",
        "coach_private_notes",
        "progress_percent",
        "progress_comment",
        "rating",
        "feedback",
        "uid",
        "sequence",
    ]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=gettext_lazy("starts"), ordering="starts_at")
    def starts(self, obj):
        return format_datetime(obj.starts_at)

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path(
                "statistics/",
                view(self.statistics_view),
                name="mentoring_session_statistics",
            ),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "statistics_url": reverse("admin:mentoring_session_statistics"),
        }
        return super().changelist_view(request, extra_context)

    def statistics_view(self, request):
        """Per coach and per startup: sessions held, no-shows by side, average rating, hours."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        coaches, startups = selectors.coaching_statistics()
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Coaching statistics"),
            "coach_rows": [_stat_row(coach, str(coach)) for coach in coaches],
            "startup_rows": [_stat_row(startup, startup.name) for startup in startups],
        }
        return TemplateResponse(request, "admin/mentoring/session/statistics.html", context)


def _stat_row(obj, name: str) -> dict:
    hours = obj.hours.total_seconds() / 3600 if obj.hours else 0
    return {
        "obj": obj,
        "name": name,
        "held": obj.held,
        "no_shows": obj.no_shows,
        "coach_no_shows": obj.coach_no_shows,
        "startup_no_shows": obj.no_shows - obj.coach_no_shows,
        "rating": round(obj.rating, 1) if obj.rating is not None else None,
        "hours": round(hours, 1),
    }
