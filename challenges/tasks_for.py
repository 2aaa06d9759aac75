"""What founders, reviewers and programme staff have to do in the challenge, for /home/.

Each function costs a fixed number of queries whatever the number of tasks.
"""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from challenges import appeal_selectors, fair_selectors
from challenges.grant_selectors import REPORT_SUBMITTABLE, REPORTABLE
from challenges.models import (
    AppealStatus,
    Application,
    ApplicationStatus,
    GrantReport,
    GrantStatus,
    ReportStatus,
    ReviewAssignment,
    ReviewerAgreement,
    ReviewerConflict,
    Tranche,
    TrancheStatus,
)
from challenges.selectors import missing_items
from core.timefmt import format_date
from core.todo import Task

RESULTS_SHOWN_DAYS = 30  # a published result stays on the founder's home this long
REPORTS_AHEAD_DAYS = 30  # a milestone report shows up this long before it is due
CONFLICTS_SHOWN_DAYS = 30  # staff see conflicts declared this recently
APPEALS_SHOWN = 10  # staff see this many open appeals one by one, the soonest due first


def _not_submitted():
    return Q(review__isnull=True) | Q(review__submitted_at__isnull=True)


# --- founders ------------------------------------------------------------------------------


def founder_tasks(user, now) -> list[Task]:
    """Drafts with their deadline and what is missing, milestone and grant reports due,
    results."""
    tasks = []
    mine = Application.objects.filter(startup__memberships__user=user)
    drafts = (
        mine.filter(status=ApplicationStatus.DRAFT, challenge__closes_at__gt=now)
        .select_related("challenge", "startup")
        .prefetch_related("documents")
        .order_by("challenge__closes_at", "pk")
    )
    for application in drafts:
        missing = len(missing_items(application))
        tasks.append(
            Task(
                title=_("Finish the application to %(challenge)s")
                % {"challenge": application.challenge.title},
                for_whom=application.startup.name_display,
                due_at=application.challenge.closes_at,
                detail=(
                    ngettext("%(count)d item missing", "%(count)d items missing", missing)
                    % {"count": missing}
                    if missing
                    else _("Everything is filled in: check and submit.")
                ),
                url=application.get_absolute_url(),
                action=_("Continue the application"),
            )
        )
    today = timezone.localdate(now)
    tranches = (
        Tranche.objects.filter(
            grant__application__startup__memberships__user=user,
            grant__status=GrantStatus.ACTIVE,
            status__in=REPORTABLE,
            due_on__lte=today + timedelta(days=REPORTS_AHEAD_DAYS),
        )
        .select_related("grant__application__challenge", "grant__application__startup")
        .order_by("due_on", "pk")
    )
    for tranche in tranches:
        application = tranche.grant.application
        returned = tranche.status == TrancheStatus.RETURNED
        tasks.append(
            Task(
                title=(
                    _("Revise the milestone report %(number)d: %(milestone)s")
                    if returned
                    else _("Report milestone %(number)d: %(milestone)s")
                )
                % {"number": tranche.sequence, "milestone": tranche.milestone},
                for_whom=application.startup.name_display,
                detail=_("Due on %(date)s") % {"date": format_date(tranche.due_on)},
                overdue=tranche.due_on < today,
                url=reverse("challenges:tranche_report", args=[application.pk, tranche.pk]),
                action=_("Write the report"),
            )
        )
    tasks += _grant_report_tasks(user, now)
    results = (
        mine.filter(
            status__in=[ApplicationStatus.SELECTED, ApplicationStatus.NOT_SELECTED],
            challenge__results_published_at__gte=now - timedelta(days=RESULTS_SHOWN_DAYS),
        )
        .select_related("challenge", "startup")
        .order_by("-challenge__results_published_at", "pk")
    )
    for application in results:
        tasks.append(
            Task(
                title=_("The results of %(challenge)s are published")
                % {"challenge": application.challenge.title},
                for_whom=application.startup.name_display,
                url=application.get_absolute_url(),
                action=_("See the result"),
            )
        )
    return tasks


def _grant_report_tasks(user, now) -> list[Task]:
    """Interim and final reports to submit (or submit again) within REPORTS_AHEAD_DAYS."""
    reports = (
        GrantReport.objects.filter(
            grant__application__startup__memberships__user=user,
            grant__status__in=[GrantStatus.ACTIVE, GrantStatus.COMPLETED],
            status__in=REPORT_SUBMITTABLE,
            due_at__lte=now + timedelta(days=REPORTS_AHEAD_DAYS),
        )
        .select_related("grant__application__startup")
        .order_by("due_at", "pk")
    )
    tasks = []
    for report in reports:
        application = report.grant.application
        again = report.status == ReportStatus.CHANGES_REQUESTED
        tasks.append(
            Task(
                title=(_("Revise the %(report)s") if again else _("Submit the %(report)s"))
                % {"report": report.get_kind_display().lower()},
                for_whom=application.startup.name_display,
                due_at=report.due_at,
                overdue=report.due_at < now,
                url=reverse("challenges:grant_report", args=[application.pk, report.pk]),
                action=_("Write the report"),
            )
        )
    return tasks


# --- reviewers -----------------------------------------------------------------------------


def reviewer_tasks(user, now) -> list[Task]:
    """Per challenge: terms to accept, conflicts to declare, then the reviews due with their
    progress ("심사 4건 · 12월 19일 (토) 마감"). Three queries."""
    open_assignments = list(
        ReviewAssignment.objects.filter(reviewer=user)
        .filter(_not_submitted())
        .select_related("application__challenge")
        .order_by("due_at", "pk")
    )
    if not open_assignments:
        return []
    progress = {
        row["application__challenge"]: row
        for row in ReviewAssignment.objects.filter(reviewer=user)
        .values("application__challenge")
        .annotate(total=Count("pk"), done=Count("pk", filter=~_not_submitted()))
    }
    agreed = set(
        ReviewerAgreement.objects.filter(reviewer=user).values_list("challenge_id", flat=True)
    )
    by_challenge: dict[int, list[ReviewAssignment]] = {}
    for assignment in open_assignments:
        by_challenge.setdefault(assignment.application.challenge_id, []).append(assignment)
    tasks = []
    for challenge_id, assignments in by_challenge.items():
        challenge = assignments[0].application.challenge
        first = assignments[0]
        if challenge_id not in agreed:
            tasks.append(
                Task(
                    title=_("Accept the confidentiality terms"),
                    for_whom=challenge.title,
                    url=reverse("challenges:review", args=[first.pk]),
                    action=_("Read the terms"),
                )
            )
        undeclared = [a for a in assignments if a.no_conflict_confirmed_at is None]
        if undeclared and challenge_id in agreed:
            tasks.append(
                Task(
                    title=ngettext(
                        "Declare any conflict of interest: %(count)d application",
                        "Declare any conflict of interest: %(count)d applications",
                        len(undeclared),
                    )
                    % {"count": len(undeclared)},
                    for_whom=challenge.title,
                    url=reverse("challenges:review", args=[undeclared[0].pk]),
                    action=_("Declare"),
                )
            )
        row = progress[challenge_id]
        tasks.append(
            Task(
                title=ngettext(
                    "%(count)d review to submit", "%(count)d reviews to submit", len(assignments)
                )
                % {"count": len(assignments)},
                for_whom=challenge.title,
                due_at=first.due_at,
                overdue=first.due_at < now,
                detail=_("%(done)d of %(total)d submitted")
                % {"done": row["done"], "total": row["total"]},
                url=reverse("challenges:review", args=[first.pk]),
                action=_("Open the next review"),
            )
        )
    return tasks


# --- appeals committee members ------------------------------------------------------------


def appeal_committee_tasks(user, now) -> list[Task]:
    """The appeals whose committee the person sits on and whose finding they have not written,
    each with the appeal's decision date, overdue ones flagged. One query."""
    tasks = []
    for seat in appeal_selectors.pending_findings(user):
        appeal = seat.appeal
        application = appeal.application
        tasks.append(
            Task(
                title=_("Record your finding on an appeal"),
                for_whom=(
                    _("Application %(number)s") % {"number": application.pk}
                    if application.challenge.blind_review
                    else application.startup.name_display
                )
                + f" · {application.challenge.title}",
                due_at=appeal.due_at,
                overdue=appeal.is_overdue(now),
                url=reverse("challenges:appeal_committee_detail", args=[appeal.pk]),
                action=_("Read the appeal"),
            )
        )
    return tasks


# --- programme staff -----------------------------------------------------------------------


def _changelist(model: str, query: str = "") -> str:
    url = reverse(f"admin:challenges_{model}_changelist")
    return f"{url}?{query}" if query else url


def staff_tasks(now) -> list[Task]:
    """Counts of what waits for the programme office, each linking to the filtered admin list.
    Five queries, and two for the open appeals (appeal_tasks)."""
    waiting = Application.objects.filter(status=ApplicationStatus.SUBMITTED).count()
    conflicts = ReviewerConflict.objects.filter(
        declared_at__gte=now - timedelta(days=CONFLICTS_SHOWN_DAYS)
    ).count()
    overdue = ReviewAssignment.objects.filter(_not_submitted(), due_at__lt=now).count()
    grant_reports = GrantReport.objects.filter(status=ReportStatus.SUBMITTED).count()
    tranches = Tranche.objects.aggregate(
        reported=Count("pk", filter=Q(status=TrancheStatus.REPORTED)),
        unpaid=Count("pk", filter=Q(status=TrancheStatus.APPROVED)),
    )
    rows = [
        (
            waiting,
            _("Applications waiting for screening"),
            _changelist("application", "status__exact=submitted"),
        ),
        (
            conflicts,
            _("Conflicts of interest declared in the last 30 days"),
            _changelist("reviewerconflict"),
        ),
        (overdue, _("Overdue reviews"), _changelist("reviewassignment", "progress=overdue")),
        (
            tranches["reported"],
            _("Milestone reports to review"),
            _changelist("tranche", "status__exact=reported"),
        ),
        (
            grant_reports,
            _("Grant reports to review"),
            _changelist("grantreport", "status__exact=submitted"),
        ),
        (
            tranches["unpaid"],
            _("Tranches approved but not paid"),
            _changelist("tranche", "status__exact=approved"),
        ),
    ]
    return [
        Task(title=title, count=count, url=url, action=_("Open the list"))
        for count, title, url in rows
        if count
    ] + appeal_tasks(now)


def appeal_tasks(now) -> list[Task]:
    """Open appeals one by one with their decision date, the soonest due first, overdue ones
    flagged; past APPEALS_SHOWN, one row counting the rest. Two queries."""
    appeals = list(
        fair_selectors.open_appeals()
        .annotate(
            seats=Count("members", distinct=True),
            findings=Count("members", filter=Q(members__reviewed_at__isnull=False), distinct=True),
        )
        .order_by("due_at", "pk")[: APPEALS_SHOWN + 1]
    )
    tasks = []
    for appeal in appeals[:APPEALS_SHOWN]:
        application = appeal.application
        if appeal.status == AppealStatus.OPEN:
            title, detail = _("Assign an appeals committee"), _("No committee yet")
        else:
            title = _("Decide the appeal")
            detail = _("%(done)d of %(total)d findings recorded") % {
                "done": appeal.findings,
                "total": appeal.seats,
            }
        tasks.append(
            Task(
                title=title,
                for_whom=f"{application.startup.name_display} · {application.challenge.title}",
                due_at=appeal.due_at,
                overdue=appeal.is_overdue(now),
                detail=detail,
                url=reverse("admin:challenges_appeal_change", args=[appeal.pk]),
                action=_("Open the appeal"),
            )
        )
    if len(appeals) > APPEALS_SHOWN:
        rest = fair_selectors.open_appeals().count() - APPEALS_SHOWN
        tasks.append(
            Task(
                title=_("More open appeals"),
                count=rest,
                url=_changelist("appeal", "progress=open"),
                action=_("Open the list"),
            )
        )
    return tasks


def reviewer_workload(now):
    """Per reviewer with assignments: assigned, done (submitted) and overdue. One query."""
    submitted = Q(review_assignments__review__submitted_at__isnull=False)
    return (
        get_user_model()
        .objects.filter(review_assignments__isnull=False)
        .annotate(
            assigned=Count("review_assignments", distinct=True),
            done=Count("review_assignments", filter=submitted, distinct=True),
            overdue=Count(
                "review_assignments",
                filter=~submitted & Q(review_assignments__due_at__lt=now),
                distinct=True,
            ),
        )
        .order_by("-overdue", "name", "email")
    )
