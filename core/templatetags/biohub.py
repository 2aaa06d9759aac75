from datetime import datetime
from zoneinfo import ZoneInfoNotFoundError

from django import template
from django.utils import translation
from django.utils.dateparse import parse_datetime

from core.links import link as cached_link
from core.markdown import render_markdown
from core.money import format_krw
from core.timefmt import format_date, format_datetime, format_time_range, zone_name

register = template.Library()

# The main menu's links (config/navigation.py), by URL name.
MENU = [
    "home",
    "my_home",
    "challenges:review_queue",
    "partners:requests",
    "challenges:list",
    "events:list",
    "partners:list",
    "partners:office",
    "challenges:application_list",
    "mentoring:dashboard",
    "accounts:startup_list",
    "notifications:inbox",
]


@register.simple_tag(takes_context=True)
def menu_section(context) -> str:
    """The URL of the menu link whose section the page is in, "" when none: the longest menu
    URL the page's path starts with ("/" is the home page alone, not every page)."""
    request = context.get("request")
    if request is None:
        return ""
    path = request.path
    urls = [cached_link(name) for name in MENU]
    inside = [url for url in urls if path == url or (url != "/" and path.startswith(url))]
    return max(inside, key=len, default="")


@register.simple_tag
def link(name: str, *args) -> str:
    """{% url name id %}, reversed once per process and language (core.links): for the links
    every page carries and the rows of long lists."""
    return cached_link(name, *args)


@register.filter
def krw(amount):
    return format_krw(amount)


@register.filter
def when(value):
    """A datetime (or its ISO text, as stored in JSON) in the viewer's zone, zone named."""
    if isinstance(value, str):
        value = parse_datetime(value)
    if not isinstance(value, datetime):
        return ""
    return format_datetime(value)


@register.filter
def when_range(starts_at, ends_at):
    """ "Tue 10 Mar 2026, 22:00–23:00 KST" in the viewer's (or {% timezone %}'s) zone.
    Takes datetimes or their ISO text, as stored in a notification's JSON context."""
    if isinstance(starts_at, str):
        starts_at = parse_datetime(starts_at)
    if isinstance(ends_at, str):
        ends_at = parse_datetime(ends_at)
    if not isinstance(starts_at, datetime) or not isinstance(ends_at, datetime):
        return ""
    return format_time_range(starts_at, ends_at)


@register.filter(name="zone_name")
def zone_name_filter(zone, at=None):
    """ "Asia/Seoul" -> "한국 표준시(KST)" / "Korea Standard Time (KST)" in the active language.
    With a moment (a datetime or its ISO text), the name and abbreviation then: "Eastern Time
    (EDT)"; without, both: "Eastern Time (EST/EDT)". Never prints a zone key in prose."""
    if not zone:
        return ""
    if isinstance(at, str):
        at = parse_datetime(at)
    try:
        return zone_name(zone, at if isinstance(at, datetime) else None)
    except (KeyError, ValueError, ZoneInfoNotFoundError):
        return zone


@register.filter
def day(value):
    return format_date(value)


@register.filter
def markdown(text):
    return render_markdown(text)


@register.filter
def in_language(value):
    """{"ko": ..., "en": ...} -> the text in the active language (Korean when missing)."""
    if not isinstance(value, dict):
        return value
    language = (translation.get_language() or "ko")[:2]
    return value.get(language) or value.get("ko") or next(iter(value.values()), "")
