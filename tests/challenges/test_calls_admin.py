"""The challenge (call) form in the admin: every input has an accessible name."""

import re

import pytest

from challenges.models import ChallengeMilestone
from tests import factories

pytestmark = pytest.mark.django_db


def _input_tags(html: str) -> dict[str, str]:
    """Each visible input, select and textarea of a page by its id."""
    tags = re.findall(r"<(?:input|select|textarea)\b[^>]*>", html)
    return {
        re.search(r'\sid="([^"]+)"', tag).group(1): tag
        for tag in tags
        if 'type="hidden"' not in tag and re.search(r'\sid="([^"]+)"', tag)
    }


def _nameless(html: str) -> list[str]:
    labelled = set(re.findall(r'<label[^>]*\sfor="([^"]+)"', html))
    return sorted(
        element_id
        for element_id, tag in _input_tags(html).items()
        if element_id not in labelled
        and "aria-label=" not in tag
        and "__prefix__" not in element_id  # the hidden template row for "add another"
    )


def test_date_and_time_boxes_of_the_call_are_named_after_their_field(client):
    challenge = factories.ChallengeFactory()
    client.force_login(factories.StaffFactory(language="en"))
    html = client.get(f"/admin/challenges/challenge/{challenge.pk}/change/").content.decode()
    tags = _input_tags(html)
    assert 'aria-label="Applications open: date"' in tags["id_opens_at_0"]
    assert 'aria-label="Applications open: time"' in tags["id_opens_at_1"]
    assert 'aria-label="Applications close: date"' in tags["id_closes_at_0"]
    assert 'aria-label="Applications close: time"' in tags["id_closes_at_1"]


def test_every_input_of_the_call_form_has_a_name_with_inline_rows(client):
    challenge = factories.ChallengeFactory()
    ChallengeMilestone.objects.create(
        challenge=challenge,
        kind=ChallengeMilestone._meta.get_field("kind").choices[0][0],
        starts_at=challenge.closes_at,
    )
    client.force_login(factories.StaffFactory(language="ko"))
    for url in [
        f"/admin/challenges/challenge/{challenge.pk}/change/",
        "/admin/challenges/challenge/add/",
    ]:
        html = client.get(url).content.decode()
        assert _nameless(html) == [], url
