"""What kept parts of pages (core.fragments) name when they show people or startups; the saves
and deletes of those rows change them (accounts.apps)."""

from core.fragments import topic

STARTUP_NAMES = topic("startups")  # any startup's name (lists of many startups)


def startup(pk) -> str:
    """One startup: its name and what other apps keep per startup (its applications)."""
    return topic("startup", pk)


def person(pk) -> str:
    """One person's row: the name a page shows."""
    return topic("person", pk)


# The admin's navigation: which models the site lists and offers to add. Besides a person's
# permissions (their viewer token) only the site identity changes it: one row, added once.
ADMIN_APPS = topic("admin-apps")
