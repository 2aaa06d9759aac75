"""Invitations waiting for the person, and personal-data requests waiting for programme staff,
for /home/ (one query each)."""

from datetime import timedelta

from django.db.models import Count, Min, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import PrivacyRequest, PrivacyRequestStatus, StartupInvitation
from core.timefmt import format_date
from core.todo import Task


def invitation_tasks(user, now) -> list[Task]:
    """Open invitations to join a startup sent to the person's address, not yet expired."""
    invitations = (
        StartupInvitation.objects.filter(
            email__iexact=user.email,
            accepted_at__isnull=True,
            created_at__gte=now - timedelta(days=StartupInvitation.VALID_DAYS),
        )
        .exclude(startup__memberships__user=user)
        .select_related("startup")
        .order_by("-created_at")
    )
    return [
        Task(
            title=_("You are invited to join %(startup)s")
            % {"startup": invitation.startup.name_display},
            due_at=invitation.created_at + timedelta(days=StartupInvitation.VALID_DAYS),
            url=reverse("accounts:invitation", args=[invitation.token]),
            action=_("See the invitation"),
        )
        for invitation in invitations
    ]


def staff_tasks(now) -> list[Task]:
    """Open personal-data requests (PIPA Art. 35-37): how many, how many overdue, and the
    earliest due date, linking to the admin list of open requests."""
    today = timezone.localdate(now)
    open_requests = PrivacyRequest.objects.filter(status=PrivacyRequestStatus.OPEN).aggregate(
        count=Count("pk"), overdue=Count("pk", filter=Q(due_on__lt=today)), first=Min("due_on")
    )
    if not open_requests["count"]:
        return []
    url = reverse("admin:accounts_privacyrequest_changelist") + "?status__exact=open"
    return [
        Task(
            title=_("Personal data requests to answer"),
            count=open_requests["count"],
            url=url,
            action=_("Open the list"),
            detail=_("Earliest due: %(day)s") % {"day": format_date(open_requests["first"])},
            overdue=bool(open_requests["overdue"]),
        )
    ]
