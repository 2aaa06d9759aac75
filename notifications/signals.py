"""Cache invalidation only (STYLE.md: no business rules in signals)."""

from core import fragments, viewer_cache


def forget_unread_count_on_create(sender, instance, created, **kwargs):
    """A new inbox entry changes its recipient's unread count (kept with the viewer, as a part
    of its own: core.viewer_cache.UNREAD).
    Rows written without save() (bulk_create, update) call viewer_cache.invalidate where
    they are written (notifications.outbox, notifications.inbox)."""
    if created and instance.show_in_inbox:
        viewer_cache.invalidate([instance.recipient_id], part=viewer_cache.UNREAD)


def forget_unread_count_on_delete(sender, instance, **kwargs):
    if instance.show_in_inbox:
        viewer_cache.invalidate([instance.recipient_id], part=viewer_cache.UNREAD)


def forget_inbox_list(sender, instance, **kwargs):
    """Any saved or deleted inbox row (a new one, its subject once sent) changes its recipient's
    kept inbox list (core.fragments)."""
    from notifications.selectors import inbox_topic  # noqa: PLC0415 -- imported by apps.py

    if instance.show_in_inbox:
        fragments.changed(inbox_topic(instance.recipient_id))
