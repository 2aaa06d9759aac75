from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models

from core.models import AuditEntry


def log_action(
    obj: models.Model, action: str, *, actor=None, data: dict[str, Any] | None = None
) -> AuditEntry:
    """Record `action` (dotted, e.g. "challenges.application.selected") on `obj`.

    Runs inside the caller's transaction, so a rolled-back change leaves no entry.
    """
    if actor is not None and not getattr(actor, "is_authenticated", False):
        actor = None
    return AuditEntry.objects.create(
        actor=actor,
        content_type=ContentType.objects.get_for_model(obj, for_concrete_model=False),
        object_id=str(obj.pk),
        object_repr=str(obj)[:255],
        action=action,
        data=data or {},
    )


def history_for(obj: models.Model):
    """The audit entries of one object, newest first."""
    return AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(obj, for_concrete_model=False),
        object_id=str(obj.pk),
    ).select_related("actor")
