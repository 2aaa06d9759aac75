"""The one guard for status changes.

Each app keeps its table beside its status enum (`TRANSITIONS = {S.DRAFT: {S.SUBMITTED}, ...}`,
a mapping from a status to the set of statuses it may become) and calls `ensure` before it
changes a status.
"""

from collections.abc import Mapping, Set

from django.utils.translation import gettext as _

from core.exceptions import TransitionNotAllowed


def _label(table: Mapping, value) -> str:
    """The enum label of `value` when the table holds it as a choices member."""
    for status in (*table, *(target for targets in table.values() for target in targets)):
        if status == value and hasattr(status, "label"):
            return str(status.label)
    return str(value)


def ensure(
    table: Mapping[str, Set[str]],
    current: str,
    target: str,
    *,
    message: str | None = None,
    code: str = "transition_not_allowed",
) -> None:
    """Raise TransitionNotAllowed unless `table` lets `current` become `target`.

    A status missing from the table may become nothing. `message` is the translated text
    shown to the person; it may name the statuses with %(current)s and %(target)s (their
    labels, when the table's keys are TextChoices members). Without it, a generic sentence
    with both labels. `code` is the error's code.
    """
    if target in table.get(current, ()):
        return
    if message is None:
        message = _("“%(current)s” cannot become “%(target)s”.")
    raise TransitionNotAllowed(
        message % {"current": _label(table, current), "target": _label(table, target)},
        code=code,
    )
