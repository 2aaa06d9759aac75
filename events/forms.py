"""Forms of the events pages. They check the shape of what people type; whether a seat is
left, registration is open or a code is genuine is the services' to decide."""

from datetime import UTC, date, datetime, time, timedelta

from django import forms
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext_lazy as _

from events.models import Event, EventFormat, EventKind, EventLanguage, RegistrationMode

# A filter value -> the events it matches: people pick the language they understand and the
# way they can attend, so bilingual and hybrid events match both.
LANGUAGE_MATCHES = {
    EventLanguage.KO: [EventLanguage.KO, EventLanguage.BOTH],
    EventLanguage.EN: [EventLanguage.EN, EventLanguage.BOTH],
    EventLanguage.BOTH: [EventLanguage.BOTH],
}
FORMAT_MATCHES = {
    EventFormat.ONSITE: [EventFormat.ONSITE, EventFormat.HYBRID],
    EventFormat.ONLINE: [EventFormat.ONLINE, EventFormat.HYBRID],
    EventFormat.HYBRID: [EventFormat.HYBRID],
}
MAX_FEED_RANGE = timedelta(days=400)


def _with_any(choices, label):
    return [("", label), *choices]


class EventFilterForm(forms.Form):
    """The GET form above the list of events; an unknown value is ignored, not an error."""

    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=_with_any(EventKind.choices, _("All kinds"))
    )
    language = forms.ChoiceField(
        label=_("Language"),
        required=False,
        choices=_with_any(EventLanguage.choices, _("Any language")),
    )
    format = forms.ChoiceField(
        label=_("Way to attend"),
        required=False,
        choices=_with_any(EventFormat.choices, _("On site or online")),
    )

    def filter(self, events):
        if not self.is_valid():
            return events
        data = self.cleaned_data
        if data["kind"]:
            events = events.filter(kind=data["kind"])
        if data["language"]:
            events = events.filter(language__in=LANGUAGE_MATCHES[data["language"]])
        if data["format"]:
            events = events.filter(format__in=FORMAT_MATCHES[data["format"]])
        return events

    @property
    def active(self) -> bool:
        return self.is_valid() and any(self.cleaned_data.values())


def attendable_modes(event: Event) -> list[str]:
    """The event's ways to attend that have places at all (full ones keep a waiting list)."""
    capacity = {"onsite": event.capacity_onsite, "online": event.capacity_online}
    return [mode for mode in event.modes if capacity[mode] > 0] or event.modes


class RegistrationForm(forms.Form):
    """What an event asks of the people who register: the way to attend when it is hybrid,
    the affiliation and dietary needs when the organisers want them."""

    mode = forms.ChoiceField(
        label=_("How will you attend?"),
        choices=RegistrationMode.choices,
        widget=forms.RadioSelect,
    )
    affiliation = forms.CharField(
        label=_("Affiliation"),
        max_length=200,
        required=False,
        help_text=_("Your company, institution or startup."),
    )
    dietary_needs = forms.CharField(
        label=_("Dietary needs"),
        max_length=200,
        required=False,
        help_text=_("Allergies or a diet the caterer should know about. Optional."),
    )

    def __init__(self, *args, event: Event, **kwargs):
        super().__init__(*args, **kwargs)
        self.event = event
        self.modes = attendable_modes(event)
        if len(self.modes) == 1:
            del self.fields["mode"]
        else:
            self.fields["mode"].choices = [
                (mode, RegistrationMode(mode).label) for mode in self.modes
            ]
        if not event.ask_affiliation:
            del self.fields["affiliation"]
        if not event.ask_dietary_needs:
            del self.fields["dietary_needs"]

    @staticmethod
    def asks_nothing(event: Event) -> bool:
        """One click: a single way to attend and no question."""
        return len(attendable_modes(event)) == 1 and not (
            event.ask_affiliation or event.ask_dietary_needs
        )

    def registration_data(self) -> dict:
        data = self.cleaned_data
        return {
            "mode": data.get("mode") or self.modes[0],
            "affiliation": data.get("affiliation", ""),
            "dietary_needs": data.get("dietary_needs", ""),
        }


class CheckInTokenForm(forms.Form):
    token = forms.CharField(
        label=_("Scanned code"),
        max_length=500,
        help_text=_("Scan the attendee's QR code; the scanner types the code here."),
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "off", "spellcheck": "false"}
        ),
    )


class CheckInSearchForm(forms.Form):
    q = forms.CharField(label=_("Name or email"), max_length=100, required=False)


class MonthForm(forms.Form):
    """?month=YYYY-MM; anything else means the current month."""

    month = forms.RegexField(regex=r"^\d{4}-(0[1-9]|1[0-2])$", required=False)

    def first_day(self, today: date) -> date:
        if self.is_valid() and self.cleaned_data["month"]:
            year, month = self.cleaned_data["month"].split("-")
            if 1900 < int(year) < 3000:
                return date(int(year), int(month), 1)
        return today.replace(day=1)


def _moment(text: str) -> datetime | None:
    """An ISO date or date-time as calendar widgets send it; a date is midnight in the
    viewer's zone, a date-time without offset too."""
    text = (text or "").strip().replace(" ", "+")  # a "+" in a query string arrives as " "
    try:
        value = parse_datetime(text)
        if value is None:
            day = parse_date(text)
            value = datetime.combine(day, time()) if day else None
    except ValueError:
        return None
    if value is not None and timezone.is_naive(value):
        value = timezone.make_aware(value)
    return value.astimezone(UTC) if value else None


class CalendarRangeForm(forms.Form):
    start = forms.CharField()
    end = forms.CharField()

    def clean(self):
        cleaned = super().clean()
        start, end = _moment(cleaned.get("start", "")), _moment(cleaned.get("end", ""))
        if start is None or end is None:
            raise forms.ValidationError(_("Give start and end as ISO dates."), code="format")
        if end <= start or end - start > MAX_FEED_RANGE:
            raise forms.ValidationError(
                _("The end must follow the start, at most 400 days later."), code="range"
            )
        cleaned["start"], cleaned["end"] = start, end
        return cleaned
