"""Feedback to applicants: staff prepare the reviewers' comments, edit or withhold each, and
release them; the applicants are told. A comment row is a copy of the text only, so nothing
released can name a reviewer."""

from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.selectors import startup_people
from challenges import fair_selectors
from challenges.exceptions import ApplicationError
from challenges.models import Application, Challenge, FeedbackComment, Review
from core.audit import log_action
from core.i18n import in_language
from notifications.services import notify


@transaction.atomic
def prepare_feedback(application: Application, *, actor) -> list[FeedbackComment]:
    """Copy the overall comments of the submitted reviews into unreleased FeedbackComments
    (once: a second call adds nothing). Audited."""
    application = Application.objects.select_for_update().get(pk=application.pk)
    if application.feedback_comments.exists():
        return list(application.feedback_comments.all())
    texts = [
        text.strip()
        for text in Review.objects.filter(
            assignment__application=application, submitted_at__isnull=False
        )
        .order_by("pk")
        .values_list("comment", flat=True)
        if text and text.strip()
    ]
    comments = FeedbackComment.objects.bulk_create(
        FeedbackComment(application=application, text=text, sort_order=n)
        for n, text in enumerate(texts)
    )
    log_action(
        application,
        "challenges.application.feedback_prepared",
        actor=actor,
        data={"comments": len(comments)},
    )
    return comments


@transaction.atomic
def edit_feedback_comment(
    comment: FeedbackComment, *, actor, text: str, released: bool
) -> FeedbackComment:
    """Staff edit a comment's text and release or withhold it. Audited (not the text)."""
    if not text.strip():
        raise ApplicationError(_("A comment cannot be empty; withhold it instead."), code="empty")
    comment = FeedbackComment.objects.select_for_update().get(pk=comment.pk)
    comment.text = text.strip()
    comment.released = released
    comment.edited_by = actor
    comment.save(update_fields=["text", "released", "edited_by"])
    log_action(
        comment.application,
        "challenges.application.feedback_comment_edited",
        actor=actor,
        data={"comment": comment.pk, "released": released},
    )
    return comment


def notify_feedback(challenge: Challenge, *, now: datetime | None = None) -> int:
    """Tell the members of every application whose feedback is visible at `now` (outbox,
    idempotent per application and person). Returns the number of notifications queued."""
    now = now or timezone.now()
    count = 0
    applications = challenge.applications.select_related("challenge", "startup", "decision_reason")
    for application in applications:
        for person in startup_people(application.startup):
            with in_language(person):
                feedback = fair_selectors.feedback_for(application, now)
                if feedback is None:
                    break
                notify(
                    person,
                    "challenges.feedback_released",
                    {
                        "challenge_title": str(challenge.title),
                        **feedback,
                        "url": application.get_absolute_url(),
                    },
                    key=f"challenges.feedback_released:{application.pk}:{person.pk}",
                )
                count += 1
    return count


@transaction.atomic
def prepare_challenge_feedback(challenge: Challenge, *, actor) -> int:
    """prepare_feedback for every application of the call with a submitted review, then tell
    the applicants whose feedback is already visible. Returns the notifications queued."""
    reviewed = Application.objects.filter(
        challenge=challenge, review_assignments__review__submitted_at__isnull=False
    ).distinct()
    for application in reviewed:
        prepare_feedback(application, actor=actor)
    return notify_feedback(challenge)
