"""Kept parts of signed-in pages (core.fragments): a part is built once and served until one of
its topics changes, also when the change commits while the part is being built."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core.cache import cache
from django.db import transaction

from core import fragments
from core.fragments import topic


class Builder:
    """A part's builder that counts its calls and returns what the rows say now."""

    def __init__(self):
        self.rows = "first"
        self.calls = 0

    def __call__(self) -> str:
        self.calls += 1
        return f"<p>{self.rows}</p>"


def test_a_part_is_built_once_and_served_until_its_topic_changes():
    build = Builder()
    topics = [topic("reviewer", 7), topic("challenges")]
    assert fragments.kept("queue", (7, "ko"), topics, build) == "<p>first</p>"
    assert fragments.kept("queue", (7, "ko"), topics, build) == "<p>first</p>"
    assert build.calls == 1

    build.rows = "second"
    fragments.changed(topic("challenges"))

    assert fragments.kept("queue", (7, "ko"), topics, build) == "<p>second</p>"
    assert build.calls == 2


def test_other_topics_and_variants_are_apart():
    build = Builder()
    mine = [topic("reviewer", 7)]
    fragments.kept("queue", (7, "ko"), mine, build)

    fragments.changed(topic("reviewer", 8))  # someone else's queue
    fragments.kept("queue", (7, "ko"), mine, build)
    assert build.calls == 1

    fragments.kept("queue", (7, "en"), mine, build)  # the same rows in English
    fragments.kept("applications", (7, "ko"), mine, build)  # another part
    assert build.calls == 3


def test_a_new_topic_among_the_parts_topics_builds_it_again():
    """A founder who joins a second startup: the same key, one topic more."""
    build = Builder()
    fragments.kept("applications", (7,), [topic("startup", 1)], build)
    fragments.kept("applications", (7,), [topic("startup", 1), topic("startup", 2)], build)
    assert build.calls == 2


def test_a_change_that_commits_while_the_part_is_built_is_not_kept_for_long():
    """The builder reads the rows before another request's change commits: what it built is
    served to itself, but no later request is given it."""
    build = Builder()

    def build_while_another_request_commits() -> str:
        html = build()
        build.rows = "changed"
        fragments.changed(topic("startup", 1))  # the writer's commit, between read and store
        return html

    topics = [topic("startup", 1)]
    assert fragments.kept("list", (1,), topics, build_while_another_request_commits) == (
        "<p>first</p>"
    )
    assert fragments.kept("list", (1,), topics, build) == "<p>changed</p>"


@pytest.mark.django_db(transaction=True)
def test_a_change_is_announced_again_when_its_transaction_commits():
    """Between the writer's change and its commit, a reader builds from the old rows; the
    second announcement, at commit, drops what it kept."""
    build = Builder()
    topics = [topic("startup", 1)]
    fragments.kept("list", (1,), topics, build)
    with transaction.atomic():
        fragments.changed(topic("startup", 1))
        fragments.kept("list", (1,), topics, build)  # another request, rows not committed
        assert build.calls == 2
        build.rows = "committed"
    assert fragments.kept("list", (1,), topics, build) == "<p>committed</p>"
    assert build.calls == 3


def test_a_lost_topic_token_builds_the_part_again():
    """A token evicted from the cache (or expired) comes back as a new random one."""
    build = Builder()
    topics = [topic("startup", 1)]
    fragments.kept("list", (1,), topics, build)
    cache.delete("kept:topic:startup:1")
    fragments.kept("list", (1,), topics, build)
    assert build.calls == 2


def test_a_part_that_the_clock_changes_is_kept_until_the_time_it_gave():
    build = Builder()
    until = datetime(2026, 3, 2, 14, 0, tzinfo=UTC)

    def expiring():
        return fragments.Expiring(build(), until)

    with time_machine.travel(until - timedelta(minutes=2), tick=False) as clock:
        fragments.kept("week", (1,), [topic("coach", 1)], expiring)
        clock.move_to(until - timedelta(seconds=1))
        fragments.kept("week", (1,), [topic("coach", 1)], expiring)
        assert build.calls == 1
        clock.move_to(until)
        fragments.kept("week", (1,), [topic("coach", 1)], expiring)
        assert build.calls == 2


def test_a_write_to_a_topic_no_page_reads_adds_nothing_to_the_cache():
    """Every save of a user, a startup or an application names its topics: if each left a key
    behind, a busy hour would push the kept parts and the viewers out of a bounded cache."""
    fragments.changed(topic("startup", 99), topic("person", 99))
    assert cache.get_many(["kept:topic:startup:99", "kept:topic:person:99"]) == {}
