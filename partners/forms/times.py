"""A date and a half-hour start and end, in the office's zone (KST), as one time range."""

from datetime import datetime, time

from django import forms
from django.utils.translation import gettext_lazy as _

from partners.models import BOOKING_STEP_MINUTES, OFFICE_TZ

FIRST_HOUR, LAST_HOUR = 7, 22


def half_hours() -> list[tuple[str, str]]:
    choices = []
    for minutes in range(FIRST_HOUR * 60, LAST_HOUR * 60 + 1, BOOKING_STEP_MINUTES):
        label = f"{minutes // 60:02d}:{minutes % 60:02d}"
        choices.append((label, label))
    return choices


def range_fields(prefix: str, *, required: bool, label: str) -> dict[str, forms.Field]:
    """The three fields of one range: <prefix>date, <prefix>start, <prefix>end."""
    blank = [] if required else [("", "—")]
    return {
        f"{prefix}date": forms.DateField(
            label=label,
            required=required,
            widget=forms.DateInput(attrs={"type": "date"}),
        ),
        f"{prefix}start": forms.ChoiceField(
            label=_("from (KST)"), required=required, choices=blank + half_hours()
        ),
        f"{prefix}end": forms.ChoiceField(
            label=_("until (KST)"), required=required, choices=blank + half_hours()
        ),
    }


GIVE_THE_RANGE = _("Give the date, the start and the end.")


def clean_range(form: forms.Form, prefix: str) -> tuple[datetime, datetime] | None:
    """The range as aware datetimes in Seoul, None when left empty; adds a form error when
    half filled in or when it ends before it starts."""
    data = form.cleaned_data
    day, start, end = (data.get(f"{prefix}{part}") for part in ("date", "start", "end"))
    if not day and not start and not end:
        return None
    if not (day and start and end):
        form.add_error(f"{prefix}date", GIVE_THE_RANGE)
        return None
    starts_at = datetime.combine(day, time.fromisoformat(start), tzinfo=OFFICE_TZ)
    ends_at = datetime.combine(day, time.fromisoformat(end), tzinfo=OFFICE_TZ)
    if ends_at <= starts_at:
        form.add_error(f"{prefix}end", _("The end must be after the start."))
        return None
    return starts_at, ends_at


def clean_required_range(form: forms.Form, prefix: str) -> tuple[datetime, datetime] | None:
    """As clean_range, for a range that must be given: a valid form always has it."""
    value = clean_range(form, prefix)
    if value is None and not form.errors:
        form.add_error(None, GIVE_THE_RANGE)
    return value
