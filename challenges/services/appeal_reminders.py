"""Appeal reminders: the sweep that tells committee members of findings due soon or overdue."""

from datetime import datetime, timedelta

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from challenges.models import AppealCommitteeMember, AppealStatus
from core.i18n import in_language
from notifications.models import Notification
from notifications.services import notify

# A member without a finding is reminded this long before the appeal's decision is due, and
# once more when it is overdue.
APPEAL_REMINDER_DAYS = 2
DUE_SOON, OVERDUE = "due_soon", "overdue"
KIND = "challenges.appeal_finding_reminder"


@transaction.atomic
def remind_appeal_committees(*, now: datetime | None = None) -> int:
    """Remind each member of an appeal with the committee who has not written a finding:
    once when the decision is due within APPEAL_REMINDER_DAYS, once when it is overdue.
    The notification key names the seat and the milestone, so a sweep that runs twice (or
    hourly) sends nothing twice. Returns the count sent."""
    now = now or timezone.now()
    waiting = AppealCommitteeMember.objects.filter(
        appeal__status=AppealStatus.IN_REVIEW, reviewed_at__isnull=True
    ).select_related("member", "appeal__application__challenge")
    due = {
        DUE_SOON: waiting.filter(
            appeal__due_at__gt=now,
            appeal__due_at__lte=now + timedelta(days=APPEAL_REMINDER_DAYS),
        ),
        OVERDUE: waiting.filter(appeal__due_at__lte=now),
    }
    seats = [(milestone, seat) for milestone, rows in due.items() for seat in rows]
    keys = {f"{KIND}:{milestone}:{seat.pk}" for milestone, seat in seats}
    already = set(Notification.objects.filter(key__in=keys).values_list("key", flat=True))
    sent = 0
    for milestone, seat in seats:
        key = f"{KIND}:{milestone}:{seat.pk}"
        if key in already:
            continue
        appeal = seat.appeal
        with in_language(seat.member):
            notify(
                seat.member,
                KIND,
                {
                    "challenge_title": str(appeal.application.challenge.title),
                    "due_at": appeal.due_at,
                    "overdue": milestone == OVERDUE,
                    "url": reverse("challenges:appeal_committee_detail", args=[appeal.pk]),
                },
                key=key,
            )
        sent += 1
    return sent
