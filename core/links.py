"""URLs reversed once per process (and language, script prefix, URLconf).

The navigation and the footer name the same dozen URLs on every page, and list pages link
every row to a URL that differs only by its id; reverse() walks the resolver each time. These
answers cannot change while the process runs, except where a test swaps the URLconf (cleared
below) or the language gains URL prefixes (keyed by language).

A URL with integer arguments is reversed once with placeholder numbers, which each row's ids
then replace; any other argument goes to reverse() as usual.
"""

from django.core.cache import caches
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import translation

# Numbers no real id has, one per argument position: each must appear once in the URL.
_PLACEHOLDERS = ("7355608101", "7355608102", "7355608103")
_UNSUITABLE = ""  # a pattern where the placeholders cannot be told apart: always reverse()

_reversed: dict[tuple, str] = {}


def link(name: str, *args) -> str:
    """reverse(name, args=args), remembered."""
    if len(args) > len(_PLACEHOLDERS) or not all(_is_id(arg) for arg in args):
        return reverse(name, args=args)
    key = (name, len(args), translation.get_language(), get_script_prefix(), get_urlconf())
    pattern = _reversed.get(key)
    if pattern is None:
        pattern = _reversed[key] = _pattern(name, len(args))
    if pattern == _UNSUITABLE:
        return reverse(name, args=args)
    for placeholder, arg in zip(_PLACEHOLDERS, args, strict=False):
        pattern = pattern.replace(placeholder, str(arg))
    return pattern


def _is_id(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def _pattern(name: str, count: int) -> str:
    url = reverse(name, args=_PLACEHOLDERS[:count])
    if count and any(url.count(placeholder) != 1 for placeholder in _PLACEHOLDERS[:count]):
        return _UNSUITABLE
    return url


@receiver(setting_changed)
def _forget(setting, **kwargs):
    if setting in ("ROOT_URLCONF", "LANGUAGES", "LANGUAGE_CODE"):
        _reversed.clear()
    if setting in ("ROOT_URLCONF", "LANGUAGES", "LANGUAGE_CODE", "STATIC_URL", "STORAGES"):
        # the frame's fragments kept rendered (base.html) hold such links and static URLs
        caches["template_fragments"].clear()
