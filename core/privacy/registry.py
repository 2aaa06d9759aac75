"""The personal data inventory: categories, the retention schedule, the registry of the apps'
`personal_data` modules, and what a person holds (see core/privacy/__init__.py)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from importlib import import_module

from django.apps import apps
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


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
