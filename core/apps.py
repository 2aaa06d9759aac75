from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("Core")

    def ready(self):
        from core.audit import discover_sentences  # noqa: PLC0415 -- apps.py loads before the models

        discover_sentences()
