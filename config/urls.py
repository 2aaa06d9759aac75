from django.contrib import admin
from django.urls import include, path

from config import views as site_views
from core import views as core_views

urlpatterns = [
    path("", site_views.home, name="home"),
    path("home/", site_views.my_home, name="my_home"),
    path("health/", core_views.health, name="health"),
    path("accounts/", include("allauth.urls")),
    path("", include("accounts.urls")),
    path("", include("challenges.urls")),
    path("notifications/", include("notifications.urls")),
    path("mentoring/", include("mentoring.urls")),
    path("events/", include("events.urls")),
    path("partners/", include("partners.urls")),
    path("admin/", admin.site.urls),
]
