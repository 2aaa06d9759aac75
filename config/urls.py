from django.contrib import admin
from django.urls import include, path

from accounts import views as accounts_views
from config import views as site_views
from config.dashboard import views as dashboard
from core import views as core_views
from events.views import certificates as event_certificates

urlpatterns = [
    path("", site_views.home, name="home"),
    path("home/", site_views.my_home, name="my_home"),
    path("health/", core_views.health, name="health"),
    # Ours, under allauth's prefix (PIPA Art. 35-37): before allauth's include.
    path("accounts/my-data/", accounts_views.my_data, name="my_data"),
    path("accounts/my-data/export.json", accounts_views.my_data_export, name="my_data_export"),
    path("accounts/my-data/requests/", accounts_views.my_data_request, name="my_data_request"),
    path("accounts/my-data/delete/", accounts_views.delete_account, name="delete_account"),
    path("accounts/", include("allauth.urls")),
    path("", include("accounts.urls")),
    path("", include("challenges.urls")),
    path("notifications/", include("notifications.urls")),
    path("mentoring/", include("mentoring.urls")),
    path("events/", include("events.urls")),
    path("partners/", include("partners.urls")),
    path("", include("legal.urls")),
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
