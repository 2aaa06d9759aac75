"""Reads of the events app: the public list, the calendar, the feed."""

from django.utils import timezone

from events.models import Event, EventStatus


def public_events():
    """Published and cancelled events (cancelled ones stay visible, marked, so people who
    saw them learn they are off); drafts are never public."""
    return Event.objects.filter(status__in=[EventStatus.PUBLISHED, EventStatus.CANCELLED])


def upcoming_events(now=None):
    now = now or timezone.now()
    return public_events().filter(ends_at__gt=now).order_by("starts_at")


def past_events(now=None):
    now = now or timezone.now()
    return public_events().filter(ends_at__lte=now).order_by("-starts_at")
