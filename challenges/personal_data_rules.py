"""challenges' retention rules (RULES), whose rows belong to whom (OWNERS) and what a person
cannot delete alone (KEEPS), exposed by challenges/personal_data.py.

Drafts and unselected applications lose their content and documents once their retention
ends (see the module docstring of challenges/personal_data.py).
"""

from datetime import timedelta

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from challenges.models import ApplicationStatus as S
from core.privacy import Category as C
from core.privacy import Method, Rule, retention_days

NOT_CHOSEN = [S.NOT_SELECTED, S.INELIGIBLE, S.WITHDRAWN]


def _drafts(prefix: str):
    def expired(now):
        limit = now - timedelta(days=retention_days("draft_applications_after_close"))
        return Q(**{f"{prefix}status": S.DRAFT, f"{prefix}challenge__closes_at__lt": limit})

    return expired


def _not_chosen(prefix: str):
    def expired(now):
        limit = now - timedelta(days=retention_days("unselected_applications_after_results"))
        return Q(
            **{
                f"{prefix}status__in": NOT_CHOSEN,
                f"{prefix}challenge__results_published_at__lt": limit,
            }
        )

    return expired


_DRAFT_TEXT = _("Applications never submitted: %(days)s days after the call closes.")
_NOT_CHOSEN_TEXT = _(
    "Applications not selected, ineligible or withdrawn: %(days)s days after the results."
)


def _rules(key, retention, text, when):
    return [
        Rule(
            key=f"{key}",
            model="challenges.Application",
            category=C.APPLICATION,
            method=Method.ANONYMISED,
            expired=when(""),
            retention=retention,
            description=text,
        ),
        Rule(
            key=f"{key}_documents",
            model="challenges.ApplicationDocument",
            category=C.DOCUMENTS,
            method=Method.DELETED,
            expired=when("application__"),
            retention=retention,
            description=text,
        ),
        Rule(
            key=f"{key}_eligibility_exceptions",
            model="challenges.EligibilityException",
            category=C.APPLICATION,
            method=Method.ANONYMISED,
            expired=when("application__"),
            retention=retention,
            description=text,
        ),
        Rule(
            key=f"{key}_reviews",
            model="challenges.Review",
            category=C.APPLICATION,
            method=Method.ANONYMISED,
            expired=when("assignment__application__"),
            retention=retention,
            description=text,
        ),
        Rule(
            key=f"{key}_scores",
            model="challenges.Score",
            category=C.APPLICATION,
            method=Method.ANONYMISED,
            expired=when("review__assignment__application__"),
            retention=retention,
            description=text,
        ),
    ]


RULES = [
    *_rules("draft_applications", "draft_applications_after_close", _DRAFT_TEXT, _drafts),
    *_rules(
        "unselected_applications",
        "unselected_applications_after_results",
        _NOT_CHOSEN_TEXT,
        _not_chosen,
    ),
]


OWNERS = {
    "challenges.Application": {"startup__members": None},
    "challenges.ApplicationDocument": {"application__startup__members": None},
    "challenges.Tranche": {"grant__application__startup__members": None},
    "challenges.TrancheReportFile": {"tranche__grant__application__startup__members": None},
    "challenges.GrantReport": {"grant__application__startup__members": None},
    "challenges.GrantReportFile": {"report__grant__application__startup__members": None},
    "challenges.ReviewerAgreement": {"reviewer": None},
    "challenges.ReviewerConflict": {"reviewer": None},
    "challenges.ReviewAssignment": {"reviewer": None},
    "challenges.Review": {"assignment__reviewer": None},
    "challenges.Score": {"review__assignment__reviewer": None},
    "challenges.Appeal": {"application__startup__members": ["contested", "opened_at"]},
    "challenges.AppealGround": {"appeal__application__startup__members": ["text", "response"]},
    "challenges.AppealDocument": {"appeal__application__startup__members": None},
    "challenges.AppealCommitteeMember": {"member": ["finding", "reviewed_at"]},
    "challenges.GrantDeclaration": {"application__startup__members": None},
    "challenges.OutcomeConsent": {"application__startup__members": None},
    "challenges.OutcomeResponse": {"recipient": ["partnerships", "help_text", "submitted_at"]},
}

# What a person cannot delete alone (core.privacy.kept_for): a submitted application is kept
# until its retention ends, a grant as the grant rules require.
KEEPS = [
    (
        "challenges.Application",
        "startup__members",
        lambda: ~Q(status=S.DRAFT),
        _("Your startup has submitted applications, which are kept for their retention period."),
    ),
]
