"""The application form, one step per form. Drafts accept partial answers: completeness is
checked at submission (selectors.missing_items), so nothing a founder typed is refused for
being unfinished."""

from django import forms
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext

from challenges import consents, selectors
from challenges.models import Application, DocumentKind, Recommendation
from core.money import format_krw
from core.uploads import DocumentField


class CountedTextarea(forms.Textarea):
    """A textarea with its character count under it ("0/3,000자"), rendered by the server and
    kept up to date by static/js/application-form.js."""

    template_name = "challenges/widgets/counted_textarea.html"

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        widget = context["widget"]
        maxlength = widget["attrs"].get("maxlength")
        if maxlength:
            length = format_html(
                '<span class="char-count-value">{}</span>', f"{len(widget['value'] or ''):,}"
            )
            # Numbers only go into the translation: safe once the span is built.
            widget["counter"] = mark_safe(  # noqa: S308
                pgettext("characters typed of the most allowed", "%(length)s/%(max)s characters")
                % {"length": length, "max": f"{int(maxlength):,}"}
            )
            counter = f"{widget['attrs']['id']}_count"
            described = widget["attrs"].get("aria-describedby")
            widget["attrs"]["aria-describedby"] = f"{described} {counter}" if described else counter
        return context


class AmountInput(forms.TextInput):
    """Won typed with separators ("50,000,000"), the unit after the box."""

    template_name = "challenges/widgets/amount_input.html"

    def __init__(self, attrs=None):
        super().__init__({"inputmode": "numeric", "autocomplete": "off", **(attrs or {})})

    def format_value(self, value):
        if isinstance(value, int):
            return f"{value:,}"
        return super().format_value(value)

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["unit"] = pgettext("currency unit after an amount", "KRW")
        context["widget"]["attrs"]["data-amount"] = ""
        return context


class AmountField(forms.IntegerField):
    """A whole number of won that accepts "50,000,000", "50 000 000" and "50,000,000원"."""

    widget = AmountInput

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip().removesuffix("원").replace(",", "").replace(" ", "")
        return super().to_python(value)


# Fields a submission needs (selectors.REQUIRED), and those needed only to request a grant.
REQUIRED_FIELDS = {name for fields in selectors.REQUIRED.values() for name, _message in fields}
GRANT_FIELDS = {"requested_grant_amount", "grant_use_plan"}


class DraftStepForm(forms.ModelForm):
    """A step of the draft: every field optional, formats still checked. Labels say which
    answers the submission needs and which are optional ("(선택)"); text boxes count
    characters; empty dropdowns say "선택하세요"."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            field.required = False
            if isinstance(field.widget, forms.Textarea) and field.max_length:
                attrs = field.widget.attrs
                field.widget = CountedTextarea(attrs=attrs)
                field.widget.attrs.update(field.widget_attrs(field.widget))
            if isinstance(field, forms.ModelChoiceField):
                field.empty_label = _("Choose one")
            elif isinstance(field, forms.ChoiceField) and field.choices:
                choices = list(field.choices)
                if choices[0][0] == "":
                    field.choices = [("", _("Choose one")), *choices[1:]]
            if isinstance(field, forms.BooleanField):
                continue
            if name in REQUIRED_FIELDS:
                field.label = _("%(label)s (required)") % {"label": field.label}
            elif name in GRANT_FIELDS:
                field.label = _("%(label)s (required for a grant)") % {"label": field.label}
            else:
                field.label = _("%(label)s (optional)") % {"label": field.label}

    def valid_answers(self) -> dict:
        """The answers that passed validation, to save even when another field failed."""
        cleaned = getattr(self, "cleaned_data", {})
        return {name: value for name, value in cleaned.items() if name not in self.errors}


class TeamForm(DraftStepForm):
    class Meta:
        model = Application
        fields = ["team_summary", "team_size"]
        widgets = {"team_summary": forms.Textarea(attrs={"rows": 6})}
        help_texts = {
            "team_summary": _(
                "Founders and key people: their roles, scientific and business experience."
            ),
        }


class TechnologyForm(DraftStepForm):
    class Meta:
        model = Application
        fields = [
            "therapeutic_area",
            "modality",
            "development_stage",
            "target_indication",
            "technology_summary",
            "unmet_need",
        ]
        widgets = {
            "technology_summary": forms.Textarea(attrs={"rows": 6}),
            "unmet_need": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "target_indication": _("For example: KRAS G12D, pancreatic ductal adenocarcinoma."),
            "unmet_need": _("Which patients need this, and what today's treatments lack."),
        }

    def __init__(self, *args, challenge, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["therapeutic_area"].queryset = challenge.therapeutic_areas.all()


class FitForm(DraftStepForm):
    class Meta:
        model = Application
        fields = ["bms_fit"]
        widgets = {"bms_fit": forms.Textarea(attrs={"rows": 6})}
        help_texts = {
            "bms_fit": _(
                "How the technology relates to BMS's work in oncology, hematology and immunology, "
                "and what you hope to gain from BMS's experts."
            ),
        }


class SupportForm(DraftStepForm):
    requested_grant_amount = AmountField(
        label=_("Requested grant (KRW)"), required=False, min_value=0
    )

    class Meta:
        model = Application
        fields = [
            "wants_grant",
            "wants_coaching",
            "wants_networking",
            "requested_grant_amount",
            "grant_use_plan",
        ]
        widgets = {"grant_use_plan": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args, challenge, **kwargs):
        super().__init__(*args, **kwargs)
        self.challenge = challenge
        self.fields["requested_grant_amount"].max_value = challenge.max_grant_amount
        self.fields["requested_grant_amount"].help_text = _(
            "Enter a whole number of won, up to %(max)s."
        ) % {"max": format_krw(challenge.max_grant_amount)}

    def clean_requested_grant_amount(self):
        amount = self.cleaned_data.get("requested_grant_amount")
        if amount is not None and amount > self.challenge.max_grant_amount:
            raise forms.ValidationError(
                _("The most this call grants is %(max)s."),
                code="above_maximum",
                params={"max": format_krw(self.challenge.max_grant_amount)},
            )
        return amount


class DocumentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of document"), choices=DocumentKind.choices)
    file = DocumentField(
        label=_("File"),
        help_text=_(
            "Accepted formats: PDF, PPTX, DOCX or XLSX, up to 20 MB. Hangul (HWP, HWPX) files "
            "are not accepted: save them as PDF first."
        ),
    )


class ConsentForm(forms.Form):
    collection = forms.BooleanField(label=consents.COLLECTION["label"], required=False)
    third_party = forms.BooleanField(label=consents.THIRD_PARTY["label"], required=False)
    # Optional: outcome surveys after the results (services.outcomes).
    outcome_contact = forms.BooleanField(label=consents.OUTCOME_CONTACT["label"], required=False)


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (optional)"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


NOT_APPLICABLE = "na"

# What the points of a 1–5 scale mean, shown under each number; other scales name their ends.
SCALE_WORDS = {
    1: _("Weak"),
    2: _("Fair"),
    3: _("Adequate"),
    4: _("Good"),
    5: _("Excellent"),
}


def scale_word(criterion, value: int) -> str:
    if criterion.scale_min == 1 and criterion.scale_max == 5:
        return SCALE_WORDS[value]
    if value == criterion.scale_min:
        return SCALE_WORDS[1]
    if value == criterion.scale_max:
        return SCALE_WORDS[5]
    return ""


class ReviewForm(forms.Form):
    """One score (or n/a) and comment per criterion, then the overall recommendation.

    A draft may leave anything unanswered; with `complete=True` (the check before the review
    is locked) every criterion needs a score or n/a and the recommendation is required, each
    error beside its field.
    """

    recommendation = forms.ChoiceField(
        label=_("Overall recommendation"),
        choices=[("", "—"), *Recommendation.choices],
        required=False,
    )
    comment = forms.CharField(
        label=_("Overall comment"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )

    def __init__(self, *args, criteria, review=None, complete=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        self.complete = complete
        existing = {s.criterion_id: s for s in review.scores.all()} if review else {}
        for criterion in self.criteria:
            choices = [
                (str(v), str(v)) for v in range(criterion.scale_min, criterion.scale_max + 1)
            ] + [(NOT_APPLICABLE, _("n/a"))]
            score = existing.get(criterion.pk)
            self.fields[f"score_{criterion.pk}"] = forms.ChoiceField(
                label=criterion.name,
                help_text=criterion.guidance,
                choices=choices,
                required=False,
                widget=forms.RadioSelect,
                initial=(
                    None
                    if score is None
                    else (NOT_APPLICABLE if score.value is None else str(score.value))
                ),
            )
            self.fields[f"comment_{criterion.pk}"] = forms.CharField(
                label=_("Comment on %(criterion)s") % {"criterion": criterion.name},
                required=False,
                max_length=3000,
                widget=forms.Textarea(attrs={"rows": 2}),
                initial=score.comment if score else "",
            )
        if review is not None:
            self.fields["recommendation"].initial = review.recommendation
            self.fields["comment"].initial = review.comment
        # The overall fields come last, after the criteria.
        self.order_fields([*(n for n in self.fields if n.startswith(("score_", "comment_")))])

    def clean(self):
        cleaned = super().clean()
        if self.complete:
            for criterion in self.criteria:
                name = f"score_{criterion.pk}"
                if name not in self.errors and not cleaned.get(name):
                    self.add_error(name, _("Choose a score, or n/a if it cannot be judged."))
            if "recommendation" not in self.errors and not cleaned.get("recommendation"):
                self.add_error("recommendation", _("Give your overall recommendation."))
        return cleaned

    def scorecard(self) -> list[dict]:
        """Per criterion: its weight, the score field with each point's word, the comment."""
        rows = []
        for criterion in self.criteria:
            score = self[f"score_{criterion.pk}"]
            points = []
            for radio in score:
                value = radio.data["value"]
                word = "" if value == NOT_APPLICABLE else scale_word(criterion, int(value))
                points.append({"radio": radio, "word": word, "na": value == NOT_APPLICABLE})
            rows.append(
                {
                    "criterion": criterion,
                    "score": score,
                    "points": points,
                    "comment": self[f"comment_{criterion.pk}"],
                }
            )
        return rows

    def scores(self) -> dict[int, tuple[int | None, str]]:
        """criterion id -> (value or None for n/a, comment); unanswered criteria left out."""
        result = {}
        for criterion in self.criteria:
            choice = self.cleaned_data.get(f"score_{criterion.pk}")
            if not choice:
                continue
            value = None if choice == NOT_APPLICABLE else int(choice)
            result[criterion.pk] = (value, self.cleaned_data.get(f"comment_{criterion.pk}", ""))
        return result


class ConflictForm(forms.Form):
    reason = forms.CharField(
        label=_("Describe the conflict of interest"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
