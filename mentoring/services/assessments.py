"""The end of an engagement: each side's final assessment, once each."""

from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import log_action
from core.db import refused_by_database
from mentoring.models import AssessmentSide, Engagement, EngagementAssessment
from mentoring.selectors import assessment_is_open
from mentoring.services.common import AssessmentError


@transaction.atomic
def submit_assessment(
    engagement: Engagement,
    *,
    actor,
    side: str,
    rating: int,
    text: str,
    now: datetime | None = None,
) -> EngagementAssessment:
    """The coach's or the startup's final assessment of the engagement (1–5 and a text).

    Opens on the engagement's last day (or when it is marked completed); each side submits
    once and cannot change it afterwards. Locks the engagement so two people of one startup
    cannot both submit (the unique constraint on engagement and side refuses the second row
    too). Records `mentoring.engagement.assessed`; nobody is notified. Raises AssessmentError.
    """
    now = now or timezone.now()
    if side not in AssessmentSide.values:
        raise ValueError(side)
    engagement = Engagement.objects.select_for_update().get(pk=engagement.pk)
    if not assessment_is_open(engagement, now=now):
        raise AssessmentError(
            _("The final assessment opens on the engagement's last day."), code="not_ended"
        )
    if not 1 <= rating <= 5:
        raise AssessmentError(_("Rate the coaching from 1 to 5."), code="rating")
    if not text.strip():
        raise AssessmentError(_("Write your assessment."), code="text")
    if engagement.assessments.filter(side=side).exists():
        raise _already()
    try:
        with transaction.atomic():
            assessment = EngagementAssessment.objects.create(
                engagement=engagement, side=side, rating=rating, text=text, submitted_by=actor
            )
    except IntegrityError as error:
        if not refused_by_database(error):
            raise
        raise _already() from error
    log_action(
        engagement,
        "mentoring.engagement.assessed",
        actor=actor,
        data={"side": side, "rating": rating},
    )
    return assessment


def _already() -> AssessmentError:
    return AssessmentError(
        _("The final assessment from your side has already been submitted."), code="duplicate"
    )
