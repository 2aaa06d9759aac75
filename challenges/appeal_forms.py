"""The applicant's appeal form (이의신청) and the committee member's finding."""

from django import forms
from django.core.validators import MaxValueValidator
from django.utils.translation import gettext_lazy as _

from challenges.models import ContestedDecision
from core.uploads import DocumentField


class AppealForm(forms.Form):
    contested = forms.ChoiceField(
        label=_("Which decision do you contest?"), widget=forms.RadioSelect, choices=()
    )
    ground_1 = forms.CharField(
        label=_("Ground 1"),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Say which part of the decision you think is wrong, and why."),
    )
    ground_2 = forms.CharField(
        label=_("Ground 2 (optional)"),
        max_length=3000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    ground_3 = forms.CharField(
        label=_("Ground 3 (optional)"),
        max_length=3000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    document_1 = DocumentField(label=_("Supporting document (optional)"), required=False)
    document_2 = DocumentField(label=_("Another supporting document (optional)"), required=False)

    def __init__(self, *args, contestable=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contested"].choices = [
            (value, ContestedDecision(value).label) for value in sorted(contestable)
        ]

    def grounds(self) -> list[str]:
        return [self.cleaned_data[f"ground_{n}"] for n in (1, 2, 3)]

    def uploads(self) -> list:
        return [f for f in (self.cleaned_data["document_1"], self.cleaned_data["document_2"]) if f]


class GrantDeclarationForm(forms.Form):
    """Another public grant for the same work (중복수혜 확인)."""

    programme = forms.CharField(label=_("Programme"), max_length=200)
    agency = forms.CharField(label=_("Agency"), max_length=200)
    amount = forms.IntegerField(label=_("Amount (KRW)"), min_value=0)
    starts_on = forms.DateField(label=_("From"), widget=forms.DateInput(attrs={"type": "date"}))
    ends_on = forms.DateField(label=_("Until"), widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self):
        data = super().clean()
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", _("The end cannot be before the start."))
        return data


class FindingForm(forms.Form):
    """A committee member's finding on an appeal and, if they wish, their own score."""

    finding = forms.CharField(
        label=_("Your finding"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "Answer the grounds of the appeal: was the decision fair, and why? Staff read your "
            "finding before they decide; the applicant does not see it."
        ),
        error_messages={"required": _("Write your finding.")},
    )
    rescore = forms.FloatField(
        label=_("Your score (optional)"),
        required=False,
        min_value=0,
        widget=forms.NumberInput(attrs={"step": "0.1", "inputmode": "decimal"}),
    )

    def __init__(self, *args, scale_max: int = 5, **kwargs):
        super().__init__(*args, **kwargs)
        rescore = self.fields["rescore"]
        rescore.max_value = scale_max
        rescore.validators.append(MaxValueValidator(scale_max))
        rescore.widget.attrs["max"] = scale_max
        rescore.help_text = _(
            "If you would score the application differently: a weighted total from 0 to "
            "%(max)s, on the scale of the reviews above."
        ) % {"max": scale_max}
