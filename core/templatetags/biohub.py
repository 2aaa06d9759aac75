from django import template

from core.money import format_krw
from core.timefmt import format_date, format_datetime

register = template.Library()


@register.filter
def krw(amount):
    return format_krw(amount)


@register.filter
def when(value):
    """A datetime in the active (viewer's) time zone and language, with the zone named."""
    return format_datetime(value)


@register.filter
def day(value):
    return format_date(value)
