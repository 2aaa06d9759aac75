"""Appeals (이의신청): opening one within the call's window, the appeals committee, the decision.

Lock order as everywhere in the app: challenge, application, appeal. An overturned decision
moves the application through OVERTURN_TRANSITIONS (audited) and, when a grant is awarded on
the way, through award_grant and its budget guard; a refusal there rolls the decision back.
"""

from collections.abc import Iterable, Mapping
from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.rules import is_programme_staff
from accounts.selectors import staff_to_notify, startup_people
from challenges import fair_selectors, selectors
from challenges.exceptions import ApplicationError
from challenges.models import (
    APPEAL_TRANSITIONS,
    Appeal,
    AppealCommitteeMember,
    AppealDocument,
    AppealGround,
    AppealStatus,
    Application,
    ApplicationStatus,
    Challenge,
    ContestedDecision,
    ReviewAssignment,
    ReviewerConflict,
    RubricCriterion,
)
from challenges.services.common import lock_application, store_upload
from challenges.services.grants import award_grant
from core.admin import admin_link
from core.audit import log_action
from core.i18n import in_language
from core.transitions import ensure
from notifications.services import notify

# Staff answer an appeal within this many days of its opening (the applicant is shown the date).
DECISION_DAYS = 14
MAX_GROUNDS = 5
MAX_DOCUMENTS = 5

# Where an overturned decision may send the application: selected, or back to the reviewers
# (not selected), or back to screening (ineligible). Only an appeal's decision uses it.
OVERTURN_TRANSITIONS: dict[str, set[str]] = {
    ApplicationStatus.NOT_SELECTED: {ApplicationStatus.SELECTED, ApplicationStatus.UNDER_REVIEW},
    ApplicationStatus.INELIGIBLE: {ApplicationStatus.SCREENING},
}
CONTESTABLE = {
    ApplicationStatus.NOT_SELECTED: {ContestedDecision.NOT_SELECTED, ContestedDecision.SCORES},
    ApplicationStatus.INELIGIBLE: {ContestedDecision.INELIGIBLE},
}


class AppealError(ApplicationError):
    """An appeal cannot be opened, assigned or decided."""


def _ensure_window(application: Application, now: datetime) -> None:
    refusal = fair_selectors.appeal_refusal(application, now)
    if refusal is not None:
        raise AppealError(refusal, code="appeal_window")


@transaction.atomic
def open_appeal(
    application: Application,
    *,
    actor,
    contested: str,
    grounds: Iterable[str],
    uploads: Iterable = (),
    now: datetime | None = None,
) -> Appeal:
    """Open the application's one appeal, within the window after the results.

    The database refuses a second appeal (one_appeal_per_application) even when two members
    submit at once. Audited; the programme staff are told (outbox, after commit).
    """
    now = now or timezone.now()
    application = lock_application(application)
    _ensure_window(application, now)
    if contested not in CONTESTABLE.get(application.status, set()):
        raise AppealError(_("Choose the decision you contest."), code="contested")
    grounds = [text.strip() for text in grounds if text and text.strip()]
    if not grounds:
        raise AppealError(_("Give at least one ground for your appeal."), code="no_grounds")
    uploads = list(uploads)
    if len(grounds) > MAX_GROUNDS or len(uploads) > MAX_DOCUMENTS:
        raise AppealError(_("Too many grounds or documents."), code="too_many")
    try:
        with transaction.atomic():
            appeal = Appeal.objects.create(
                application=application,
                contested=contested,
                opened_by=actor,
                opened_at=now,
                due_at=now + timedelta(days=DECISION_DAYS),
            )
    except IntegrityError:
        raise AppealError(
            _("An appeal has already been made against this decision."), code="already_appealed"
        ) from None
    AppealGround.objects.bulk_create(
        AppealGround(appeal=appeal, text=text, sort_order=n) for n, text in enumerate(grounds)
    )
    for upload in uploads:
        store_upload(AppealDocument(appeal=appeal), upload, actor=actor)
    log_action(
        appeal,
        "challenges.appeal.opened",
        actor=actor,
        data={"application": application.pk, "contested": contested, "grounds": len(grounds)},
    )
    _tell_staff_of_appeal(appeal)
    return appeal


def _tell_staff_of_appeal(appeal: Appeal) -> None:
    """Each programme staff member is told, in their language, that an appeal waits for a
    committee (outbox rows in the caller's transaction)."""
    application = appeal.application
    for member in staff_to_notify():
        with in_language(member):
            notify(
                member,
                "challenges.appeal_opened",
                {
                    "challenge_title": str(application.challenge.title),
                    "application": application.pk,
                    "startup": str(application.startup.name_display),
                    "contested": str(appeal.get_contested_display()),
                    "due_at": appeal.due_at,
                    "url": admin_link(appeal),
                },
                key=f"challenges.appeal_opened:{appeal.pk}:{member.pk}",
            )


def _tell_committee_member(appeal: Appeal, seat: AppealCommitteeMember) -> None:
    """A newly seated committee member is told what to read and by when."""
    person = seat.member
    with in_language(person):
        notify(
            person,
            "challenges.appeal_committee_assigned",
            {
                "challenge_title": str(appeal.application.challenge.title),
                "due_at": appeal.due_at,
                "url": reverse("challenges:appeal_committee_detail", args=[appeal.pk]),
            },
            key=f"challenges.appeal_committee_assigned:{seat.pk}",
        )


def committee_refusal(appeal: Appeal, person) -> str | None:
    """Why `person` may not sit on the appeal's committee, or None: they must be a reviewer or
    programme staff, not a member of the startup, without a declared conflict, and must not
    have reviewed the application."""
    application = appeal.application
    if not (is_programme_staff(person) or selectors.reviewer_pool().filter(pk=person.pk).exists()):
        return _("%(person)s is neither a reviewer nor programme staff.")
    if application.startup.memberships.filter(user=person).exists():
        return _("%(person)s is a member of the applying startup.")
    if ReviewerConflict.objects.filter(reviewer=person, startup=application.startup_id).exists():
        return _("%(person)s declared a conflict of interest with this startup.")
    if ReviewAssignment.objects.filter(application=application, reviewer=person).exists():
        return _("%(person)s reviewed this application.")
    return None


def rescore_scale(appeal: Appeal) -> int:
    """The top of the call's rubric scale: a re-score is on the weighted total's scale."""
    return max(
        RubricCriterion.objects.filter(challenge=appeal.application.challenge_id).values_list(
            "scale_max", flat=True
        ),
        default=5,
    )


def _lock_appeal(appeal: Appeal) -> Appeal:
    return (
        Appeal.objects.select_for_update(of=("self",))
        .select_related("application__startup", "application__challenge")
        .get(pk=appeal.pk)
    )


@transaction.atomic
def assign_appeal_committee(appeal: Appeal, *, actor, members: Iterable) -> Appeal:
    """Seat the appeals committee and send the appeal to it. Refused as a whole if any one
    person may not sit (committee_refusal). Audited; each newly seated member is told
    (outbox, after commit)."""
    appeal = _lock_appeal(appeal)
    members = list(members)
    if not members:
        raise AppealError(_("Choose at least one committee member."), code="no_members")
    if appeal.is_decided:
        raise AppealError(_("This appeal has been decided."), code="decided")
    for person in members:
        refusal = committee_refusal(appeal, person)
        if refusal is not None:
            raise AppealError(
                refusal % {"person": person.get_full_name() or person.email},
                code="committee_member",
            )
    seated = set(appeal.members.values_list("member_id", flat=True))
    new_seats = [
        AppealCommitteeMember.objects.create(appeal=appeal, member=person, assigned_by=actor)
        for person in {person.pk: person for person in members}.values()
        if person.pk not in seated
    ]
    if appeal.status == AppealStatus.OPEN:
        ensure(APPEAL_TRANSITIONS, appeal.status, AppealStatus.IN_REVIEW)
        appeal.status = AppealStatus.IN_REVIEW
        appeal.save(update_fields=["status"])
    log_action(
        appeal,
        "challenges.appeal.committee_assigned",
        actor=actor,
        data={"members": sorted(person.pk for person in members)},
    )
    for seat in new_seats:
        _tell_committee_member(appeal, seat)
    return appeal


@transaction.atomic
def record_appeal_finding(
    appeal: Appeal, *, member, finding: str, rescore: float | None = None
) -> AppealCommitteeMember:
    """A committee member's finding, optionally with their own score (on the rubric's
    weighted scale). Only a seated member, only before the decision. Audited."""
    appeal = _lock_appeal(appeal)
    seat = appeal.members.filter(member=member).first()
    if seat is None:
        raise AppealError(_("You are not on this appeal's committee."), code="not_on_committee")
    if appeal.status != AppealStatus.IN_REVIEW:
        raise AppealError(
            _("This appeal has been decided: findings can no longer be recorded."),
            code="decided",
        )
    if not finding.strip():
        raise AppealError(_("Write your finding."), code="finding_required")
    scale_max = rescore_scale(appeal)
    if rescore is not None and not 0 <= rescore <= scale_max:
        raise AppealError(
            _("A re-score is between 0 and %(max)s.") % {"max": scale_max}, code="rescore_range"
        )
    seat.finding = finding.strip()
    seat.rescore = rescore
    seat.reviewed_at = timezone.now()
    seat.save(update_fields=["finding", "rescore", "reviewed_at"])
    log_action(
        appeal, "challenges.appeal.finding_recorded", actor=member, data={"rescore": rescore}
    )
    return seat


@transaction.atomic
def decide_appeal(
    appeal: Appeal,
    *,
    actor,
    outcome: str,
    responses: Mapping[int, str],
    new_status: str | None = None,
    grant_amount: int | None = None,
    now: datetime | None = None,
) -> Appeal:
    """Record the decision, upheld or overturned, with a written answer to every ground.

    Overturned: the application moves to `new_status` through OVERTURN_TRANSITIONS (audited);
    with `grant_amount` a selected application is awarded its grant by award_grant, whose
    budget guard may refuse, and then nothing of the decision is kept. The applicant's
    members are told in their language (outbox, after commit).
    """
    now = now or timezone.now()
    challenge_id = Appeal.objects.values_list("application__challenge_id", flat=True).get(
        pk=appeal.pk
    )
    Challenge.objects.select_for_update().get(pk=challenge_id)
    application = lock_application(Application(pk=appeal.application_id))
    appeal = _lock_appeal(appeal)
    ensure(APPEAL_TRANSITIONS, appeal.status, outcome)
    grounds = list(appeal.grounds.all())
    for ground in grounds:
        answer = (responses.get(ground.pk) or "").strip()
        if not answer:
            raise AppealError(_("Answer every ground of the appeal."), code="response_required")
        ground.response = answer
    AppealGround.objects.bulk_update(grounds, ["response"])
    if outcome == AppealStatus.OVERTURNED:
        previous = application.status
        ensure(OVERTURN_TRANSITIONS, previous, new_status or "")
        application.status = new_status
        application.save(update_fields=["status", "updated_at"])
        log_action(
            application,
            "challenges.application.overturned_on_appeal",
            actor=actor,
            data={"from": previous, "to": new_status, "appeal": appeal.pk},
        )
        if grant_amount is not None:
            award_grant(application, actor=actor, amount=grant_amount)
    appeal.status = outcome
    appeal.decided_at = now
    appeal.decided_by = actor
    appeal.save(update_fields=["status", "decided_at", "decided_by"])
    log_action(
        appeal,
        "challenges.appeal.decided",
        actor=actor,
        data={"outcome": outcome, "application_status": application.status},
    )
    challenge = application.challenge
    for person in startup_people(application.startup):
        with in_language(person):
            notify(
                person,
                "challenges.appeal_decided",
                {
                    "challenge_title": str(challenge.title),
                    "outcome": str(AppealStatus(outcome).label),
                    "grounds": [{"text": g.text, "response": g.response} for g in grounds],
                    "url": appeal.get_absolute_url(),
                },
                key=f"challenges.appeal_decided:{appeal.pk}:{person.pk}",
            )
    return appeal
