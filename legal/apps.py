from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LegalConfig(AppConfig):
    name = "legal"
    verbose_name = _("Operator and legal pages")

    def ready(self):
        # The footer of every public page shows the operator (core.page_cache).
        from django.db.models.signals import post_delete, post_save  # noqa: PLC0415

        from core.page_cache import invalidate_on_change  # noqa: PLC0415 -- apps load before models
        from legal.models import SiteIdentity  # noqa: PLC0415
        from legal.selectors import forget_site_identity  # noqa: PLC0415

        invalidate_on_change(SiteIdentity)
        post_save.connect(forget_site_identity, sender=SiteIdentity, dispatch_uid="site_identity")
        post_delete.connect(forget_site_identity, sender=SiteIdentity, dispatch_uid="site_identity")
