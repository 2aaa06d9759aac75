"""Cache invalidation only (STYLE.md: no business rules in signals)."""

from core import viewer_cache


def forget_cached_user(sender, instance, **kwargs):
    """A saved or deleted user row replaces what the viewer cache holds for them: a new name,
    language or zone shows on the next page, a deactivated account or a new password ends the
    session there (accounts.viewer)."""
    viewer_cache.invalidate([instance.pk])
