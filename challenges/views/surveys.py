"""The outcome survey behind a signed single-use link: no sign-in (services.outcomes)."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from accounts.selectors import is_startup_member
from challenges import consents
from challenges.models import Application
from challenges.models.outcomes import ANSWER_FIELDS, OutcomeResponse
from challenges.services import outcomes

REFUSED_STATUS = {"forged": 403, "reused": 403, "expired": 410}


class OutcomeAnswersForm(forms.ModelForm):
    class Meta:
        model = OutcomeResponse
        fields = ANSWER_FIELDS
        widgets = {
            "still_operating": forms.NullBooleanSelect,
            "partnered_with_bms": forms.NullBooleanSelect,
            "help_rating": forms.Select(choices=[("", "—"), *[(n, n) for n in range(1, 6)]]),
        }


@never_cache
@require_http_methods(["GET", "POST"])
def outcome_survey(request, token: str):
    opened = outcomes.open_survey_link(token, request.session)
    if isinstance(opened, outcomes.LinkRefused):
        return render(
            request,
            "challenges/outcome_survey_refused.html",
            {"reason": opened.reason},
            status=REFUSED_STATUS[opened.reason],
        )
    form = OutcomeAnswersForm(request.POST or None, instance=opened)
    if request.method == "POST" and form.is_valid():
        try:
            outcomes.save_outcome_answers(
                opened, answers={field: form.cleaned_data[field] for field in ANSWER_FIELDS}
            )
        except outcomes.OutcomeSurveyError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request, _("Thank you. You can change your answers until the survey closes.")
            )
            return redirect(request.path)
    return render(request, "challenges/outcome_survey.html", {"form": form, "response": opened})


class OutcomeConsentForm(forms.Form):
    agreed = forms.TypedChoiceField(
        label=consents.OUTCOME_CONTACT["label"],
        choices=[("yes", _lazy("Yes, I agree")), ("no", _lazy("No, I do not agree"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )


@login_required
@require_http_methods(["GET", "POST"])
def outcome_consent(request, pk: int):
    """A founder of the application answers the consent to outcome surveys (the page the
    one-time request to applicants who applied before the consent existed links to)."""
    application = get_object_or_404(Application.objects.select_related("challenge"), pk=pk)
    if not is_startup_member(request.user, application.startup):
        raise Http404
    form = OutcomeConsentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        outcomes.record_outcome_consent(
            application, agreed=form.cleaned_data["agreed"], actor=request.user
        )
        messages.success(request, _("Thank you: your answer is recorded."))
        return redirect("challenges:application_detail", application.pk)
    return render(
        request,
        "challenges/outcome_consent.html",
        {
            "application": application,
            "form": form,
            "consent": consents.OUTCOME_CONTACT,
            "current": getattr(application, "outcome_consent", None),
        },
    )
