from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _

from accounts.signals import forget_cached_member


class MentoringConfig(AppConfig):
    name = "mentoring"
    verbose_name = _("Coaching")

    def ready(self):
        # The menu's roles kept with the viewer (config.navigation.Roles.KEPT) include this.
        model = self.get_model("Coach")
        post_save.connect(forget_cached_member, sender=model, dispatch_uid="mentoring.viewer.saved")
        post_delete.connect(
            forget_cached_member, sender=model, dispatch_uid="mentoring.viewer.deleted"
        )
        # The kept booking page (core.fragments).
        from mentoring import signals  # noqa: PLC0415 -- apps load before models

        signals.connect()
