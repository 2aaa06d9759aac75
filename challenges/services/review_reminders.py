"""Review reminders: the sweep that tells reviewers of reviews due soon or overdue."""

from collections import defaultdict
from datetime import datetime, timedelta
from hashlib import sha256

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from challenges.models import ReviewAssignment
from notifications.services import notify

DUE_SOON, OVERDUE = "due_soon", "overdue"


@transaction.atomic
def remind_reviewers(*, now: datetime | None = None, days_before: int | None = None) -> int:
    """Remind reviewers of reviews due within `days_before` days (REVIEW_REMINDER_DAYS) and,
    once more, of reviews overdue: one notification per reviewer, challenge and milestone,
    however many applications it covers. Each assignment is reminded once per milestone
    (its timestamp is set here, rows locked), and the notification key is derived from the
    assignments, so a sweep that runs twice sends nothing twice. Returns the count sent."""
    now = now or timezone.now()
    days_before = settings.REVIEW_REMINDER_DAYS if days_before is None else days_before
    open_ = ReviewAssignment.objects.filter(
        Q(review__isnull=True) | Q(review__submitted_at__isnull=True)
    )
    due = {
        DUE_SOON: open_.filter(
            due_at__gt=now,
            due_at__lte=now + timedelta(days=days_before),
            due_soon_reminder_sent_at__isnull=True,
        ),
        OVERDUE: open_.filter(due_at__lte=now, overdue_reminder_sent_at__isnull=True),
    }
    sent = 0
    for milestone, assignments in due.items():
        locked = list(
            ReviewAssignment.objects.select_for_update()
            .filter(pk__in=assignments.values("pk"))
            .select_related("reviewer", "application__challenge")
            .order_by("reviewer_id", "application__challenge_id", "due_at", "pk")
        )
        groups: dict[tuple[int, int], list[ReviewAssignment]] = defaultdict(list)
        for assignment in locked:
            groups[(assignment.reviewer_id, assignment.application.challenge_id)].append(assignment)
        for group in groups.values():
            first, challenge = group[0], group[0].application.challenge
            ids = ",".join(str(a.pk) for a in group)
            notify(
                first.reviewer,
                f"challenges.review_{milestone}",
                {
                    "challenge_title": {"ko": challenge.title_ko, "en": challenge.title_en},
                    "count": len(group),
                    "due_at": first.due_at,
                    "url": f"/review/{first.pk}/",
                },
                key=f"challenges.review_{milestone}:{sha256(ids.encode()).hexdigest()[:40]}",
            )
            sent += 1
        field = f"{milestone}_reminder_sent_at"
        ReviewAssignment.objects.filter(pk__in=[a.pk for a in locked]).update(**{field: now})
    return sent
