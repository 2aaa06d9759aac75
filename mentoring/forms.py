"""Forms of the coaching pages. They check the shape of what people type; the rules of the
programme (free slot, notice, allotment, cut-off) are the services' to enforce."""

from datetime import UTC, datetime
from itertools import pairwise

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.models import Weekday
from mentoring.models import AvailabilityException, SessionFormat, SessionStatus

TIME_WIDGET = forms.TimeInput(attrs={"type": "time", "class": "form-control"}, format="%H:%M")
DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


# --- availability ---------------------------------------------------------------------------


class RulesForm(forms.Form):
    session_minutes = forms.IntegerField(
        label=_("Session length (minutes)"), min_value=15, max_value=240, initial=60
    )
    buffer_minutes = forms.IntegerField(
        label=_("Break between sessions (minutes)"), min_value=0, max_value=120, initial=15
    )
    min_notice_hours = forms.IntegerField(
        label=_("Minimum notice (hours)"),
        min_value=0,
        max_value=24 * 30,
        initial=24,
        help_text=_("Startups cannot book a session that starts sooner than this."),
    )
    horizon_days = forms.IntegerField(
        label=_("Bookable up to (days ahead)"), min_value=1, max_value=365, initial=60
    )

    @classmethod
    def for_coach(cls, coach, data=None):
        return cls(data, initial={name: getattr(coach, name) for name in cls.base_fields})


# A <select> always posts an option: with none marked, the browser sends the first. The
# initial below is that option, so the form shows what the browser will send and an untouched
# extra row counts as unchanged (has_changed() is False) and is skipped (empty_permitted).
class WindowForm(forms.Form):
    weekday = forms.TypedChoiceField(
        label=_("Day"), choices=Weekday.choices, coerce=int, initial=Weekday.choices[0][0]
    )
    starts = forms.TimeField(label=_("From"), widget=TIME_WIDGET)
    ends = forms.TimeField(label=_("Until"), widget=TIME_WIDGET)

    def clean(self):
        cleaned = super().clean()
        starts, ends = cleaned.get("starts"), cleaned.get("ends")
        if starts and ends and ends <= starts:
            self.add_error("ends", _("The end must be after the start."))
        return cleaned


class BaseWindowFormSet(forms.BaseFormSet):
    """Rows to save: every filled-in row not ticked "Delete" (an extra row left as the page
    showed it is unchanged, so it has no cleaned data)."""

    def rows(self) -> list[tuple[int, object, object]]:
        return [
            (form.cleaned_data["weekday"], form.cleaned_data["starts"], form.cleaned_data["ends"])
            for form in self.forms
            if form.cleaned_data and not self._should_delete_form(form)
        ]

    def clean(self):
        if any(self.errors):
            return
        rows = sorted(self.rows())
        for (day, _starts, ends), (next_day, next_starts, _ends) in pairwise(rows):
            if day == next_day and next_starts < ends:
                raise forms.ValidationError(
                    _("Two windows on %(day)s overlap. Join them into one."),
                    params={"day": Weekday(day).label},
                    code="overlap",
                )


WindowFormSet = forms.formset_factory(
    WindowForm, formset=BaseWindowFormSet, extra=2, can_delete=True
)


class ExceptionForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=DATE_WIDGET)
    kind = forms.ChoiceField(
        label=_("What changes"),
        choices=AvailabilityException.Kind.choices,
        initial=AvailabilityException.Kind.choices[0][0],  # see WindowForm
    )
    starts = forms.TimeField(label=_("From"), widget=TIME_WIDGET, required=False)
    ends = forms.TimeField(label=_("Until"), widget=TIME_WIDGET, required=False)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("kind") == AvailabilityException.Kind.BLOCKED:
            cleaned["starts"] = cleaned["ends"] = None
            return cleaned
        starts, ends = cleaned.get("starts"), cleaned.get("ends")
        if "starts" not in self.errors and starts is None:
            self.add_error("starts", _("Give the start of the extra window."))
        if "ends" not in self.errors and ends is None:
            self.add_error("ends", _("Give the end of the extra window."))
        if starts and ends and ends <= starts:
            self.add_error("ends", _("The end must be after the start."))
        return cleaned


class BaseExceptionFormSet(forms.BaseFormSet):
    def rows(self) -> list[tuple[object, str, object, object]]:
        return [
            (
                form.cleaned_data["date"],
                form.cleaned_data["kind"],
                form.cleaned_data["starts"],
                form.cleaned_data["ends"],
            )
            for form in self.forms
            if form.cleaned_data and not self._should_delete_form(form)
        ]


ExceptionFormSet = forms.formset_factory(
    ExceptionForm, formset=BaseExceptionFormSet, extra=2, can_delete=True
)


# --- booking --------------------------------------------------------------------------------


class SlotField(forms.CharField):
    """A slot's start as the UTC ISO text the radio buttons carry ("2026-03-10T13:00:00Z")."""

    default_error_messages = {
        "invalid": _("Choose one of the times shown."),
        "required": _("Choose a time."),
    }

    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return None
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None
        if moment.tzinfo is None:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return moment.astimezone(UTC)


def slot_value(moment: datetime) -> str:
    """The radio value of a slot: UTC, ISO 8601, "Z" suffix."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


class BookingForm(forms.Form):
    starts_at = SlotField(label=_("Time"))
    session_format = forms.ChoiceField(
        label=_("How would you like to meet?"),
        choices=SessionFormat.choices,
        initial=SessionFormat.VIDEO,
        widget=forms.RadioSelect,
    )
    agenda = forms.CharField(
        label=pgettext_lazy("coaching session", "Agenda"),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "What would you like to discuss? Your coach reads this before the session. "
            "English helps coaches abroad."
        ),
    )


class RescheduleForm(forms.Form):
    starts_at = SlotField(label=_("New time"))
    reason = forms.CharField(
        label=_("Why are you moving it? (optional)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Sent to everyone taking part."),
    )


class CancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Why are you cancelling?"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Sent to everyone taking part."),
        error_messages={"required": _("Give a reason for cancelling.")},
    )


# --- after the session ----------------------------------------------------------------------


class NotesForm(forms.Form):
    shared_notes = forms.CharField(
        label=_("Shared notes"),
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Seen by the coach, the startup and the programme office."),
    )
    private_notes = forms.CharField(
        label=_("Private coach notes"),
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Only the coach and the programme office see these; never the startup."),
    )

    def __init__(self, *args, with_private: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not with_private:
            del self.fields["private_notes"]

    @classmethod
    def for_session(cls, session, *, with_private: bool, data=None):
        initial = {"shared_notes": session.shared_notes}
        if with_private:
            initial["private_notes"] = session.coach_private_notes
        return cls(data, initial=initial, with_private=with_private)


class OutcomeForm(forms.Form):
    outcome = forms.ChoiceField(
        choices=[
            (SessionStatus.COMPLETED, SessionStatus.COMPLETED.label),
            (SessionStatus.NO_SHOW, SessionStatus.NO_SHOW.label),
        ]
    )


RATINGS = [(n, str(n)) for n in range(1, 6)]


class FeedbackForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("How useful was the session? (1 = not useful, 5 = very useful)"),
        choices=RATINGS,
        coerce=int,
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Comment (optional)"),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Read by the programme office and your coach."),
    )
