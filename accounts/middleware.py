import zoneinfo

from django.utils import timezone, translation


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
