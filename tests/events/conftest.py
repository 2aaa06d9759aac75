"""Fixtures of the events tests."""

import pytest

from tests import factories


@pytest.fixture
def person():
    return factories.UserFactory(name="Kim Minji", language="en")


@pytest.fixture
def staff():
    return factories.StaffFactory(language="en")
