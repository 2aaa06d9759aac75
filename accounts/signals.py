"""Cache invalidation only (STYLE.md: no business rules in signals)."""

from django.contrib.auth import get_user_model

from core import viewer_cache


def forget_cached_user(sender, instance, **kwargs):
    """A saved or deleted user row replaces what the viewer cache holds for them: a new name,
    language or zone shows on the next page, a deactivated account or a new password ends the
    session there (accounts.viewer)."""
    viewer_cache.invalidate([instance.pk])


def forget_cached_member(sender, instance, **kwargs):
    """A membership-like row (startup membership, partner membership, coach profile, a
    two-factor authenticator) changes what its person is: the roles kept with the viewer
    (config.navigation.Roles.KEPT) are worked out again."""
    viewer_cache.invalidate([instance.user_id])


def forget_cached_people(sender, instance, action, reverse, model, pk_set, **kwargs):
    """m2m changes of a user's groups or direct permissions, from either side."""
    if action not in ("post_add", "post_remove", "pre_clear"):
        return
    if not reverse:  # user.groups.add(...), user.user_permissions.add(...)
        viewer_cache.invalidate([instance.pk])
    elif pk_set:  # group.user_set.add(...), permission.user_set.add(...)
        viewer_cache.invalidate(pk_set)
    else:  # group.user_set.clear()
        viewer_cache.invalidate(instance.user_set.values_list("pk", flat=True))


def forget_cached_group_members(sender, instance, action, reverse, model, pk_set, **kwargs):
    """m2m changes of a group's permissions: every member's roles, from either side."""
    if action not in ("post_add", "post_remove", "pre_clear"):
        return
    groups = [instance.pk] if not reverse else (pk_set or instance.group_set.values_list("pk"))
    viewer_cache.invalidate(
        get_user_model().objects.filter(groups__in=groups).values_list("pk", flat=True)
    )
