from allauth.account.decorators import secure_admin_login
from django.conf import settings
from django.contrib import admin, messages
from django.shortcuts import redirect
from django.utils.functional import SimpleLazyObject
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _

from accounts.rules import staff_has_required_mfa

# Third-party apps and models without a Korean name, named here in the viewer's language.
APP_NAMES = {"mfa": _("Two-factor authentication")}
MODEL_NAMES = {"mfa.authenticator": _("two-factor authenticators")}


class BioHubAdminSite(admin.AdminSite):
    site_header = _("Seoul BioHub Open Innovation — programme staff")
    site_title = _("Seoul BioHub admin")
    index_title = _("Programme administration")

    def _build_app_dict(self, request, label=None):
        app_dict = super()._build_app_dict(request, label)
        for app in app_dict.values():  # {label: app}, also when asked for one app
            if app["app_label"] in APP_NAMES:
                app["name"] = APP_NAMES[app["app_label"]]
            for model in app.get("models", []):
                name = MODEL_NAMES.get(model["model"]._meta.label_lower)
                if name:
                    model["name"] = name
        return app_dict

    def get_app_list(self, request, app_label=None):
        """Built when a page first reads it: every page's sidebar asks for it, and a kept
        sidebar (templates/admin/nav_sidebar.html) does not read it."""
        build = super().get_app_list
        return SimpleLazyObject(lambda: build(request, app_label))

    def index(self, request, extra_context=None):
        # The programme dashboard reads every app, so the top layer builds it (named in
        # settings.ADMIN_DASHBOARD: accounts may not import it); templates/admin/index.html.
        context = dict(extra_context or {})
        if getattr(settings, "ADMIN_DASHBOARD", ""):
            context.update(import_string(settings.ADMIN_DASHBOARD)(request))
        return super().index(request, context)

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
