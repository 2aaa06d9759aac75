from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("Core")

    def ready(self):
        from django.core.signals import request_finished  # noqa: PLC0415

        from core import stale  # noqa: PLC0415
        from core.audit import discover_sentences  # noqa: PLC0415 -- apps.py loads before the models

        discover_sentences()
        request_finished.connect(stale.write_leftovers, dispatch_uid="core.stale.leftovers")
