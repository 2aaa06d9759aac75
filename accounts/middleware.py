import zoneinfo

from django.contrib.auth.middleware import AuthenticationMiddleware
from django.utils import timezone, translation

from accounts import viewer
from core import viewer_cache


class CachedAuthenticationMiddleware(AuthenticationMiddleware):
    """Django's AuthenticationMiddleware, with the user (and the unread count) read from the
    viewer cache: no query for them on most requests (accounts.viewer).

    request.user is the user itself, not Django's lazy stand-in: the next middleware
    (UserPreferencesMiddleware) reads it on every request anyway, and every attribute read
    through the stand-in is a Python call (some 60 per request on the application's steps;
    1.7% of the instructions of a founder's walk in `make bench`'s deadline rush)."""

    def process_request(self, request):
        super().process_request(request)
        viewer_cache.start_request()
        request.user = _user(request)


def _user(request):
    if not hasattr(request, "_cached_user"):
        request._cached_user = viewer.get_user(request)
    return request._cached_user


class UserPreferencesMiddleware:
    """A signed-in person's saved language and time zone win over the cookie and browser.

    Anonymous visitors get the cookie or Accept-Language (LocaleMiddleware) and Seoul time.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated:
            if user.language:
                translation.activate(user.language)
                request.LANGUAGE_CODE = user.language
            try:
                timezone.activate(zoneinfo.ZoneInfo(user.time_zone))
            except (zoneinfo.ZoneInfoNotFoundError, ValueError):
                timezone.deactivate()
        else:
            timezone.deactivate()
        return self.get_response(request)
