from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts and startups")

    def ready(self):
        # Calls and partners show the therapeutic areas' names (core.page_cache).
        from accounts.models import TherapeuticArea  # noqa: PLC0415 -- apps load before models
        from core.page_cache import invalidate_on_change  # noqa: PLC0415

        invalidate_on_change(TherapeuticArea)
