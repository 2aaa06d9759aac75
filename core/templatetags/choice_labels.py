"""Display labels of choice fields without `get_FOO_display` (core.labels): in a list of cards
Django's `get_FOO_display` rebuilding the choices dict is most of a card's cost."""

from django import template

from core.labels import field_labels

register = template.Library()


@register.filter
def choice_label(obj, field_name: str):
    """`{{ event|choice_label:"kind" }}`: what `{{ event.get_kind_display }}` shows."""
    value = getattr(obj, field_name)
    return field_labels(type(obj), field_name).get(value, value)
