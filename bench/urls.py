from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.urls import include, path


def bare(request):
    """The anonymous baseline: Django's request cycle and middleware, no database, no template."""
    return HttpResponse("ok", content_type="text/plain")


@login_required
def bare_signed_in(request):
    """The signed-in baseline: the same, plus what every signed-in request pays before any
    content (the session and the user, read by login_required)."""
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [
    path("bench/bare/", bare),
    path("bench/bare-signed-in/", bare_signed_in),
    path("", include("config.urls")),
]
