from accounts.models import Startup


def startups_of(user):
    """The startups a person belongs to, with what their list shows."""
    return (
        Startup.objects.filter(memberships__user=user)
        .prefetch_related("therapeutic_areas")
        .order_by("name")
    )
