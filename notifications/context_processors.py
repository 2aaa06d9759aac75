from notifications.selectors import unread_count


def unread_notifications(request):
    """The unread count shown in the navigation; one indexed COUNT for signed-in people."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_notification_count": unread_count(user)}
