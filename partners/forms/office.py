from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import Startup
from partners.forms.times import clean_required_range, range_fields
from partners.models import Partner

OFFICE = "office"


class BookingForm(forms.Form):
    """Book one range of one room, for one of the user's startups or partners."""

    purpose = forms.CharField(
        label=_("Purpose"),
        max_length=200,
        help_text=_("Shown only to you and the office staff."),
    )
    attendees = forms.IntegerField(label=_("Attendees"), min_value=1, max_value=500)
    on_behalf = forms.ChoiceField(label=_("Booking for"))

    def __init__(self, *args, room, user, staff: bool, **kwargs):
        super().__init__(*args, **kwargs)
        fields = range_fields("", required=True, label=_("Date"))
        self.fields = {**fields, **self.fields}
        self.fields["attendees"].max_value = room.capacity
        self.fields["attendees"].widget.attrs["max"] = room.capacity
        self.fields["attendees"].help_text = _("At most %(capacity)s people.") % {
            "capacity": room.capacity
        }
        choices = []
        if room.open_to_startups:
            startups = Startup.objects.filter(memberships__user=user).order_by("name")
            choices += [(f"startup:{s.pk}", s.name) for s in startups]
        if room.open_to_partners:
            partners = Partner.objects.filter(members__user=user).order_by("slug")
            choices += [(f"partner:{p.pk}", p.name) for p in partners]
        if staff:
            choices.append((OFFICE, _("The programme office")))
        self.fields["on_behalf"].choices = choices
        self.only_choice = choices[0][0] if len(choices) == 1 else None
        if self.only_choice:  # nothing to choose: not asked
            self.fields["on_behalf"].required = False
            self.fields["on_behalf"].widget = forms.HiddenInput()
        self.has_choices = bool(choices)

    def clean(self):
        cleaned = super().clean()
        cleaned["range"] = clean_required_range(self, "")
        behalf = self.only_choice or cleaned.get("on_behalf") or ""
        cleaned["startup"] = cleaned["partner"] = None
        if behalf.startswith("startup:"):
            cleaned["startup"] = Startup.objects.filter(pk=behalf.split(":", 1)[1]).first()
        elif behalf.startswith("partner:"):
            cleaned["partner"] = Partner.objects.filter(pk=behalf.split(":", 1)[1]).first()
        return cleaned


class CancelBookingForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (optional)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
