"""A person's tasks, as the home page (/home/) lists them: no domain here, only the shape.

Each app that owns the data answers "what does this person have to do" with `Task` rows
(`<app>/tasks_for.py`); config/views.py collects them. Deadlines read as people say them:
"12월 19일 (토) 18:00 KST 마감 · D-3".
"""

from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.timefmt import format_datetime


@dataclass(frozen=True)
class Task:
    """One thing to do (or, with `starts_at`, one thing coming up), with a button to it."""

    title: str  # what
    url: str
    action: str  # the button's label
    for_whom: str = ""  # the startup, the challenge, the partner...
    due_at: datetime | None = None  # by when
    detail: str = ""  # progress, missing items, the time in another zone
    count: int | None = None  # staff: how many rows the link lists
    starts_at: datetime | None = None
    ends_at: datetime | None = None
    overdue: bool = False


def days_left(due_at: datetime, now: datetime, tz=None) -> int:
    """Calendar days from today to the deadline's day, in the viewer's zone."""
    zone = tz or timezone.get_current_timezone()
    return (timezone.localtime(due_at, zone).date() - timezone.localtime(now, zone).date()).days


def d_day(due_at: datetime, now: datetime) -> str:
    """ "D-3", "D-day", or "3 days overdue" once the moment has passed."""
    if due_at < now:
        days = max(-days_left(due_at, now), 0)
        if days == 0:
            return _("overdue")
        return ngettext("%(days)d day overdue", "%(days)d days overdue", days) % {"days": days}
    days = days_left(due_at, now)
    if days == 0:
        return _("D-day")
    return _("D-%(days)d") % {"days": days}


def deadline(due_at: datetime | None, now: datetime) -> str:
    """ "2026년 12월 19일 (토) 18:00 KST 마감 · D-3" in the viewer's zone, zone named."""
    if due_at is None:
        return ""
    return _("Due %(when)s · %(d_day)s") % {
        "when": format_datetime(due_at),
        "d_day": d_day(due_at, now),
    }
