"""Reads for fair selection (issue 16): the appeal window, open appeals, applicants' feedback."""

from datetime import datetime, timedelta

from django.db.models import Avg
from django.utils.translation import gettext

from accounts.selectors import is_startup_owner
from challenges.models import (
    Appeal,
    AppealStatus,
    Application,
    ApplicationStatus,
    Challenge,
    DeadlineExtension,
    Review,
    RubricCriterion,
    Score,
)
from core.timefmt import format_datetime

APPEALABLE = {ApplicationStatus.NOT_SELECTED, ApplicationStatus.INELIGIBLE}


def appeal_closes_at(challenge: Challenge) -> datetime | None:
    """The end of the appeal window (exclusive), or None when the call takes no appeals or
    its results are not published."""
    if not challenge.appeal_window_days or challenge.results_published_at is None:
        return None
    return challenge.results_published_at + timedelta(days=challenge.appeal_window_days)


def appeal_refusal(application: Application, now: datetime) -> str | None:
    """Why an appeal cannot be opened against the application at `now`, or None.

    The window runs from the publication of the results up to, not including, the end."""
    challenge = application.challenge
    closes_at = appeal_closes_at(challenge)
    if closes_at is None:
        return gettext("This call takes no appeals, or its results are not published yet.")
    if application.status not in APPEALABLE:
        return gettext("Only a decision not to select or not eligible can be appealed.")
    if now < challenge.results_published_at:
        return gettext("Appeals open when the results are published.")
    if now >= closes_at:
        return gettext("The appeal window closed on %(closed)s.") % {
            "closed": format_datetime(closes_at)
        }
    return None


def appeal_of(application: Application) -> Appeal | None:
    return (
        Appeal.objects.filter(application=application)
        .prefetch_related("grounds", "documents")
        .first()
    )


def open_appeals():
    """Appeals not yet decided, the soonest due first (staff tasks and the dashboard)."""
    return (
        Appeal.objects.exclude(status__in=[AppealStatus.UPHELD, AppealStatus.OVERTURNED])
        .select_related("application__startup", "application__challenge")
        .order_by("due_at", "pk")
    )


# --- feedback to applicants -------------------------------------------------------------------


def feedback_visible(application: Application, now: datetime) -> bool:
    """Staff chose to give feedback on the call, its release time has come (never before the
    results), and the application reached review (it has a submitted review)."""
    challenge = application.challenge
    return bool(
        challenge.feedback_enabled
        and challenge.results_published_at is not None
        and challenge.feedback_release_at is not None
        and now >= max(challenge.feedback_release_at, challenge.results_published_at)
        and Review.objects.filter(
            assignment__application=application, submitted_at__isnull=False
        ).exists()
    )


def criterion_averages(application: Application) -> list[dict]:
    """Per criterion of the call: the application's average score and the average over all
    reviewed applications of the call (submitted reviews; "n/a" left out). Two queries."""
    scored = Score.objects.filter(
        review__submitted_at__isnull=False,
        review__assignment__application__challenge=application.challenge_id,
        value__isnull=False,
    )
    everyone = dict(
        scored.values("criterion").annotate(a=Avg("value")).values_list("criterion", "a")
    )
    own = dict(
        scored.filter(review__assignment__application=application)
        .values("criterion")
        .annotate(a=Avg("value"))
        .values_list("criterion", "a")
    )
    return [
        {
            "criterion": str(criterion.name),
            "scale_max": criterion.scale_max,
            "own": round(own[criterion.pk], 1) if criterion.pk in own else None,
            "all": round(everyone[criterion.pk], 1) if criterion.pk in everyone else None,
        }
        for criterion in RubricCriterion.objects.filter(challenge=application.challenge_id)
    ]


def feedback_for(application: Application, now: datetime) -> dict | None:
    """What the applicant sees once feedback is released, or None: averages, the comments
    staff released (text only: a comment row never names its reviewer), and for a
    not-selected or ineligible application its coded reason and note."""
    if not feedback_visible(application, now):
        return None
    reason = application.decision_reason
    return {
        "averages": criterion_averages(application),
        "comments": [c.text for c in application.feedback_comments.filter(released=True)],
        "reason": str(reason.label) if reason and application.status in APPEALABLE else "",
        "note": application.decision_note if application.status in APPEALABLE else "",
    }


# --- deadline extensions and who submits ------------------------------------------------------


def deadline_of(application: Application) -> datetime:
    """Until when the application may be changed and submitted: the call's close, or the later
    time staff granted to this one application (DeadlineExtension). No query when the
    extension was loaded with the application (select_related("deadline_extension"))."""
    closes_at = application.challenge.closes_at
    try:
        extension = application.deadline_extension
    except DeadlineExtension.DoesNotExist:
        return closes_at
    return max(closes_at, extension.closes_at)


def submitter_refusal(application: Application, person) -> str | None:
    """Why `person` may not submit the application, or None. When the call requires it, only
    the startup's representative (an owner) submits; co-founders still edit the draft."""
    if not application.challenge.representative_submits:
        return None
    if person is not None and is_startup_owner(person, application.startup):
        return None
    return gettext(
        "This call requires the startup's representative (대표자) to submit the application."
    )
