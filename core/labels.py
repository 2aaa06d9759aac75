"""Display labels in the active language, worked out once per language and process.

`Model.get_FOO_display()` builds a dict of the field's choices on every call, and a lazy label
is translated again each time it is shown: in a list of a hundred rows that is a hundred dicts
and translations for a handful of distinct labels. `labels(choices)` gives {value: label} as
plain strings, built once per language.

Only for module-level constants (a TextChoices class, a dict of labels): they are remembered by
identity for the life of the process.
"""

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
