"""Fixtures shared by the challenge tests."""

import pytest

from tests import factories


@pytest.fixture
def founder_client(client):
    application = factories.ApplicationFactory()
    founder = factories.StartupMembershipFactory(
        startup=application.startup, user__language="en"
    ).user
    client.force_login(founder)
    client.application = application
    client.founder = founder
    return client
