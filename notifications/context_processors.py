from core import viewer_cache
from notifications.selectors import unread_count


def unread_notifications(request):
    """The unread count shown in the navigation: read with the signed-in person from the viewer
    cache (accounts.viewer) when it is current, else one indexed COUNT."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    count = getattr(request, "viewer_unread_count", None)
    if count is None or viewer_cache.changed_here(user.pk, viewer_cache.UNREAD):
        count = unread_count(user)
    return {"unread_notification_count": count}
