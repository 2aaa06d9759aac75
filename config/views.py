"""Pages that bring several apps together. Apps never import this module."""

from dataclasses import dataclass, field

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from accounts import tasks_for as account_tasks
from challenges import tasks_for as challenge_tasks
from challenges.selectors import open_challenges
from config.navigation import roles_for
from core.page_cache import cached_for_visitors
from core.todo import Task, deadline
from events import tasks_for as event_tasks
from events.selectors import upcoming_events
from mentoring import tasks_for as coaching_tasks
from notifications import tasks_for as notification_tasks
from partners import tasks_for as partner_tasks
from partners.selectors import programme_partners

COMING_UP_SHOWN = 8


@cached_for_visitors
def home(request):
    return render(
        request,
        "home.html",
        {
            "partners": programme_partners(),
            "open_challenges": open_challenges()[:3],
            "upcoming_events": upcoming_events()[:3],
        },
    )


@dataclass
class TaskGroup:
    """One role's tasks on the home page, with what to say when there are none."""

    role: str
    heading: str
    tasks: list[Task]
    empty: str
    empty_link: tuple[str, str] | None = None  # (url, label): what to do next
    rows: list[dict] = field(default_factory=list)  # each task with its deadline in words


def _with_deadlines(tasks: list[Task], now) -> list[dict]:
    return [{"task": task, "deadline": deadline(task.due_at, now)} for task in tasks]


@login_required
@require_GET
def my_home(request):
    """A signed-in person's tasks, role by role, then what is coming up (DESIGN.md §6)."""
    user, now = request.user, timezone.now()
    roles = roles_for(request)
    groups: list[TaskGroup] = []
    invitations = account_tasks.invitation_tasks(user, now)
    if roles.applies:
        groups.append(
            TaskGroup(
                "founder",
                _("Your startup"),
                invitations
                + challenge_tasks.founder_tasks(user, now)
                + coaching_tasks.founder_tasks(user, now),
                _(
                    "Nothing to do for now. When a challenge is open, apply from its page; "
                    "meeting rooms of the partnering office are free to book."
                )
                if roles.founder
                else _(
                    "Register your startup first: then you can apply to an open challenge "
                    "and, once selected, book coaching sessions."
                ),
                (reverse("challenges:list"), _("See the open challenges"))
                if roles.founder
                else (reverse("accounts:startup_create"), _("Register your startup")),
            )
        )
    elif invitations:
        groups.append(TaskGroup("invitations", _("Invitations"), invitations, ""))
    if roles.reviewer:
        groups.append(
            TaskGroup(
                "reviewer",
                _("Reviews"),
                challenge_tasks.reviewer_tasks(user, now),
                _(
                    "No review waits for you. You will get an email when the programme office "
                    "assigns an application to you."
                ),
                (reverse("challenges:review_queue"), _("See your past reviews")),
            )
        )
    if roles.appeal_member:
        groups.append(
            TaskGroup(
                "appeal_committee",
                _("Appeals committee"),
                challenge_tasks.appeal_committee_tasks(user, now),
                _("No appeal waits for your finding."),
                (reverse("challenges:appeal_committee_list"), _("See your appeals")),
            )
        )
    if roles.coach:
        groups.append(
            TaskGroup(
                "coach",
                _("Coaching"),
                coaching_tasks.coach_tasks(user, now),
                _(
                    "Nothing to record: every session held has its outcome and notes. "
                    "Startups book sessions in the availability you set."
                ),
                (reverse("mentoring:availability"), _("Check your availability")),
            )
        )
    if roles.partner_rep:
        groups.append(
            TaskGroup(
                "partner_rep",
                _("Consultation requests"),
                partner_tasks.partner_rep_tasks(user, now),
                _(
                    "No consultation request waits for an answer. Startups find your "
                    "organisation in the partner directory."
                ),
                (reverse("partners:requests"), _("See all requests")),
            )
        )
    workload = []
    if roles.staff:
        groups.append(
            TaskGroup(
                "staff",
                _("Programme office"),
                challenge_tasks.staff_tasks(now)
                + account_tasks.staff_tasks(now)
                + partner_tasks.staff_tasks(now)
                + notification_tasks.staff_tasks(now),
                _("Nothing waits for the programme office right now."),
                (reverse("admin:index"), _("Open the admin")),
            )
        )
        workload = list(challenge_tasks.reviewer_workload(now))
    elif roles.staff_without_mfa:
        groups.append(
            TaskGroup(
                "staff",
                _("Programme office"),
                [
                    Task(
                        title=_("Set up two-factor authentication to open the admin"),
                        url=reverse("mfa_index"),
                        action=_("Set it up"),
                    )
                ],
                "",
            )
        )
    for group in groups:
        group.rows = _with_deadlines(group.tasks, now)

    coming = event_tasks.attendee_upcoming(user, now)
    if roles.founder:
        coming += coaching_tasks.founder_upcoming(user, now)
    if roles.coach:
        coming += coaching_tasks.coach_upcoming(user, now)
    if roles.partner_rep:
        coming += partner_tasks.partner_rep_upcoming(user, now)
    coming = sorted(coming, key=lambda task: task.starts_at)[:COMING_UP_SHOWN]
    return render(
        request,
        "my_home.html",
        {
            "groups": groups,
            "task_count": sum(len(g.tasks) for g in groups),
            "coming_up": coming,
            "workload": workload,
        },
    )
