"""URLs without arguments, reversed once per process (and language, script prefix, URLconf).

The navigation and the footer name the same dozen URLs on every page; reverse() walks the
resolver each time. These answers cannot change while the process runs, except where a test
swaps the URLconf (a different key) or the language gains URL prefixes (keyed by language).
"""

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import translation

_reversed: dict[tuple, str] = {}


def link(name: str) -> str:
    """reverse(name), remembered."""
    key = (name, translation.get_language(), get_script_prefix(), get_urlconf())
    url = _reversed.get(key)
    if url is None:
        url = _reversed[key] = reverse(name)
    return url


@receiver(setting_changed)
def _forget(setting, **kwargs):
    if setting in ("ROOT_URLCONF", "LANGUAGES", "LANGUAGE_CODE"):
        _reversed.clear()
