"""Cache invalidation only (STYLE.md: no business rules in signals)."""

from django.db.models.signals import post_delete, post_save

from accounts import topics
from challenges.models import (
    AppealCommitteeMember,
    Application,
    Challenge,
    Review,
    ReviewAssignment,
)
from core import viewer_cache
from core.fragments import change_on_save, topic


def _reviewer_of_review(review) -> list[str]:
    try:
        return [topic("reviewer", review.assignment.reviewer_id)]
    except ReviewAssignment.DoesNotExist:  # deleted with its assignment, whose signal tells
        return []


def forget_seated_member(sender, instance, **kwargs):
    """A committee seat given or taken: the member's kept roles (appeal_member) are stale."""
    viewer_cache.invalidate([instance.member_id])


def connect() -> None:
    """The topics of the kept parts of signed-in pages (core.fragments) that each write
    changes: the reviewer's queue and the founder's applications (challenges.selectors).
    Startups' names: accounts.apps."""
    change_on_save(Challenge, lambda row: [topic("challenges")])
    change_on_save(Application, lambda row: [topics.startup(row.startup_id)])
    change_on_save(ReviewAssignment, lambda row: [topic("reviewer", row.reviewer_id)])
    change_on_save(Review, _reviewer_of_review)
    uid = "challenges.viewer.appeal_seat"
    post_save.connect(forget_seated_member, AppealCommitteeMember, dispatch_uid=f"{uid}.saved")
    post_delete.connect(forget_seated_member, AppealCommitteeMember, dispatch_uid=f"{uid}.deleted")
