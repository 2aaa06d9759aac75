from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LegalConfig(AppConfig):
    name = "legal"
    verbose_name = _("Operator and legal pages")

    def ready(self):
        # The footer of every public page shows the operator (core.page_cache).
        from core.page_cache import invalidate_on_change  # noqa: PLC0415 -- apps load before models
        from legal.models import SiteIdentity  # noqa: PLC0415

        invalidate_on_change(SiteIdentity)
