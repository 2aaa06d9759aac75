from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _

from accounts.signals import forget_cached_member


class PartnersConfig(AppConfig):
    name = "partners"
    verbose_name = _("Partnering office")

    def ready(self):
        # The menu's roles kept with the viewer (config.navigation.Roles.KEPT) include this.
        model = self.get_model("PartnerMember")
        post_save.connect(forget_cached_member, sender=model, dispatch_uid="partners.viewer.saved")
        post_delete.connect(
            forget_cached_member, sender=model, dispatch_uid="partners.viewer.deleted"
        )

        # The partner directory follows every change, also the admin's (core.page_cache).
        from core.page_cache import invalidate_on_change  # noqa: PLC0415 -- apps load before models
        from partners.models import OfficeHours, Partner, PartnerMember  # noqa: PLC0415

        invalidate_on_change(Partner, Partner.areas_of_interest.through, PartnerMember, OfficeHours)
