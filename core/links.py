"""URLs reversed once per process (and language, script prefix, URLconf).

The navigation and the footer name the same dozen URLs on every page, and list pages link
every row to a URL that differs only by its id; reverse() walks the resolver each time. These
answers cannot change while the process runs, except where a test swaps the URLconf (cleared
below) or the language gains URL prefixes (keyed by language).

A URL with integer arguments is reversed once with placeholder numbers, which each row's ids
then replace. A string argument is part of what is remembered: the URL is reversed once per
string (the application's steps link each other by name on every step page), and its ids are
still replaced. Any other argument goes to reverse() as usual.
"""

from django.core.cache import caches
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import translation

# Numbers no real id has, one per argument position: each must appear once in the URL.
_PLACEHOLDERS = ("7355608101", "7355608102", "7355608103")
_UNSUITABLE = ""  # a pattern where the placeholders cannot be told apart: always reverse()

# Remembered URLs, at most this many (strings come from the database: a bound on what they
# can cost in memory); at it, all but the newest half are forgotten.
LIMIT = 10_000

_reversed: dict[tuple, str] = {}


def link(name: str, *args) -> str:
    """reverse(name, args=args), remembered."""
    if len(args) > len(_PLACEHOLDERS) or not all(_is_id(arg) or type(arg) is str for arg in args):
        return reverse(name, args=args)
    # the strings themselves, None where an id goes
    shape = tuple(arg if type(arg) is str else None for arg in args)
    key = (name, shape, translation.get_language(), get_script_prefix(), get_urlconf())
    pattern = _reversed.get(key)
    if pattern is None:
        if len(_reversed) >= LIMIT:
            for old in list(_reversed)[: len(_reversed) - LIMIT // 2]:
                _reversed.pop(old, None)
        pattern = _reversed[key] = _pattern(name, shape)
    if pattern == _UNSUITABLE:
        return reverse(name, args=args)
    ids = (arg for arg in args if type(arg) is not str)
    for placeholder, arg in zip(_PLACEHOLDERS, ids, strict=False):
        pattern = pattern.replace(placeholder, str(arg))
    return pattern


def _is_id(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def _pattern(name: str, shape: tuple) -> str:
    """The URL with placeholders where the ids go, each to appear exactly once (a string
    argument holding a placeholder's digits would be taken for it: _UNSUITABLE)."""
    placeholders = iter(_PLACEHOLDERS)
    used = [next(placeholders) if arg is None else None for arg in shape]
    args = [
        placeholder if fixed is None else fixed
        for fixed, placeholder in zip(shape, used, strict=True)
    ]
    url = reverse(name, args=args)
    if any(placeholder and url.count(placeholder) != 1 for placeholder in used):
        return _UNSUITABLE
    return url


@receiver(setting_changed)
def _forget(setting, **kwargs):
    if setting in ("ROOT_URLCONF", "LANGUAGES", "LANGUAGE_CODE"):
        _reversed.clear()
    if setting in ("ROOT_URLCONF", "LANGUAGES", "LANGUAGE_CODE", "STATIC_URL", "STORAGES"):
        # the frame's fragments kept rendered (base.html) hold such links and static URLs
        caches["template_fragments"].clear()
