"""Forms of the coaching pages. They check the shape of what people type; the rules of the
programme (free slot, notice, allotment, cut-off) are the services' to enforce."""

from datetime import UTC, datetime
from itertools import pairwise

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.models import Weekday
from mentoring.models import AvailabilityException, NoShowSide, SessionFormat, SessionStatus

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
    """The session's write-up. Everyone taking part writes the shared notes; the coach (and
    staff) also the private notes and, for a held session, the progress towards the goals and,
    at the engagement's first held session, the goals agreed with the startup."""

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
    agreed_goals = forms.CharField(
        label=_("Goals agreed with the startup"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "The goals you agreed at this first session, one per line. They replace the goals "
            "proposed when coaching started, and the startup sees them."
        ),
        error_messages={"required": _("Write the goals you agreed with the startup.")},
    )
    progress_percent = forms.IntegerField(
        label=_("Progress towards the goals (%)"),
        min_value=0,
        max_value=100,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "step": 5}),
        help_text=_("0 = not started, 100 = every goal reached. The startup sees it."),
        error_messages={"required": _("Give the progress from 0 to 100 %.")},
    )
    progress_comment = forms.CharField(
        label=_("Comment on the progress"),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What moved forward, and what comes next. The startup sees it."),
    )

    def __init__(
        self,
        *args,
        with_private: bool,
        with_progress: bool = False,
        with_goals: bool = False,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        if not with_private:
            del self.fields["private_notes"]
        if not with_progress:
            del self.fields["progress_percent"], self.fields["progress_comment"]
        if not with_goals:
            del self.fields["agreed_goals"]

    @classmethod
    def for_session(
        cls,
        session,
        *,
        with_private: bool,
        with_progress: bool = False,
        with_goals: bool = False,
        data=None,
    ):
        initial = {
            "shared_notes": session.shared_notes,
            "private_notes": session.coach_private_notes,
            "progress_percent": session.progress_percent,
            "progress_comment": session.progress_comment,
            "agreed_goals": session.engagement.goals,
        }
        return cls(
            data,
            initial=initial,
            with_private=with_private,
            with_progress=with_progress,
            with_goals=with_goals,
        )


# An outcome: held, or a no-show and whose.
OUTCOMES = {
    "completed": (SessionStatus.COMPLETED, ""),
    "no_show_startup": (SessionStatus.NO_SHOW, NoShowSide.STARTUP),
    "no_show_coach": (SessionStatus.NO_SHOW, NoShowSide.COACH),
}


class OutcomeForm(forms.Form):
    outcome = forms.ChoiceField(
        choices=[
            ("completed", _("Held")),
            ("no_show_startup", _("The startup did not come")),
            ("no_show_coach", _("The coach did not come")),
        ]
    )

    def status_and_side(self) -> tuple[str, str]:
        return OUTCOMES[self.cleaned_data["outcome"]]


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


class AssessmentForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("How much did the coaching help? (1 = not at all, 5 = very much)"),
        choices=RATINGS,
        coerce=int,
        widget=forms.RadioSelect,
    )
    text = forms.CharField(
        label=_("Your assessment"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "How far were the goals reached, what worked, what would you change? You can "
            "submit once. The other side reads it when both have submitted; the programme "
            "office reads it at once."
        ),
        error_messages={"required": _("Write your assessment.")},
    )
