"""The slot picker's radios, built in Python: a coach's week holds up to ~160 slots of ten
values each, and through the template engine they were most of the booking page's cost."""

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

register = template.Library()

# The radio's state: constant attribute text, safe as it stands.
DISABLED, CHECKED, PLAIN = mark_safe(" disabled"), mark_safe(" checked"), ""


@register.simple_tag
def slot_radios(day, number: int, selected) -> str:
    """`<li>` rows for one day's slots (mentoring.views.booking.Day), the day being the
    picker's `number`th; the slot whose value is `selected` is checked, the session's own
    time (`slot.current`) disabled."""
    coach = gettext("coach")
    booked = format_html(
        ' <span class="badge text-bg-secondary ms-1">{}</span>', gettext("Now booked")
    )
    outside = format_html(
        ' <span class="badge text-bg-warning ms-1">⚠ {}</span>',
        gettext("Outside 08:00–20:00 in your time zone"),
    )
    rows = []
    for index, slot in enumerate(day.slots, start=1):
        state = DISABLED if slot.current else CHECKED if slot.value == selected else PLAIN
        coach_part = (
            format_html(' · <span class="text-nowrap">{} ({})</span>', slot.coach_label, coach)
            if slot.coach_label
            else ""
        )
        rows.append(
            (
                slot.value,
                number,
                index,
                state,
                number,
                index,
                slot.viewer_label,
                coach_part,
                booked if slot.current else "",
                outside if slot.outside_hours else "",
            )
        )
    return format_html_join(
        "\n",
        '<li class="form-check border rounded py-2 pe-2 ps-5 mb-2">'
        '<input class="form-check-input" type="radio" name="starts_at" value="{}" '
        'id="slot-{}-{}"{}>'
        '<label class="form-check-label" for="slot-{}-{}"><strong>{}</strong>{}{}{}</label>'
        "</li>",
        rows,
    )
