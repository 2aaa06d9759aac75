"""The calendar: a month rendered on the server, JSON for a widget, the iCalendar feed."""

import calendar
import gzip
import hashlib
import re
from collections import defaultdict
from datetime import UTC, date, datetime, time, timedelta
from typing import NamedTuple

from django.core.cache import cache
from django.http import JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.dates import WEEKDAYS_ABBR
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from core.page_cache import cached_for_visitors, current_version
from core.responses import ics_response
from events import selectors
from events.calendar import FEED_VERSION, event_ics, feed_ics
from events.forms import CalendarRangeForm, MonthForm
from events.models import Event, EventStatus
from events.views.public import visible_event

SUNDAY = 6  # Korean wall calendars start the week on Sunday


def _month_shift(first: date, months: int) -> date:
    index = first.year * 12 + first.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def _local_midnight(day: date) -> datetime:
    return datetime.combine(day, time(), tzinfo=timezone.get_current_timezone())


@cached_for_visitors
@require_GET
def month(request):
    """A table of weeks (a list of days on phones); ?month=YYYY-MM, this month by default."""
    today = timezone.localdate()
    first = MonthForm(request.GET).first_day(today)
    weeks = calendar.Calendar(firstweekday=SUNDAY).monthdatescalendar(first.year, first.month)
    grid_start, grid_end = weeks[0][0], weeks[-1][-1]
    events = list(
        selectors.public_events()
        .filter(
            starts_at__lt=_local_midnight(grid_end + timedelta(days=1)),
            ends_at__gt=_local_midnight(grid_start),
        )
        .order_by("starts_at")
    )
    by_day: dict[date, list[Event]] = defaultdict(list)
    for event in events:
        day = max(timezone.localdate(event.starts_at), grid_start)
        last = min(timezone.localdate(event.ends_at - timedelta(microseconds=1)), grid_end)
        while day <= last:
            by_day[day].append(event)
            day += timedelta(days=1)
    cells = [
        [
            {
                "date": day,
                "in_month": day.month == first.month,
                "today": day == today,
                "events": by_day.get(day, []),
            }
            for day in week
        ]
        for week in weeks
    ]
    context = {
        "first": first,
        "weeks": cells,
        "weekdays": [WEEKDAYS_ABBR[(SUNDAY + i) % 7] for i in range(7)],
        "days_with_events": [
            cell for week in cells for cell in week if cell["in_month"] and cell["events"]
        ],
        "previous": _month_shift(first, -1),
        "next": _month_shift(first, 1),
        "this_month": today.replace(day=1),
        # The widget takes a UTC offset, not a zone name: the viewer's offset mid-month.
        "utc_offset": timezone.localtime(
            datetime.combine(
                first.replace(day=15), time(12), tzinfo=timezone.get_current_timezone()
            )
        ).strftime("%z"),
    }
    return render(request, "events/calendar.html", context)


def _utc(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@require_GET
def calendar_json(request):
    """Events overlapping ?start=&end= (ISO dates or date-times), for a calendar widget."""
    form = CalendarRangeForm(request.GET)
    if not form.is_valid():
        return JsonResponse(
            {"error": " ".join(form.non_field_errors()) or _("Give start and end as ISO dates.")},
            status=400,
        )
    events = (
        selectors.public_events()
        .filter(starts_at__lt=form.cleaned_data["end"], ends_at__gt=form.cleaned_data["start"])
        .order_by("starts_at")
    )
    return JsonResponse(
        [
            {
                "id": str(event.uid),
                "title": event.title,
                "start": _utc(event.starts_at),
                "end": _utc(event.ends_at),
                "url": event.get_absolute_url(),
                "cancelled": event.status == EventStatus.CANCELLED,
            }
            for event in events
        ],
        safe=False,
    )


FEED_CACHE_SECONDS = 24 * 60 * 60
ACCEPTS_GZIP = re.compile(r"\bgzip\b")


class FeedCopy(NamedTuple):
    """The feed in one language as built for one version of the events."""

    version: int
    body: bytes
    gzipped: bytes
    digest: str
    built_at: datetime


# The latest copy per language in this process: a request while nothing changed reads one
# number from the cache (the version) and sends these bytes, instead of fetching and
# unpickling the whole feed.
_built: dict[str, FeedCopy] = {}


def _feed_copy(language: str) -> FeedCopy:
    """The feed for the current events version: this process's copy, the shared cache's, or
    built now from the database (and shared). Every change to an event bumps the version
    (FEED_VERSION: the event's signals, events.services.common.raise_sequence)."""
    version = current_version(FEED_VERSION)
    copy = _built.get(language)
    if copy is not None and copy.version == version:
        return copy
    key = f"events:feed:{language}:{version}"
    copy = cache.get(key)
    if copy is None:
        body = feed_ics(selectors.public_events().order_by("starts_at")).encode()
        copy = FeedCopy(
            version=version,
            body=body,
            gzipped=gzip.compress(body, mtime=0),
            digest=hashlib.sha256(body).hexdigest()[:20],
            # Built after the change it shows (a removed event has no updated_at to go by);
            # whole seconds, as Last-Modified says them.
            built_at=timezone.now().replace(microsecond=0),
        )
        cache.set(key, copy, FEED_CACHE_SECONDS)
    _built[language] = copy
    return copy


@require_GET
def calendar_feed(request):
    """Every published and cancelled event; subscribe once, stay up to date. Built once per
    change and language, then served from memory; unchanged, a conditional GET gets 304.
    Gzipped (once, when built) for clients that accept it."""
    language = get_language()
    copy = _feed_copy(language)
    gzipped = bool(ACCEPTS_GZIP.search(request.headers.get("Accept-Encoding", "")))
    response = ics_response(
        copy.gzipped if gzipped else copy.body,
        filename="seoulbiohub-events.ics",
        disposition="inline",
        request=request,
        # Each encoding is other bytes, so it has its own (strong) ETag.
        etag=f"{copy.digest}-{language}" + ("-gzip" if gzipped else ""),
        last_modified=copy.built_at,
        public=True,
    )
    if gzipped and response.status_code == 200:
        response["Content-Encoding"] = "gzip"
    patch_vary_headers(response, ("Accept-Encoding",))
    return response


@require_GET
def event_file(request, slug: str):
    """The event as an iCalendar file (METHOD:PUBLISH), with the UID and SEQUENCE of the
    emailed invites; unchanged, a conditional GET gets 304."""
    event = visible_event(request, slug)
    state = f"{event.uid}:{event.sequence}:{event.status}:{event.updated_at.isoformat()}"
    digest = hashlib.sha256(state.encode()).hexdigest()[:20]
    return ics_response(
        lambda: event_ics(event, publish=True),
        filename=f"{event.slug}.ics",
        request=request,
        etag=f"{digest}-{get_language()}",
        last_modified=event.updated_at,
        # A draft is shown to staff only: no shared cache may keep it.
        public=event.status != EventStatus.DRAFT,
    )
