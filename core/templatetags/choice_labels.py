"""Display labels of choice fields without `get_FOO_display`.

Django's `get_FOO_display` rebuilds the field's choices dict and translates the label on
every call; in a list of cards that is most of the card's cost. Here the labels of a field
are built once per process and language, and each card costs a dict lookup.
"""

from functools import lru_cache

from django import template
from django.utils.translation import get_language

register = template.Library()


@lru_cache(maxsize=512)
def choice_labels(model: type, field_name: str, language: str | None) -> dict:
    """{value: label} of `model.field_name` in `language` (the active one when called)."""
    field = model._meta.get_field(field_name)
    return {value: str(label) for value, label in field.flatchoices}


@register.filter
def choice_label(obj, field_name: str):
    """`{{ event|choice_label:"kind" }}`: what `{{ event.get_kind_display }}` shows."""
    value = getattr(obj, field_name)
    return choice_labels(type(obj), field_name, get_language()).get(value, value)
