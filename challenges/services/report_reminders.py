"""Grant report reminders: the sweep that tells grantees of reports due soon or overdue."""

from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from accounts.selectors import startup_people
from challenges.models import GrantReport, GrantStatus, ReportStatus
from notifications.services import notify

DUE_SOON, OVERDUE = "due_soon", "overdue"


@transaction.atomic
def remind_grant_reports(*, now: datetime | None = None, days_before: int | None = None) -> int:
    """Remind the startup's members of reports not yet submitted that are due within
    `days_before` days (GRANT_REPORT_REMINDER_DAYS) and, once more, of those overdue. Each
    report is reminded once per milestone: its timestamp is set here with the rows locked, and
    the notification key names the report and its due date, so a sweep that runs twice sends
    nothing twice.
    Only grants whose agreement is signed are reminded. Returns the number of reports reminded.
    """
    now = now or timezone.now()
    days_before = settings.GRANT_REPORT_REMINDER_DAYS if days_before is None else days_before
    waiting = GrantReport.objects.filter(
        status=ReportStatus.DUE,
        grant__status__in=[GrantStatus.ACTIVE, GrantStatus.COMPLETED],
    )
    due = {
        DUE_SOON: waiting.filter(
            due_at__gt=now,
            due_at__lte=now + timedelta(days=days_before),
            due_soon_reminder_sent_at__isnull=True,
        ),
        OVERDUE: waiting.filter(due_at__lte=now, overdue_reminder_sent_at__isnull=True),
    }
    reminded = 0
    for milestone, reports in due.items():
        locked = list(
            GrantReport.objects.select_for_update(of=("self",))
            .filter(pk__in=reports.values("pk"))
            .select_related("grant__application__startup", "grant__application__challenge")
            .select_related("tranche")
            .order_by("due_at", "pk")
        )
        for report in locked:
            application = report.grant.application
            challenge = application.challenge
            context = {
                "challenge_title": {"ko": challenge.title_ko, "en": challenge.title_en},
                "kind": report.kind,
                "due_at": report.due_at,
                "tranche": report.tranche.sequence if report.tranche else None,
                "url": reverse("challenges:grant_report", args=[application.pk, report.pk]),
            }
            due = int(report.due_at.timestamp())
            for person in startup_people(application.startup):
                notify(
                    person,
                    f"challenges.grant_report_{milestone}",
                    {**context, "startup": application.startup.name_in(person.language)},
                    # A new due date (reschedule_grant_report) is reminded again.
                    key=f"challenges.grant_report_{milestone}:{report.pk}:{due}:{person.pk}",
                )
            reminded += 1
        field = f"{milestone}_reminder_sent_at"
        GrantReport.objects.filter(pk__in=[r.pk for r in locked]).update(**{field: now})
    return reminded
