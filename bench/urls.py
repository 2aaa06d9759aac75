from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.template import engines
from django.urls import include, path


def bare(request):
    """The anonymous baseline: Django's request cycle and middleware, no database, no template."""
    return HttpResponse("ok", content_type="text/plain")


@login_required
def bare_signed_in(request):
    """The signed-in baseline: the same, plus what every signed-in request pays before any
    content (the session and the user, read by login_required)."""
    return HttpResponse("ok", content_type="text/plain")


_EMPTY_PAGE = engines["django"].from_string(
    "{% extends 'base.html' %}{% block head_title %}Bench{% endblock %}"
)


@login_required
def empty_signed_in(request):
    """For reference, not a baseline: a signed-in page with nothing in it, i.e. what the
    site's frame (base.html: menu, language switch, footer) costs every signed-in page."""
    return HttpResponse(_EMPTY_PAGE.render({}, request))


urlpatterns = [
    path("bench/bare/", bare),
    path("bench/bare-signed-in/", bare_signed_in),
    path("bench/empty-signed-in/", empty_signed_in),
    path("", include("config.urls")),
]
