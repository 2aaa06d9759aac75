from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.models import Startup, TherapeuticArea
from core.uploads import DocumentField
from partners.forms.times import clean_range, clean_required_range, range_fields
from partners.models import MAX_PREFERRED_TIMES, MeetingMode, Outcome, Room


class TimesMixin:
    """Up to three preferred times; the first is required."""

    def add_time_fields(self) -> None:
        for n in range(1, MAX_PREFERRED_TIMES + 1):
            label = _("Preferred time %(n)s") % {"n": n}
            self.fields.update(range_fields(f"time{n}_", required=n == 1, label=label))

    def time_prefixes(self) -> list[str]:
        return [f"time{n}_" for n in range(1, MAX_PREFERRED_TIMES + 1)]

    def clean_times(self) -> list:
        times = [clean_range(self, prefix) for prefix in self.time_prefixes()]
        return [t for t in times if t is not None]


class ConsultationForm(TimesMixin, forms.Form):
    startup = forms.ModelChoiceField(label=_("Startup"), queryset=Startup.objects.none())
    topic = forms.CharField(label=_("Topic"), max_length=200)
    area = forms.ModelChoiceField(
        label=_("Therapeutic area"), queryset=TherapeuticArea.objects.all()
    )
    ask = forms.CharField(
        label=_("What do you want from the partner?"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "For example feedback on your development plan, a co-development talk, "
            "access to a model or an assay."
        ),
    )
    mode = forms.ChoiceField(
        label=_("Meeting"), choices=MeetingMode.choices, widget=forms.RadioSelect
    )
    deck = DocumentField(
        label=_("Non-confidential deck (optional)"),
        required=False,
        allowed_kinds=("pdf", "pptx"),
        help_text=_("PDF or PowerPoint. Do not include confidential information."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        startups = Startup.objects.filter(memberships__user=user).order_by("name")
        self.fields["startup"].queryset = startups
        self.only_startup = startups[0] if len(startups) == 1 else None
        if self.only_startup:  # nothing to choose: not asked
            self.fields["startup"].required = False
            self.fields["startup"].widget = forms.HiddenInput()
        self.add_time_fields()

    def clean(self):
        cleaned = super().clean()
        if self.only_startup:
            cleaned["startup"] = self.only_startup
        cleaned["times"] = self.clean_times()
        return cleaned


class AcceptForm(forms.Form):
    time = forms.ModelChoiceField(
        label=_("Time"), queryset=None, widget=forms.RadioSelect, empty_label=None
    )
    room = forms.ModelChoiceField(
        label=_("Meeting room"),
        queryset=Room.objects.filter(is_active=True),
        required=False,
        empty_label=_("The first free room"),
    )
    video_link = forms.URLField(label=_("Video link"), required=False, max_length=200)
    message = forms.CharField(
        label=_("Message (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, times, in_person: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["time"].queryset = times
        if in_person:
            del self.fields["video_link"]
        else:
            del self.fields["room"]


class ProposeForm(forms.Form):
    message = forms.CharField(
        label=_("Message to the startup"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    video_link = forms.URLField(label=_("Video link"), required=False, max_length=200)

    def __init__(self, *args, in_person: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields.update(range_fields("", required=True, label=_("Date")))
        if in_person:
            del self.fields["video_link"]

    def clean(self):
        cleaned = super().clean()
        cleaned["range"] = clean_required_range(self, "")
        return cleaned


class NewTimesForm(TimesMixin, forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_time_fields()

    def clean(self):
        cleaned = super().clean()
        cleaned["times"] = self.clean_times()
        return cleaned


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=pgettext_lazy("cancel or decline", "Reason"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class OptionalReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (optional)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class OutcomeForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=Outcome.choices)
    note = forms.CharField(
        label=_("Note (optional)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
