"""Pairing a selected startup with a coach."""

from datetime import date

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.selectors import startup_people
from challenges.models import Application, ApplicationStatus
from core.audit import log_action
from core.i18n import in_language
from mentoring.models import Coach, Engagement
from mentoring.services.common import EngagementError
from notifications.services import notify


@transaction.atomic
def start_engagement(
    *,
    coach: Coach,
    startup,
    actor,
    starts_on: date,
    ends_on: date,
    allotment: int = 6,
    goals: str = "",
    application=None,
) -> Engagement:
    """Pair a selected startup with a coach for a period and an allotment of sessions.

    Locks the application so coaching starts once per selected application; records
    `mentoring.engagement.started` and tells the coach and every member of the startup (outbox,
    after commit). Raises EngagementError for wrong dates or an application not selected.
    """
    if ends_on < starts_on:
        raise EngagementError(_("The engagement must end on or after its first day."), code="dates")
    if application is not None:
        application = Application.objects.select_for_update().get(pk=application.pk)
        if application.status != ApplicationStatus.SELECTED or application.startup_id != startup.pk:
            raise EngagementError(
                _("Only the startup of a selected application can be coached."), code="not_selected"
            )
        if Engagement.objects.filter(application=application).exists():
            raise EngagementError(
                _("Coaching has already started for this application."), code="duplicate"
            )
    engagement = Engagement.objects.create(
        coach=coach,
        startup=startup,
        application=application,
        starts_on=starts_on,
        ends_on=ends_on,
        allotment=allotment,
        goals=goals,
    )
    log_action(
        engagement,
        "mentoring.engagement.started",
        actor=actor,
        data={"coach": coach.pk, "allotment": allotment},
    )
    for person in [coach.user, *startup_people(startup)]:
        with in_language(person):
            notify(
                person,
                "mentoring.engagement_started",
                {
                    "coach": coach.user.get_full_name(),
                    "startup": startup.name_display,
                    "allotment": allotment,
                    "url": reverse("mentoring:dashboard"),
                },
                key=f"mentoring.engagement_started:{engagement.pk}:{person.pk}",
            )
    return engagement
