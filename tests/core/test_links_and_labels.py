"""URLs and labels worked out once per process and language (core.links, core.labels)."""

import pytest
from django.urls import NoReverseMatch, reverse
from django.utils import translation

from challenges.models import ApplicationStatus
from challenges.models.applications import FOUNDER_WORDING
from core import links
from core.labels import labels
from core.links import link


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("my_home", ()),
        ("notifications:detail", (7,)),
        ("notifications:detail", (0,)),
        ("challenges:application_detail", (1234567,)),
        ("challenges:step", (3, "technology")),
        ("challenges:step", (3, "")),  # no such step: reverse() refuses it as before
        ("challenges:attachment", ("bio-call", 12)),  # the string first, then an id
        ("challenges:step", (7355608101, "7355608101")),  # a string with a placeholder's digits
        ("challenges:detail", ("2026-call",)),
    ],
)
def test_a_remembered_link_is_what_reverse_gives(name, args):
    try:
        expected = reverse(name, args=args)
    except NoReverseMatch:
        for _twice in range(2):
            with pytest.raises(NoReverseMatch):
                link(name, *args)
        return
    assert link(name, *args) == expected
    assert link(name, *args) == expected


def test_a_string_is_remembered_as_itself_and_the_ids_around_it_change():
    assert [link("challenges:step", pk, step) for pk in (1, 22) for step in ("team", "fit")] == [
        "/applications/1/steps/team/",
        "/applications/1/steps/fit/",
        "/applications/22/steps/team/",
        "/applications/22/steps/fit/",
    ]
    assert link("challenges:attachment", "bio", 5) == "/challenges/bio/attachments/5/"
    assert link("challenges:attachment", "bio", 6) == "/challenges/bio/attachments/6/"
    assert link("challenges:attachment", "bio-2", 5) == "/challenges/bio-2/attachments/5/"


def test_a_string_where_an_id_goes_is_refused_as_reverse_refuses_it():
    with pytest.raises(NoReverseMatch):
        link("notifications:detail", "seven")


def test_remembered_links_are_bounded(monkeypatch):
    monkeypatch.setattr(links, "LIMIT", 20)
    for number in range(50):
        assert (
            link("challenges:step", 1, f"step-{number}") == f"/applications/1/steps/step-{number}/"
        )
        assert len(links._reversed) <= 20


def test_rows_get_their_own_ids():
    assert [link("notifications:detail", pk) for pk in (1, 22, 333)] == [
        "/notifications/1/",
        "/notifications/22/",
        "/notifications/333/",
    ]


def test_labels_follow_the_active_language():
    with translation.override("en"):
        english = labels(FOUNDER_WORDING)[ApplicationStatus.INTERVIEW]
        status = labels(ApplicationStatus)[ApplicationStatus.DRAFT]
    with translation.override("ko"):
        korean = labels(FOUNDER_WORDING)[ApplicationStatus.INTERVIEW]
    assert (english, status) == ("Invited to an interview", "Draft")
    assert korean == "면접 대상"


def test_a_link_with_a_string_is_reversed_once_per_string():
    links._reversed.clear()
    for pk in (1, 2, 3):
        link("challenges:step", pk, "team")
        link("challenges:step", pk, "fit")
    assert sorted(key[1] for key in links._reversed if key[0] == "challenges:step") == [
        (None, "fit"),
        (None, "team"),
    ]
