"""core.transitions.ensure: the one guard every status change passes."""

import pytest
from django.db import models
from django.utils import translation

from core.exceptions import TransitionNotAllowed
from core.transitions import ensure


class Light(models.TextChoices):
    RED = "red", "Red"
    GREEN = "green", "Green"
    BROKEN = "broken", "Broken"


TABLE = {Light.RED: {Light.GREEN}, Light.GREEN: {Light.RED, Light.BROKEN}, Light.BROKEN: set()}


def test_ensure_allows_a_move_in_the_table():
    assert ensure(TABLE, "red", "green") is None


def test_ensure_refuses_a_move_missing_from_the_table_naming_both_statuses():
    with translation.override("en"), pytest.raises(TransitionNotAllowed) as caught:
        ensure(TABLE, "broken", "green")
    assert (str(caught.value), caught.value.code) == (
        "“Broken” cannot become “Green”.",
        "transition_not_allowed",
    )


def test_ensure_refuses_a_status_missing_from_the_table():
    with pytest.raises(TransitionNotAllowed):
        ensure(TABLE, "unknown", "red")


def test_ensure_uses_the_callers_message_and_code():
    with pytest.raises(TransitionNotAllowed) as caught:
        ensure(TABLE, "red", "broken", message="%(current)s → %(target)s: no", code="light")
    assert (str(caught.value), caught.value.code) == ("Red → Broken: no", "light")
