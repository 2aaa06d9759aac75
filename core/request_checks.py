"""Refuse requests whose query string (or path) carries control characters.

No browser puts a NUL or another control character in a link or a GET form's value; only a
crafted URL does. PostgreSQL refuses NUL in text, so such a value reaching a filter
(`/partners/?q=%00`) ended as a 500, and other control characters are never meaningful in a
search, a page number or a date. Refusing them here, before any view runs, covers every
parameter of every page, ours and the admin's, including those added later. Tab and line
breaks are let through: a textarea in a GET form may send them.
"""

import unicodedata

from django.core.exceptions import SuspiciousOperation

ALLOWED_CONTROLS = frozenset("\t\n\r")


class ControlCharacterInRequest(SuspiciousOperation):
    """A control character in a query parameter's name or value, or a NUL in the path.
    Django answers a SuspiciousOperation with 400 and logs it on django.security.*."""


def _has_control(text: str) -> bool:
    return any(unicodedata.category(char) == "Cc" and char not in ALLOWED_CONTROLS for char in text)


def has_control_characters(request) -> bool:
    if "\x00" in request.path_info:
        return True
    return any(
        _has_control(name) or any(_has_control(value) for value in values)
        for name, values in request.GET.lists()
    )


class RefuseControlCharactersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if has_control_characters(request):
            # The value is not logged: it may carry what someone typed.
            raise ControlCharacterInRequest("Control character in the query string or path")
        return self.get_response(request)
