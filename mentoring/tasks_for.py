"""What coaches and coached startups have to do, and their sessions to come, for /home/.

Each function costs a fixed number of queries whatever the number of sessions.
"""

from django.conf import settings
from django.db.models import Count, Exists, OuterRef, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from core.timefmt import format_time_range
from core.todo import Task
from mentoring.models import AvailabilityWindow, Coach, Engagement, Session, SessionStatus

UPCOMING_SHOWN = 5


def coach_tasks(user, now) -> list[Task]:
    """Availability not set, sessions held whose outcome or notes are not recorded. Two
    queries."""
    coach = (
        Coach.objects.filter(user=user)
        .annotate(has_windows=Exists(AvailabilityWindow.objects.filter(coach=OuterRef("pk"))))
        .first()
    )
    if coach is None:
        return []
    tasks = []
    if not coach.has_windows:
        tasks.append(
            Task(
                title=_("Set your availability so startups can book sessions"),
                url=reverse("mentoring:availability"),
                action=_("Set availability"),
            )
        )
    held = (
        Session.objects.filter(coach=coach, ends_at__lte=now)
        .filter(Q(status=SessionStatus.BOOKED) | Q(status=SessionStatus.COMPLETED, shared_notes=""))
        .select_related("startup")
        .order_by("-starts_at")
    )
    for session in held:
        outcome = session.status == SessionStatus.BOOKED
        tasks.append(
            Task(
                title=_("Record the outcome of the session") if outcome else _("Add the notes"),
                for_whom=session.startup.name_display,
                detail=format_time_range(session.starts_at, session.ends_at, coach.time_zone),
                url=session.get_absolute_url(),
                action=_("Record the outcome") if outcome else _("Add the notes"),
            )
        )
    return tasks


def coach_upcoming(user, now) -> list[Task]:
    """The coach's next sessions in the coach's zone, the startup's (Seoul) time beside it."""
    coach = Coach.objects.filter(user=user).first()
    if coach is None:
        return []
    sessions = (
        Session.objects.filter(coach=coach, status=SessionStatus.BOOKED, ends_at__gt=now)
        .select_related("startup")
        .order_by("starts_at")[:UPCOMING_SHOWN]
    )
    return [
        Task(
            title=_("Coaching session"),
            for_whom=session.startup.name_display,
            starts_at=session.starts_at,
            ends_at=session.ends_at,
            detail=_("%(coach_time)s · for the startup %(startup_time)s")
            % {
                "coach_time": format_time_range(
                    session.starts_at, session.ends_at, coach.time_zone
                ),
                "startup_time": format_time_range(
                    session.starts_at, session.ends_at, settings.TIME_ZONE
                ),
            },
            url=session.get_absolute_url(),
            action=_("Open the session"),
        )
        for session in sessions
    ]


def founder_tasks(user, now) -> list[Task]:
    """Sessions to book (an active engagement with sessions left and none booked) and
    sessions to rate. Two queries."""
    upcoming = Session.objects.filter(
        engagement=OuterRef("pk"), status=SessionStatus.BOOKED, ends_at__gt=now
    )
    engagements = (
        Engagement.objects.filter(startup__memberships__user=user, status=Engagement.Status.ACTIVE)
        .annotate(
            used=Count(
                "sessions",
                filter=~Q(sessions__status=SessionStatus.CANCELLED)
                | Q(sessions__late_cancellation=True),
            ),
            has_upcoming=Exists(upcoming),
        )
        .select_related("coach__user", "startup")
        .order_by("pk")
    )
    tasks = [
        Task(
            title=_("Book your next coaching session with %(coach)s")
            % {"coach": engagement.coach.user.get_full_name()},
            for_whom=engagement.startup.name_display,
            detail=_("%(count)d of %(total)d sessions left")
            % {"count": engagement.allotment - engagement.used, "total": engagement.allotment},
            url=engagement.get_absolute_url(),
            action=_("Book a session"),
        )
        for engagement in engagements
        if not engagement.has_upcoming and engagement.used < engagement.allotment
    ]
    to_rate = (
        Session.objects.filter(
            startup__memberships__user=user,
            status=SessionStatus.COMPLETED,
            rating__isnull=True,
        )
        .select_related("coach__user", "startup")
        .order_by("-starts_at")
    )
    tasks += [
        Task(
            title=_("Rate your session with %(coach)s")
            % {"coach": session.coach.user.get_full_name()},
            for_whom=session.startup.name_display,
            detail=format_time_range(session.starts_at, session.ends_at),
            url=session.get_absolute_url(),
            action=_("Give feedback"),
        )
        for session in to_rate
    ]
    return tasks


def founder_upcoming(user, now) -> list[Task]:
    sessions = (
        Session.objects.filter(
            startup__memberships__user=user, status=SessionStatus.BOOKED, ends_at__gt=now
        )
        .select_related("coach__user", "startup")
        .order_by("starts_at")[:UPCOMING_SHOWN]
    )
    return [
        Task(
            title=_("Coaching with %(coach)s") % {"coach": session.coach.user.get_full_name()},
            for_whom=session.startup.name_display,
            starts_at=session.starts_at,
            ends_at=session.ends_at,
            url=session.get_absolute_url(),
            action=_("Open the session"),
        )
        for session in sessions
    ]
