from allauth.account.decorators import secure_admin_login
from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.contrib import admin, messages
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _


def staff_has_required_mfa(user) -> bool:
    return not settings.STAFF_REQUIRE_MFA or is_mfa_enabled(user)


class BioHubAdminSite(admin.AdminSite):
    site_header = _("Seoul BioHub Open Innovation — programme staff")
    site_title = _("Seoul BioHub admin")
    index_title = _("Programme administration")

    def has_permission(self, request):
        return super().has_permission(request) and staff_has_required_mfa(request.user)

    def login(self, request, extra_context=None):
        # Signing in always goes through allauth (rate limits, MFA). A signed-in staff member
        # without MFA is sent to set it up instead of seeing the admin.
        user = request.user
        if user.is_authenticated and user.is_staff and not staff_has_required_mfa(user):
            messages.warning(
                request,
                _("Programme staff must turn on two-factor authentication to use the admin."),
            )
            return redirect("mfa_activate_totp")
        return secure_admin_login(super().login)(request, extra_context)
