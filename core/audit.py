from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.functional import Promise
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from core.models import AuditEntry
from core.money import format_krw
from core.timefmt import format_date, format_datetime


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


# --- the audit trail in words -----------------------------------------------------------------
#
# Each app owns the sentences of its actions in `<app>/audit_sentences.py`, which calls
# `register_sentences` (core imports no app: the modules are found through the app registry
# when core is ready, like admin.py modules). A sentence is a translatable text with named
# placeholders: %(actor)s, %(object)s and the keys of the entry's data; `shown_as` says how a
# data value is shown (a choices class for statuses, so people read labels, never codes).


@dataclass(frozen=True)
class Sentence:
    text: Promise | str
    shown_as: dict[str, Callable[[Any], str] | type[models.Choices]] = field(default_factory=dict)


_SENTENCES: dict[str, Sentence] = {}


def register_sentences(sentences: dict[str, Sentence | Promise | str]) -> None:
    """Add `{action code: sentence}`; a bare text is a sentence without special values."""
    for action, sentence in sentences.items():
        _SENTENCES[action] = sentence if isinstance(sentence, Sentence) else Sentence(sentence)


def registered_actions() -> set[str]:
    return set(_SENTENCES)


def actor_name(actor) -> str:
    """Who did it, as a sentence names them ("김운영 님" / "Kim Unyoung"; the system)."""
    if actor is None:
        return str(_("The system"))
    name = actor.get_full_name() or actor.email
    return pgettext("audit trail: the person who did something", "%(name)s") % {"name": name}


def _show(value, how) -> str:
    if value in (None, ""):
        return "—"
    if isinstance(how, type) and issubclass(how, models.Choices):
        try:
            return str(how(value).label)
        except ValueError:
            return str(value)
    return str(how(value))


class _Values(dict):
    """The placeholders of a sentence; one the data lacks reads as a dash, never a KeyError."""

    def __missing__(self, key):
        return "—"


def describe(entry: AuditEntry) -> str:
    """The entry as a sentence in the active language ("김운영 님이 서류 검토로 보냈습니다.")."""
    sentence = _SENTENCES.get(entry.action)
    data = entry.data if isinstance(entry.data, dict) else {}
    values = _Values(
        {
            key: _show(value, sentence.shown_as[key])
            if sentence and key in sentence.shown_as
            else _plain(value)
            for key, value in data.items()
        }
    )
    values["actor"] = actor_name(entry.actor)
    values["object"] = entry.object_repr
    if sentence is None:
        values["action"] = entry.action.rsplit(".", 1)[-1].replace("_", " ")
        return _("%(actor)s: %(action)s (%(object)s).") % values
    return str(sentence.text) % values


def _plain(value) -> str:
    if isinstance(value, bool):
        return str(_("yes") if value else _("no"))
    if isinstance(value, list | tuple):
        return ", ".join(_plain(item) for item in value) or "—"
    if isinstance(value, dict):
        return ", ".join(f"{key}: {_plain(item)}" for key, item in value.items()) or "—"
    return "—" if value in (None, "") else str(value)


# How sentences show common values (data holds JSON: ISO text for times and dates).


def as_datetime(value) -> str:
    moment = parse_datetime(value) if isinstance(value, str) else value
    return format_datetime(moment) if moment else str(value)


def as_date(value) -> str:
    day = parse_date(value) if isinstance(value, str) else value
    return format_date(day) if day else str(value)


def as_krw(value) -> str:
    return format_krw(int(value))


def as_count(value) -> str:
    return str(len(value)) if isinstance(value, list | tuple | dict) else str(value)


def field_labels(model: type[models.Model]) -> Callable[[Any], str]:
    """Shows a list of field names of `model` by their labels."""

    def show(names) -> str:
        labels = []
        for name in names if isinstance(names, list | tuple) else [names]:
            try:
                labels.append(str(model._meta.get_field(name).verbose_name))
            except Exception:  # a field renamed since: its name is still better than nothing
                labels.append(str(name))
        return ", ".join(labels) or "—"

    return show


def labels_from(mapping: dict) -> Callable[[Any], str]:
    """Shows a code by its label in `mapping` (e.g. {"overlap": _("...")})."""
    return lambda code: str(mapping.get(code, code))


def discover_sentences() -> None:
    """Import every app's audit_sentences module (called when core is ready)."""
    autodiscover_modules("audit_sentences")
