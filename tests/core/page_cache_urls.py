"""Pages marked for the visitors' cache that misbehave on purpose (tests/core/test_page_cache.py):
one sets a cookie, one uses the CSRF token, one the CSP nonce, one answers POST too. Each
counts its calls, so a test sees whether the view ran or a kept copy answered."""

from collections import Counter

from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.urls import include, path

from core.page_cache import cached_for_visitors

calls: Counter = Counter()


@cached_for_visitors
def sets_a_cookie(request):
    calls["cookie"] += 1
    response = HttpResponse("with a cookie")
    response.set_cookie("seen", "1")
    return response


@cached_for_visitors
def uses_the_csrf_token(request):
    calls["csrf"] += 1
    return HttpResponse(f'<input name="csrfmiddlewaretoken" value="{get_token(request)}">')


@cached_for_visitors
def uses_the_nonce(request):
    calls["nonce"] += 1
    return HttpResponse(f'<script nonce="{request.csp_nonce}"></script>')


@cached_for_visitors
def any_method(request):
    calls[f"any:{request.method}"] += 1
    return HttpResponse(f"answered {request.method} #{calls[f'any:{request.method}']}")


urlpatterns = [
    path("test/cookie/", sets_a_cookie),
    path("test/csrf/", uses_the_csrf_token),
    path("test/nonce/", uses_the_nonce),
    path("test/any/", any_method),
    path("", include("config.urls")),
]
