"""The dashboard's figures, kept for a short while: computing every chart reads hundreds of
thousands of rows, and staff open the admin's index often.

The charts computed for a (staff or funder view, filters, language, time zone) are kept in
the cache for settings.DASHBOARD_CACHE_SECONDS (60 s) with the moment they were computed,
which the dashboard shows ("Figures as of 19:45 KST"). Nothing invalidates them early: a
change (a submission, a review, a payment) shows at the latest when they expire.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone, translation

from config.dashboard.charts import Chart, Filters

KEY_PREFIX = "dashboard:charts"


def cache_key(view: str, filters: Filters) -> str:
    """The key of a view's ("staff", "funders") charts for these filters, in the active
    language and time zone (labels and months depend on both)."""
    parts = [
        view,
        translation.get_language() or "",
        timezone.get_current_timezone_name(),
        ",".join(str(pk) for pk in sorted(filters.challenge_ids)),
        filters.since.isoformat() if filters.since else "",
        filters.until.isoformat() if filters.until else "",
    ]
    digest = hashlib.sha256("|".join(parts).encode()).hexdigest()[:32]
    return f"{KEY_PREFIX}:{digest}"


def cached_charts(key: str, compute: Callable[[], list[Chart]]):
    """(charts, computed_at): from the cache while fresh, else computed now and kept. The
    age is checked here too, not only by the cache's own expiry, so that "fresh" follows
    this process's clock."""
    seconds = settings.DASHBOARD_CACHE_SECONDS
    now = timezone.now()
    found = cache.get(key)
    if found is not None and now - found[1] < timedelta(seconds=seconds):
        return found
    result = (compute(), now)
    cache.set(key, result, seconds)
    return result
