"""core's part of the personal data inventory (see core/privacy.py)."""

from core.privacy import Category as C

FIELDS = {
    "core.AuditEntry": {
        "actor": C.LOG,
        "content_type": None,
        "object_id": None,
        "object_repr": C.LOG,
        "action": None,
        "data": C.LOG,
        "created_at": None,
    },
    "core.Heartbeat": {"name": None, "beat_at": None},
    # The destruction log holds no personal value by design.
    "core.DestructionLog": {
        "rule": None,
        "model": None,
        "category": None,
        "method": None,
        "count": None,
        "policy_version": None,
        "destroyed_at": None,
    },
}

OWNERS = {"core.AuditEntry": {"actor": ["actor"]}}
