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

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from importlib import import_module

from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger(__name__)


class Category(models.TextChoices):
    IDENTITY = "identity", _("Identity")
    CONTACT = "contact", _("Contact details")
    BUSINESS = "business", _("Business information")
    APPLICATION = "application", _("Application content")
    DOCUMENTS = "documents", _("Documents")
    ATTENDANCE = "attendance", _("Attendance")
    COACHING = "coaching", _("Coaching notes")
    LOG = "log", _("Logs and messages")


PURPOSES = {
    Category.IDENTITY: _("To know who you are and let you sign in."),
    Category.CONTACT: _("To send you the messages of the programme."),
    Category.BUSINESS: _("To check eligibility and run the programme with your startup."),
    Category.APPLICATION: _("To review and select applications, and to pay grants."),
    Category.DOCUMENTS: _("To review applications and grant reports."),
    Category.ATTENDANCE: _("To run seminars, bookings and consultations."),
    Category.COACHING: _("To run coaching sessions with BMS coaches."),
    Category.LOG: _("To keep a record of what was done and sent, for accountability."),
}


class Method(models.TextChoices):
    ANONYMISED = "anonymised", _("Anonymised (personal values emptied, the row kept for counts)")
    DELETED = "deleted", _("Deleted (row and stored files)")


# --- retention schedule ------------------------------------------------------------------------
# The defaults; settings.PRIVACY_RETENTION overrides any of them (config/settings.py documents
# each). Durations in days. Data a law requires keeping (grant accounting) has no entry here:
# selected applications and grants are kept apart and are never destroyed by this job.

DEFAULT_RETENTION = {
    "draft_applications_after_close": 365,
    "unselected_applications_after_results": 3 * 365,
    "event_registrations_after_event": 365,
    "notification_bodies": 90,
    "inactive_accounts": 3 * 365,
    "inactive_account_notice": 30,
}


def retention_days(key: str) -> int:
    return {**DEFAULT_RETENTION, **getattr(settings, "PRIVACY_RETENTION", {})}[key]


def policy_version() -> str:
    return getattr(settings, "PRIVACY_POLICY_VERSION", "1")


@dataclass(frozen=True)
class Rule:
    """Rows of `model` matching `expired(now)` lose their personal values of `category`.

    ANONYMISED empties `fields` (default: every personal field of the model) and keeps the row,
    so counts by call, area, district and outcome and amounts stay; DELETED deletes the row and
    its stored files. Either way the audit entries of the rows lose their personal values.
    """

    key: str
    model: str
    category: str
    method: str
    expired: Callable[[datetime], Q]
    retention: str = ""  # the key of the retention schedule the rule reads
    description: object = ""  # translatable, with %(days)s
    fields: tuple[str, ...] = field(default_factory=tuple)

    def describe(self) -> str:
        days = retention_days(self.retention) if self.retention else ""
        return str(self.description) % {"days": days}

    @property
    def model_class(self) -> type[models.Model]:
        return apps.get_model(self.model)


# --- the registry --------------------------------------------------------------------------------

_FIELDS: dict[str, dict[str, str | None]] = {}
_OWNERS: dict[str, dict[str, list[str] | None]] = {}
_RULES: list[Rule] = []
_KEEPS: list[tuple[str, str, Callable[[], Q], object]] = []
# Work a field rule cannot say (an account: notice first, then anonymised): functions
# (now, dry_run) -> [(key, model, category, method, count)], run by destroy_expired after the rules.
_SWEEPS: list[Callable] = []
_loaded = False


def _load() -> None:
    global _loaded
    if _loaded:
        return
    for config in apps.get_app_configs():
        try:
            module = import_module(f"{config.name}.personal_data")
        except ModuleNotFoundError as error:
            if error.name != f"{config.name}.personal_data":
                raise
            continue
        _FIELDS.update(getattr(module, "FIELDS", {}))
        _OWNERS.update(getattr(module, "OWNERS", {}))
        _RULES.extend(getattr(module, "RULES", []))
        _KEEPS.extend(getattr(module, "KEEPS", []))
        _SWEEPS.extend(getattr(module, "SWEEPS", []))
    _loaded = True


def classified_fields() -> dict[str, dict[str, str | None]]:
    _load()
    return _FIELDS


def owners() -> dict[str, dict[str, list[str] | None]]:
    _load()
    return _OWNERS


def rules() -> list[Rule]:
    _load()
    return list(_RULES)


def personal_fields(label: str) -> dict[str, str]:
    """{field name: category} of the personal fields of one model."""
    return {name: cat for name, cat in classified_fields().get(label, {}).items() if cat}


def model_fields(model: type[models.Model]) -> list[models.Field]:
    """The fields the inventory must classify: concrete columns and many-to-many relations."""
    return [
        f for f in model._meta.get_fields() if not f.auto_created and (f.concrete or f.many_to_many)
    ]


# --- what a person holds -------------------------------------------------------------------------


def _shown(instance, model_field, user) -> object:
    value = getattr(instance, model_field.attname)
    if model_field.is_relation:
        if model_field.related_model is apps.get_model(settings.AUTH_USER_MODEL):
            # Another person's account is theirs, not yours: only say it was you.
            return str(_("you")) if value == user.pk else None
        return str(getattr(instance, model_field.name)) if value is not None else None
    if isinstance(model_field, models.FileField):
        return getattr(instance, model_field.name).name or None
    if isinstance(value, datetime | timedelta) or hasattr(value, "isoformat"):
        return value.isoformat()
    if hasattr(value, "hex") and not isinstance(value, int | float | str):
        return str(value)
    return value


def held_about(user) -> list[dict]:
    """Every registered personal value that has a value for `user`, by model and row.

    [{"model": label, "verbose_name": ..., "rows": [{"id": pk, "fields": {name: {"category",
    "value"}}}]}]. Only the fields OWNERS gives the person's lookup are read, so a co-founder's
    or a coach's private values stay out. Queries: one per model and lookup.
    """
    result = []
    for label, lookups in sorted(owners().items()):
        model = apps.get_model(label)
        personal = personal_fields(label)
        rows: dict[object, dict] = {}
        for lookup, names in lookups.items():
            wanted = [n for n in (names or personal) if n in personal]
            concrete = [model._meta.get_field(n) for n in wanted]
            concrete = [f for f in concrete if not f.many_to_many]
            if not concrete:
                continue
            for instance in model.objects.filter(**{lookup: user.pk}).distinct():
                values = rows.setdefault(instance.pk, {})
                for model_field in concrete:
                    value = _shown(instance, model_field, user)
                    if value in (None, "", {}, []):
                        continue
                    values[model_field.name] = {
                        "category": personal[model_field.name],
                        "value": value,
                    }
        kept = [{"id": pk, "fields": fields} for pk, fields in rows.items() if fields]
        if kept:
            result.append(
                {"model": label, "verbose_name": str(model._meta.verbose_name), "rows": kept}
            )
    return result


def kept_for(user) -> list[str]:
    """Why the person's account cannot be deleted at once: what a law or the programme
    requires keeping (KEEPS: (model, lookup to the user, extra Q, reason)). Empty: nothing."""
    _load()
    reasons = []
    for label, lookup, extra, reason in _KEEPS:
        model = apps.get_model(label)
        found = model.objects.filter(extra(), **{lookup: user.pk}).exists()
        if found and str(reason) not in reasons:
            reasons.append(str(reason))
    return reasons


def _emptiable(model_field) -> bool:
    if model_field.many_to_many:
        return False
    text = models.CharField | models.TextField | models.FileField | models.JSONField
    return model_field.null or isinstance(model_field, text)


def erase_person(user) -> None:
    """Remove a person from every registered row that points at them directly.

    Rows whose link to the person cannot be empty (a membership) are deleted; the others
    lose their personal values and the link, and stay for the counts. Their audit entries lose
    their personal values. The caller anonymises the account itself. Runs in the caller's
    transaction; stored files are deleted after commit.
    """
    for label, lookups in owners().items():
        model = apps.get_model(label)
        if model is apps.get_model(settings.AUTH_USER_MODEL):
            continue
        for lookup in lookups:
            if "__" in lookup or lookup == "pk":
                continue
            link = model._meta.get_field(lookup)
            pks = list(model.objects.filter(**{lookup: user.pk}).values_list("pk", flat=True))
            if not pks:
                continue
            method = Method.ANONYMISED if link.null else Method.DELETED
            rule = Rule(
                key="erase_person",
                model=label,
                category=personal_fields(label).get(lookup, Category.IDENTITY),
                method=method,
                expired=lambda now: Q(),
                fields=tuple(
                    name
                    for name in personal_fields(label)
                    if name == lookup or _emptiable(model._meta.get_field(name))
                ),
            )
            _destroy_batch(rule, pks)


# --- destruction ---------------------------------------------------------------------------------


def _empty_value(model_field: models.Field):
    if isinstance(model_field, models.JSONField):
        return None if model_field.null else {}
    if model_field.null:
        return None
    return ""


def _holds_value(model_field: models.Field) -> Q:
    """Rows where the field still holds something: what makes the job idempotent."""
    name = model_field.name
    if model_field.is_relation:
        return Q(**{f"{name}__isnull": False})
    if isinstance(model_field, models.JSONField):
        filled = ~Q(**{name: {}})
        return Q(**{f"{name}__isnull": False}) & filled if model_field.null else filled
    if not isinstance(model_field, models.CharField | models.TextField | models.FileField):
        return Q(**{f"{name}__isnull": False})
    filled = ~Q(**{name: ""})
    return Q(**{f"{name}__isnull": False}) & filled if model_field.null else filled


def _rule_fields(rule: Rule) -> list[models.Field]:
    model = rule.model_class
    names = rule.fields or tuple(personal_fields(rule.model))
    return [model._meta.get_field(name) for name in names]


def expired_queryset(rule: Rule, now: datetime):
    """The rows the rule says must go and that still hold personal data."""
    queryset = rule.model_class.objects.filter(rule.expired(now))
    if rule.method == Method.ANONYMISED:
        still = Q()
        for model_field in _rule_fields(rule):
            still |= _holds_value(model_field)
        queryset = queryset.filter(still)
    return queryset.order_by("pk")


def scrub_audit(model: type[models.Model], pks: list) -> int:
    from core.models import AuditEntry  # noqa: PLC0415 -- models load after this module

    content_type = ContentType.objects.get_for_model(model, for_concrete_model=False)
    return AuditEntry.objects.filter(
        content_type=content_type, object_id__in=[str(pk) for pk in pks]
    ).update(data={}, object_repr="—")


def _destroy_batch(rule: Rule, pks: list) -> None:
    model = rule.model_class
    queryset = model.objects.filter(pk__in=pks)
    files = [f for f in _rule_fields(rule) if isinstance(f, models.FileField)]
    if rule.method == Method.DELETED:
        files = [f for f in model._meta.concrete_fields if isinstance(f, models.FileField)]
    doomed = [
        (f.storage, name)
        for f in files
        for name in queryset.exclude(**{f.name: ""}).values_list(f.name, flat=True)
        if name
    ]
    if rule.method == Method.DELETED:
        queryset.delete()
    else:
        changes = {f.name: _empty_value(f) for f in _rule_fields(rule) if not f.many_to_many}
        queryset.update(**changes)
        for f in _rule_fields(rule):
            if f.many_to_many:
                for instance in queryset:
                    getattr(instance, f.name).clear()
    scrub_audit(model, pks)

    def delete_files():
        for storage, name in doomed:
            storage.delete(name)

    transaction.on_commit(delete_files)


@dataclass
class Outcome:
    rule: Rule
    count: int


def destroy_expired(*, now: datetime | None = None, dry_run: bool = False, batch_size: int = 200):
    """Destroy what the retention schedule says has expired (PIPA Art. 21).

    Each batch is its own transaction, so a run that stops halfway leaves finished batches
    done and the next run picks up the rest (the expired rows are found again by the values
    they still hold). Writes one DestructionLog row per batch, in the batch's transaction (the
    category, how many, how, the policy version; never the values). Stored files are deleted
    after each batch commits. With dry_run nothing changes: the outcomes say what would go.
    """
    from core.models import DestructionLog  # noqa: PLC0415 -- models load after this module

    now = now or timezone.now()
    outcomes = []
    for rule in rules():
        queryset = expired_queryset(rule, now)
        if dry_run:
            outcomes.append(Outcome(rule, queryset.count()))
            continue
        done = 0
        while True:
            with transaction.atomic():
                pks = list(
                    expired_queryset(rule, now)
                    .select_for_update()
                    .values_list("pk", flat=True)[:batch_size]
                )
                if not pks:
                    break
                _destroy_batch(rule, pks)
                DestructionLog.objects.create(
                    rule=rule.key,
                    model=rule.model,
                    category=rule.category,
                    method=rule.method,
                    count=len(pks),
                    policy_version=policy_version(),
                )
                done += len(pks)
        if done:
            logger.info("privacy: %s %s rows of %s", rule.method, done, rule.model)
        outcomes.append(Outcome(rule, done))
    for sweep in _SWEEPS:
        for key, label, category, method, count in sweep(now, dry_run):
            rule = Rule(key=key, model=label, category=category, method=method, expired=None)
            if count and not dry_run and method in Method.values:  # a notice destroys nothing
                DestructionLog.objects.create(
                    rule=key,
                    model=label,
                    category=category,
                    method=method,
                    count=count,
                    policy_version=policy_version(),
                )
            outcomes.append(Outcome(rule, count))
    return outcomes
