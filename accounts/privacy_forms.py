"""Forms of /accounts/my-data/ (kept apart from accounts/forms.py, the sign-up's)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import PrivacyRequestKind, PrivacyRequestStatus


class PrivacyRequestForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("What do you ask for?"),
        choices=PrivacyRequestKind.choices,
        widget=forms.RadioSelect,
    )
    details = forms.CharField(
        label=_("Details"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Which data, and for a correction the right value. "
            "For the BMS consent, name the application."
        ),
    )


class PrivacyAnswerForm(forms.Form):
    """Staff's answer (admin action)."""

    status = forms.ChoiceField(
        label=_("Outcome"),
        choices=[
            (PrivacyRequestStatus.DONE, PrivacyRequestStatus.DONE.label),
            (PrivacyRequestStatus.DECLINED, PrivacyRequestStatus.DECLINED.label),
        ],
    )
    answer = forms.CharField(
        label=_("Answer to the person"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "What was done; where a law requires keeping something, "
            "say so and what was done instead."
        ),
    )


class DeleteAccountForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("I understand that my account and my personal data will be deleted for good."),
    )
