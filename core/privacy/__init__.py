"""Personal data (PIPA): the inventory, the retention schedule and the destruction job.

core imports no app of ours, so each app contributes its part in `<app>/personal_data.py`:

- FIELDS: {"app.Model": {field name: Category or None}} -- every field of every model, None
  meaning "not personal" (tests/core/test_privacy.py fails when a field is missing, so a new
  field cannot slip in unclassified);
- OWNERS: {"app.Model": {lookup to the person's user id: [fields] or None (all personal)}}
  -- how "what do you hold about me" (/accounts/my-data/) finds a person's rows;
- RULES: [Rule, ...] -- what expires when (PIPA Art. 21), read by `destroy_expired`.

The modules are found through the app registry, the way audit_sentences are.
"""

from core.privacy.destruction import (
    Outcome,
    destroy_expired,
    erase_person,
    expired_queryset,
    scrub_audit,
)
from core.privacy.registry import (
    DEFAULT_RETENTION,
    PURPOSES,
    Category,
    Method,
    Rule,
    classified_fields,
    held_about,
    kept_for,
    model_fields,
    owners,
    personal_fields,
    policy_version,
    retention_days,
    rules,
)

__all__ = [
    "DEFAULT_RETENTION",
    "PURPOSES",
    "Category",
    "Method",
    "Outcome",
    "Rule",
    "classified_fields",
    "destroy_expired",
    "erase_person",
    "expired_queryset",
    "held_about",
    "kept_for",
    "model_fields",
    "owners",
    "personal_fields",
    "policy_version",
    "retention_days",
    "rules",
    "scrub_audit",
]
