from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartnersConfig(AppConfig):
    name = "partners"
    verbose_name = _("Partnering office")

    def ready(self):
        # The partner directory follows every change, also the admin's (core.page_cache).
        from core.page_cache import invalidate_on_change  # noqa: PLC0415 -- apps load before models
        from partners.models import OfficeHours, Partner, PartnerMember  # noqa: PLC0415

        invalidate_on_change(Partner, Partner.areas_of_interest.through, PartnerMember, OfficeHours)
