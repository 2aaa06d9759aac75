from django.contrib.admin.apps import AdminConfig


class BioHubAdminConfig(AdminConfig):
    """The admin, signed in through allauth (rate limits, MFA) and closed to staff without MFA."""

    default_site = "accounts.admin_site.BioHubAdminSite"
