from django.contrib import admin
from django.urls import include, path

from config import views as site_views
from config.dashboard import views as dashboard
from core import views as core_views
from events.views import certificates as event_certificates

urlpatterns = [
    path("", site_views.home, name="home"),
    path("health/", core_views.health, name="health"),
    path("accounts/", include("allauth.urls")),
    path("", include("accounts.urls")),
    path("", include("challenges.urls")),
    path("notifications/", include("notifications.urls")),
    path("mentoring/", include("mentoring.urls")),
    path("events/", include("events.urls")),
    path("partners/", include("partners.urls")),
    path(
        "certificates/<str:code>/",
        event_certificates.verify,
        name="certificate_verify",
    ),
    path("funders/", dashboard.funders, name="funders"),
    path("funders/report.pdf", dashboard.funders_pdf, name="funders_pdf"),
    path("funders/<slug:chart>.xlsx", dashboard.funders_xlsx, name="funders_xlsx"),
    # The admin's index is the programme dashboard (settings.ADMIN_DASHBOARD); its exports:
    path("admin/dashboard/report.pdf", admin.site.admin_view(dashboard.staff_pdf)),
    path("admin/dashboard/<slug:chart>.xlsx", admin.site.admin_view(dashboard.staff_xlsx)),
    path("admin/", admin.site.urls),
]
