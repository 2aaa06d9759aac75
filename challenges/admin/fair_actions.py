"""Admin actions of fair selection (issue 16) on applications: a deadline extension."""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from challenges.admin.tranches import service_with_form
from challenges.services.extensions import grant_deadline_extension


class ExtensionForm(forms.Form):
    closes_at = forms.DateTimeField(
        label=gettext_lazy("New deadline"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )
    reason = forms.CharField(
        label=pgettext_lazy("deadline extension", "Reason"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


@admin.action(
    description=gettext_lazy("Extend the deadline of this application (with a reason)"),
    permissions=["screen_application"],
)
def extend_deadline(modeladmin, request, queryset):
    return service_with_form(
        modeladmin,
        request,
        queryset.select_related("challenge", "startup"),
        service=grant_deadline_extension,
        done=_("%(count)s deadlines extended."),
        form_class=ExtensionForm,
        title=_("Extend the deadline"),
        action="extend_deadline",
    )


FAIR_ACTIONS = [extend_deadline]
