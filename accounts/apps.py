from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _

from accounts.signals import forget_cached_user


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts and startups")

    def ready(self):
        user = self.get_model("User")
        post_save.connect(forget_cached_user, sender=user, dispatch_uid="accounts.viewer.saved")
        post_delete.connect(forget_cached_user, sender=user, dispatch_uid="accounts.viewer.deleted")
