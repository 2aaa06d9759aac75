"""Reads for fair selection (issue 16): the appeal window, open appeals, applicants' feedback."""

from datetime import datetime, timedelta

from django.utils.translation import gettext

from challenges.models import Appeal, AppealStatus, Application, ApplicationStatus, Challenge
from core.timefmt import format_datetime

APPEALABLE = {ApplicationStatus.NOT_SELECTED, ApplicationStatus.INELIGIBLE}


def appeal_closes_at(challenge: Challenge) -> datetime | None:
    """The end of the appeal window (exclusive), or None when the call takes no appeals or
    its results are not published."""
    if not challenge.appeal_window_days or challenge.results_published_at is None:
        return None
    return challenge.results_published_at + timedelta(days=challenge.appeal_window_days)


def appeal_refusal(application: Application, now: datetime) -> str | None:
    """Why an appeal cannot be opened against the application at `now`, or None.

    The window runs from the publication of the results up to, not including, the end."""
    challenge = application.challenge
    closes_at = appeal_closes_at(challenge)
    if closes_at is None:
        return gettext("This call takes no appeals, or its results are not published yet.")
    if application.status not in APPEALABLE:
        return gettext("Only a decision not to select or not eligible can be appealed.")
    if now < challenge.results_published_at:
        return gettext("Appeals open when the results are published.")
    if now >= closes_at:
        return gettext("The appeal window closed on %(closed)s.") % {
            "closed": format_datetime(closes_at)
        }
    return None


def appeal_of(application: Application) -> Appeal | None:
    return (
        Appeal.objects.filter(application=application)
        .prefetch_related("grounds", "documents")
        .first()
    )


def open_appeals():
    """Appeals not yet decided, the soonest due first (staff tasks and the dashboard)."""
    return (
        Appeal.objects.exclude(status__in=[AppealStatus.UPHELD, AppealStatus.OVERTURNED])
        .select_related("application__startup", "application__challenge")
        .order_by("due_at", "pk")
    )
