"""The audit trail reads as sentences in the viewer's language, for every action the code logs."""

import ast
from pathlib import Path

import pytest
from django.utils import translation

from challenges.models import ApplicationStatus, GrantStatus
from core.audit import describe, log_action, registered_actions
from tests.factories import ApplicationFactory, GrantFactory, StaffFactory

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parent.parent.parent
APPS = [
    "accounts",
    "core",
    "notifications",
    "challenges",
    "mentoring",
    "events",
    "partners",
    "legal",
]

# Actions built at run time, with every value they can take.
DYNAMIC = {
    "challenges.application.{target}": [
        ApplicationStatus.SCREENING,
        ApplicationStatus.UNDER_REVIEW,
        ApplicationStatus.INELIGIBLE,
        ApplicationStatus.SHORTLISTED,
        ApplicationStatus.INTERVIEW,
        ApplicationStatus.SELECTED,
        ApplicationStatus.NOT_SELECTED,
    ],
}


def logged_actions() -> set[str]:
    """Every action code passed to log_action in the code base."""
    actions = set()
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                func = getattr(node, "func", None)
                name = getattr(func, "id", getattr(func, "attr", None))
                if not isinstance(node, ast.Call) or name != "log_action" or len(node.args) < 2:
                    continue
                action = node.args[1]
                if isinstance(action, ast.Constant):
                    actions.add(action.value)
                    continue
                pattern = ast.unparse(action)[2:-1]  # f'...' without f' and '
                assert pattern in DYNAMIC, f"{path}: teach this test the values of {pattern}"
                field = pattern[pattern.index("{") + 1 : pattern.index("}")]
                actions |= {pattern.replace(f"{{{field}}}", v) for v in DYNAMIC[pattern]}
    return actions


def test_every_logged_action_has_a_sentence():
    actions = logged_actions()
    assert len(actions) > 60
    assert sorted(actions - registered_actions()) == []


def _staff(name="김운영", language="ko"):
    return StaffFactory(name=name, language=language)


def test_a_staff_move_reads_as_a_korean_sentence():
    application = ApplicationFactory(status=ApplicationStatus.SCREENING)
    entry = log_action(
        application,
        "challenges.application.screening",
        actor=_staff(),
        data={"from": "submitted", "to": "screening", "reason": "", "note": ""},
    )
    with translation.override("ko"):
        assert describe(entry) == "김운영 님이 서류 검토로 보냈습니다."


def test_statuses_are_shown_by_their_labels_never_their_codes():
    grant = GrantFactory()
    entry = log_action(
        grant,
        "challenges.grant.cancelled",
        actor=_staff(name="Kim Unyoung"),
        data={"from": "active", "to": "cancelled", "amount": 40_000_000, "reason": "Moved abroad"},
    )
    with translation.override("en"):
        assert describe(entry) == (
            "Kim Unyoung cancelled the grant of KRW 40,000,000 (it was "
            f"{GrantStatus.ACTIVE.label}): Moved abroad"
        )


def test_an_action_without_a_sentence_still_reads_as_words():
    application = ApplicationFactory()
    entry = log_action(application, "challenges.application.something_new", actor=None)
    with translation.override("en"):
        assert describe(entry) == f"The system: something new ({entry.object_repr})."


def test_the_admin_history_shows_the_sentence(client):
    application = ApplicationFactory(status=ApplicationStatus.SUBMITTED)
    staff = _staff(name="Kim Unyoung", language="en")
    client.force_login(staff)
    client.post(
        "/admin/challenges/application/",
        {"action": "move_to_screening", "_selected_action": [application.pk]},
    )
    page = client.get(f"/admin/challenges/application/{application.pk}/change/").content.decode()
    assert "Kim Unyoung moved the application to screening." in page
    assert "challenges.application.screening" not in page
