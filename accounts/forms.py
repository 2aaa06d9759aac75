from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from accounts.models import (
    TIME_ZONE_CHOICES,
    Startup,
    StartupKind,
    TherapeuticArea,
    User,
)
from accounts.validators import (
    format_business_number,
    normalize_business_number,
    validate_business_number,
    validate_seoul_address,
)
from core.forms import BoundedModelMultipleChoiceField

COMMON_TIME_ZONES = [
    ("Asia/Seoul", _("Seoul (Asia/Seoul)")),
    ("America/New_York", _("New York (America/New_York)")),
    ("Europe/Berlin", _("Munich (Europe/Berlin)")),
    ("Asia/Shanghai", _("Shanghai (Asia/Shanghai)")),
]


class SignupExtraForm(forms.Form):
    """Fields allauth's signup form adds to email and password."""

    name = forms.CharField(label=_("Your name"), max_length=150)

    def signup(self, request, user):
        user.name = self.cleaned_data["name"]
        user.save(update_fields=["name"])


class ProfileForm(forms.ModelForm):
    time_zone = forms.ChoiceField(
        label=_("Time zone"),
        choices=[
            (_("Coaching locations"), COMMON_TIME_ZONES),
            (_("All time zones"), TIME_ZONE_CHOICES),
        ],
        help_text=_("Every date and time on the site is shown in this zone."),
    )
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES)

    class Meta:
        model = User
        fields = ["name", "language", "time_zone"]


class StartupForm(forms.ModelForm):
    # A radio list has no use for the "---------" choice that the model field's choices bring.
    kind = forms.ChoiceField(label=_("Kind"), choices=StartupKind.choices, widget=forms.RadioSelect)
    business_number = forms.CharField(
        label=_("Business registration number"),
        max_length=12,
        required=False,
        help_text=_("10 digits, as on your registration certificate (사업자등록증)."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "placeholder": "123-45-67890"}),
    )
    therapeutic_areas = BoundedModelMultipleChoiceField(
        label=_("Therapeutic areas"),
        queryset=TherapeuticArea.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = Startup
        fields = [
            "kind",
            "name",
            "name_en",
            "business_number",
            "founded_on",
            "district",
            "address",
            "website",
            "therapeutic_areas",
        ]
        widgets = {
            "founded_on": forms.DateInput(attrs={"type": "date"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.business_number and not self.is_bound:
            self.initial["business_number"] = format_business_number(self.instance.business_number)

    def clean_business_number(self):
        # People type the dashes; the number is stored as its 10 digits.
        digits = normalize_business_number(self.cleaned_data.get("business_number", ""))
        if digits:
            validate_business_number(digits)
        return digits

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("kind")
        if kind == StartupKind.COMPANY:
            if not cleaned.get("business_number") and "business_number" not in self.errors:
                self.add_error(
                    "business_number",
                    _("A registered company needs its business registration number."),
                )
            if not cleaned.get("founded_on") and "founded_on" not in self.errors:
                self.add_error(
                    "founded_on",
                    _("A registered company needs its business start date."),
                )
        elif kind == StartupKind.PRE_FOUNDER:
            cleaned["business_number"] = ""
            cleaned["founded_on"] = None
        district = cleaned.get("district")
        if district:
            try:
                validate_seoul_address(cleaned.get("address", ""), district)
            except forms.ValidationError as error:
                self.add_error("address", error)
        return cleaned

    def startup_data(self) -> dict:
        return {f: self.cleaned_data[f] for f in self.Meta.fields if f != "therapeutic_areas"}


class InviteForm(forms.Form):
    email = forms.EmailField(label=_("Co-founder's email address"))


class LanguageForm(forms.Form):
    language = forms.ChoiceField(choices=settings.LANGUAGES)


class PhoneForm(forms.Form):
    phone = forms.CharField(
        label=_("Mobile phone number"),
        max_length=20,
        help_text=_("A Korean mobile number, for example 010-1234-5678."),
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
    kakao_opt_in = forms.BooleanField(
        label=_("Send me reminders, results and schedule changes by KakaoTalk (or SMS)"),
        required=False,
        initial=True,
    )
    consent = forms.BooleanField(
        label=_(
            "I agree that Seoul BioHub collects and uses this number to send me programme "
            "notifications by KakaoTalk and SMS, until I remove it."
        ),
    )


class PhoneCodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code from the text message"),
        max_length=6,
        min_length=6,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )
