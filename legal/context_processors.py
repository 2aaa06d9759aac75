from django.utils.functional import SimpleLazyObject

from legal import selectors


def site_identity(request) -> dict:
    """The operator for the footer: read only when a template shows it (one query)."""
    return {"site_identity": SimpleLazyObject(selectors.site_identity)}
