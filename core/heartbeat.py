"""Heartbeats of periodic processes, for /health/ (see core.views)."""

from datetime import datetime

from django.utils import timezone

from core.models import Heartbeat

BEAT = "beat"


def record_heartbeat(name: str, *, now: datetime | None = None) -> datetime:
    """Write that `name` is alive now. One UPSERT; no audit entry (it runs every minute)."""
    now = now or timezone.now()
    Heartbeat.objects.update_or_create(name=name, defaults={"beat_at": now})
    return now


def last_heartbeat(name: str) -> datetime | None:
    return Heartbeat.objects.filter(name=name).values_list("beat_at", flat=True).first()
