"""Invitations waiting for the person, for /home/ (one query)."""

from datetime import timedelta

from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.models import StartupInvitation
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
