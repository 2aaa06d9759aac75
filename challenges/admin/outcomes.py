"""Outcome surveys in the admin: staff schedule them per call (an action on the calls) and
follow who answered; the answers themselves reach staff only as the dashboard's totals."""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from challenges.models import OutcomeSurvey
from challenges.services import outcomes
from core.admin import run_service

YEAR_CHOICES = [(year, str(year)) for year in range(1, 11)]


class ScheduleOutcomeSurveysForm(forms.Form):
    years = forms.TypedMultipleChoiceField(
        label=_("Years after the results"),
        choices=YEAR_CHOICES,
        coerce=int,
        initial=[1, 3, 5],
        widget=forms.CheckboxSelectMultiple,
        help_text=_("1, 3 and 5 years by default; tick every year for a yearly survey."),
    )


@admin.action(description=_("Schedule outcome surveys"), permissions=["change"])
def schedule_outcome_surveys(modeladmin, request, queryset):
    """On the calls' list: ask for the years, then schedule each selected call's surveys."""
    return modeladmin.action_with_form(
        request,
        queryset,
        form_class=ScheduleOutcomeSurveysForm,
        title=_("Schedule outcome surveys"),
        action="schedule_outcome_surveys",
        initial={"years": [1, 3, 5]},
        run=lambda data: run_service(
            modeladmin,
            request,
            queryset,
            outcomes.schedule_outcome_surveys,
            _("Outcome surveys scheduled for %(count)s call(s)."),
            years=data["years"],
        ),
    )


@admin.register(OutcomeSurvey)
class OutcomeSurveyAdmin(admin.ModelAdmin):
    list_display = ["challenge", "years_after", "opens_at", "closes_at", "sent_at"]
    list_filter = ["challenge"]
    list_select_related = ["challenge"]
    fields = ["challenge", "years_after", "opens_at", "closes_at", "sent_at"]
    readonly_fields = ["challenge", "years_after", "sent_at"]

    def has_add_permission(self, request):
        return False  # scheduled from the calls' list (schedule_outcome_surveys)
