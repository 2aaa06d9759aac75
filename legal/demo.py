"""The operator record and the legal pages (see core's seed_demo command): the migration
writes them; the demo only puts them back if they were removed. Idempotent."""

from legal.defaults import ensure_defaults

ORDER = 5


def seed(*, password: str) -> list[tuple[str, str]]:
    ensure_defaults()
    return []
