"""URLs and labels worked out once per process and language (core.links, core.labels)."""

import pytest
from django.urls import reverse
from django.utils import translation

from challenges.models import ApplicationStatus
from challenges.models.applications import FOUNDER_WORDING
from core.labels import labels
from core.links import link


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("my_home", ()),
        ("notifications:detail", (7,)),
        ("notifications:detail", (0,)),
        ("challenges:application_detail", (1234567,)),
        ("challenges:step", (3, "technology")),  # not an id: reverse() as usual
    ],
)
def test_a_remembered_link_is_what_reverse_gives(name, args):
    assert link(name, *args) == reverse(name, args=args)
    assert link(name, *args) == reverse(name, args=args)


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
