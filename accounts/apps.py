from django.apps import AppConfig, apps
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils.translation import gettext_lazy as _

from accounts.signals import (
    forget_cached_group_members,
    forget_cached_member,
    forget_cached_people,
    forget_cached_user,
)


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts and startups")

    def ready(self):
        user = self.get_model("User")
        post_save.connect(forget_cached_user, sender=user, dispatch_uid="accounts.viewer.saved")
        post_delete.connect(forget_cached_user, sender=user, dispatch_uid="accounts.viewer.deleted")
        group = apps.get_model("auth", "Group")
        for model in (self.get_model("StartupMembership"), apps.get_model("mfa", "Authenticator")):
            uid = f"accounts.viewer.{model._meta.label_lower}"
            post_save.connect(forget_cached_member, sender=model, dispatch_uid=f"{uid}.saved")
            post_delete.connect(forget_cached_member, sender=model, dispatch_uid=f"{uid}.deleted")
        for through, receiver in (
            (user.groups.through, forget_cached_people),
            (user.user_permissions.through, forget_cached_people),
            (group.permissions.through, forget_cached_group_members),
        ):
            m2m_changed.connect(
                receiver,
                sender=through,
                dispatch_uid=f"accounts.viewer.{through._meta.label_lower}",
            )

        # Kept parts of pages that show a startup's or a person's name (core.fragments).
        from accounts import topics  # noqa: PLC0415
        from accounts.models import Startup  # noqa: PLC0415 -- apps load before models
        from core.fragments import change_on_save  # noqa: PLC0415

        change_on_save(Startup, lambda row: [topics.STARTUP_NAMES, topics.startup(row.pk)])
        change_on_save(user, lambda row: [topics.person(row.pk)])
        from legal.models import SiteIdentity  # noqa: PLC0415 -- apps load before models

        change_on_save(SiteIdentity, lambda row: [topics.ADMIN_APPS])  # its add link

        # Calls and partners show the therapeutic areas' names (core.page_cache).
        from accounts.models import TherapeuticArea  # noqa: PLC0415 -- apps load before models
        from core.page_cache import invalidate_on_change  # noqa: PLC0415

        invalidate_on_change(TherapeuticArea)
