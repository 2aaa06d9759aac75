"""Destruction: erasing a person, and the retention job (PIPA Art. 21)."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone

from core.privacy.registry import (
    _SWEEPS,
    Category,
    Method,
    Rule,
    owners,
    personal_fields,
    policy_version,
    rules,
)

logger = logging.getLogger("core.privacy")


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
