from django.http import HttpResponse
from django.urls import include, path


def bare(request):
    """The baseline: Django's request cycle and middleware, no database, no template."""
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("bench/bare/", bare), path("", include("config.urls"))]
