from accounts.models import Startup


def startups_of(user):
    """The startups a person belongs to, with what their list shows."""
    return (
        Startup.objects.filter(memberships__user=user)
        .prefetch_related("therapeutic_areas")
        .order_by("name")
    )


def startups_visible_to(user):
    if user.is_staff:
        return Startup.objects.all()
    return Startup.objects.filter(memberships__user=user)


def is_member(user, startup) -> bool:
    return user.is_authenticated and startup.memberships.filter(user=user).exists()
