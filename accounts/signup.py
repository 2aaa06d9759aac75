"""The sign-up form's consents (PIPA Art. 15, 22): the required and the optional item each
with purpose, items, retention and the right to refuse, recorded with the privacy policy
version and the time (legal.services.record_signup_consents).

Kept apart from accounts/forms.py: settings.ACCOUNT_SIGNUP_FORM_CLASS names this class, and
allauth makes it the base of its own sign-up form.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.forms import SignupExtraForm
from legal import selectors as legal_selectors
from legal import services as legal_services
from legal.consents import SIGNUP_NOTICES
from legal.models import ConsentItem

CONSENT_FIELDS = {
    "consent_collection": ConsentItem.SIGNUP_COLLECTION,
    "consent_news": ConsentItem.SIGNUP_NEWS,
}


class SignupConsentForm(SignupExtraForm):
    consent_collection = forms.BooleanField(
        label=SIGNUP_NOTICES[ConsentItem.SIGNUP_COLLECTION]["label"],
        error_messages={
            "required": _(
                "To create an account, agree to the collection and use of personal information."
            )
        },
    )
    consent_news = forms.BooleanField(
        label=SIGNUP_NOTICES[ConsentItem.SIGNUP_NEWS]["label"], required=False
    )

    # allauth orders the fields by this list; the consents come last, after their notices.
    field_order = ["email", "password1", "password2", "name", *CONSENT_FIELDS]

    def visible_fields(self):
        """The fields the shared form template lays out; the consents are laid out by
        account/signup.html, each under its notice (the error summary still lists them)."""
        return [field for field in super().visible_fields() if field.name not in CONSENT_FIELDS]

    def consents(self):
        """(notice, bound field) for each item, required first."""
        return [(SIGNUP_NOTICES[item], self[name]) for name, item in CONSENT_FIELDS.items()]

    def privacy_version(self):
        return legal_selectors.current_privacy_version()

    def signup(self, request, user):
        super().signup(request, user)
        legal_services.record_signup_consents(
            user,
            collection=self.cleaned_data["consent_collection"],
            news=self.cleaned_data["consent_news"],
        )
