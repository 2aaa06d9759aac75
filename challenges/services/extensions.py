"""A deadline extension for one application, and the representative-only submission rule."""

from datetime import datetime

from django.db import transaction
from django.utils.translation import gettext as _

from accounts.selectors import startup_people
from challenges import fair_selectors
from challenges.exceptions import ApplicationError
from challenges.models import Application, ApplicationStatus, DeadlineExtension, GrantDeclaration
from challenges.services.common import lock_application
from core.audit import log_action
from core.compiled import RowReader
from core.i18n import in_language
from core.timefmt import format_datetime
from notifications.services import notify


@transaction.atomic
def grant_deadline_extension(
    application: Application, *, actor, closes_at: datetime, reason: str
) -> DeadlineExtension:
    """Let one draft be changed and submitted until `closes_at` (after the call's close).

    Granting again replaces the time. Audited; the startup's members are told, each in their
    language (outbox, after commit).
    """
    application = lock_application(application)
    if application.status != ApplicationStatus.DRAFT:
        raise ApplicationError(_("Only a draft can be given more time."), code="not_a_draft")
    if not reason.strip():
        raise ApplicationError(_("Give the reason for the extension."), code="reason_required")
    if closes_at <= application.challenge.closes_at:
        raise ApplicationError(
            _("The new deadline must be after the call's close."), code="not_later"
        )
    extension, _created = DeadlineExtension.objects.update_or_create(
        application=application,
        defaults={"closes_at": closes_at, "reason": reason.strip(), "granted_by": actor},
    )
    entry = log_action(
        application,
        "challenges.application.deadline_extended",
        actor=actor,
        data={"closes_at": closes_at.isoformat(), "reason": reason.strip()},
    )
    for person in startup_people(application.startup):
        with in_language(person):
            notify(
                person,
                "challenges.deadline_extended",
                {
                    "challenge_title": str(application.challenge.title),
                    "closes_at": format_datetime(closes_at, tz=person.time_zone),
                    "url": application.get_absolute_url(),
                },
                key=f"challenges.deadline_extended:{entry.pk}:{person.pk}",
            )
    return extension


def ensure_may_submit(application: Application, *, actor) -> None:
    """Raise ApplicationError when the call lets only the representative submit and `actor`
    is not one (fair_selectors.submitter_refusal). Writes nothing."""
    refusal = fair_selectors.submitter_refusal(application, actor)
    if refusal is not None:
        raise ApplicationError(refusal, code="representative_only")


@transaction.atomic
def declare_other_grant(
    application: Application,
    *,
    actor,
    programme: str,
    agency: str,
    amount: int,
    starts_on,
    ends_on,
) -> GrantDeclaration:
    """The applicant declares another public grant for the same work (draft only). Audited."""
    application = lock_application(application)
    if application.status != ApplicationStatus.DRAFT:
        raise ApplicationError(
            _("This application has been submitted and can no longer be changed."),
            code="not_a_draft",
        )
    if amount < 0 or ends_on < starts_on or not programme.strip() or not agency.strip():
        raise ApplicationError(_("Check the grant's details."), code="invalid_declaration")
    declaration = GrantDeclaration.objects.create(
        application=application,
        programme=programme.strip(),
        agency=agency.strip(),
        amount=amount,
        starts_on=starts_on,
        ends_on=ends_on,
    )
    log_action(
        application,
        "challenges.application.other_grant_declared",
        actor=actor,
        data={"programme": declaration.programme, "agency": declaration.agency, "amount": amount},
    )
    return declaration


# Read by every submission (submit_application): compiled once per process (core.compiled).
_DECLARATIONS = RowReader(lambda: GrantDeclaration.objects.all(), by="application")


def declared_grants_snapshot(application: Application) -> list[dict]:
    """The declarations as JSON, to freeze with the submitted application."""
    return [
        {
            "programme": d.programme,
            "agency": d.agency,
            "amount": d.amount,
            "starts_on": d.starts_on.isoformat(),
            "ends_on": d.ends_on.isoformat(),
        }
        for d in _DECLARATIONS.all(application.pk)
    ]
