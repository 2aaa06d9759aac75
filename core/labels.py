"""Display labels in the active language, worked out once per language and process.

`Model.get_FOO_display()` builds a dict of the field's choices on every call, and a lazy label
is translated again each time it is shown: in a list of a hundred rows that is a hundred dicts
and translations for a handful of distinct labels. `labels(choices)` gives {value: label} as
plain strings, built once per language.

`labels` is only for module-level constants (a TextChoices class, a dict of labels): they are
remembered by identity for the life of the process. `field_labels(Model, "field")` gives the
same for a model field's choices (the `choice_label` template filter reads it).
"""

from functools import lru_cache

from django.utils import translation

_built: dict[tuple, tuple[object, dict[str, str]]] = {}


def labels(choices) -> dict[str, str]:
    """{value: label in the active language} of a TextChoices class or a {value: label} dict."""
    key = (id(choices), translation.get_language())
    found = _built.get(key)
    if found is None:
        pairs = choices.choices if hasattr(choices, "choices") else choices.items()
        # the constant itself is kept beside its labels, so its id is never reused
        found = _built[key] = (choices, {value: str(label) for value, label in pairs})
    return found[1]


@lru_cache(maxsize=512)
def _field_labels(model: type, field_name: str, language: str | None) -> dict[str, str]:
    field = model._meta.get_field(field_name)
    return {value: str(label) for value, label in field.flatchoices}


def field_labels(model: type, field_name: str) -> dict[str, str]:
    """{value: label in the active language} of the choices of `model.field_name`."""
    return _field_labels(model, field_name, translation.get_language())
