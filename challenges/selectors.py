"""Reads of the challenge app that are more than a one-liner, and the rules that both a page
and a service ask (the page to explain, the service to refuse): they answer with the refusal,
never raise it."""

from datetime import datetime, timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts import topics
from accounts.groups import REVIEWERS_GROUP
from accounts.models import StartupMembership, TherapeuticArea
from challenges import eligibility, fair_selectors
from challenges.exceptions import ApplicationError
from challenges.models import (
    TRANSITIONS,
    Application,
    ApplicationDocument,
    ApplicationStatus,
    Challenge,
    ChallengeMilestone,
    DocumentKind,
    EligibilityException,
    ReviewerAgreement,
    ReviewerConflict,
)
from core.audit import history_for
from core.compiled import RowReader
from core.exceptions import DomainError, TransitionNotAllowed
from core.fragments import topic
from core.timefmt import format_datetime
from core.transitions import ensure

STEPS = [
    ("team", _("Startup and team")),
    ("technology", _("Technology")),
    ("fit", _("Fit with BMS")),
    ("support", _("Support and grant")),
    ("documents", _("Documents")),
    ("consents", _("Consents")),
    ("review", _("Check and submit")),
]
STEP_NAMES = [name for name, _label in STEPS]

# Read on every request of an applicant, so compiled once per process (core.compiled).
_APPLICATION_WITH_CALL = RowReader(
    lambda: Application.objects.select_related("challenge", "startup", "deadline_extension")
)


# The documents of an application: read by every step page and the submission.
_DOCUMENTS = RowReader(lambda: ApplicationDocument.objects.all(), by="application")


def documents_of(application: Application) -> list[ApplicationDocument]:
    """The application's documents, in the model's order."""
    return _DOCUMENTS.all(application.pk)


# The call's timeline: read by the submission (the confirmation email) and the confirmation page.
_MILESTONES = RowReader(lambda: ChallengeMilestone.objects.all(), by="challenge")


def milestones_of(challenge: Challenge) -> list[ChallengeMilestone]:
    """The call's milestones, in date order."""
    return _MILESTONES.all(challenge.pk)


# The call's areas and the staff's exceptions to the eligibility rules, read whenever the rules
# are evaluated for an application (its review page, the submission).
_CALL_AREAS = RowReader(lambda: TherapeuticArea.objects.all(), by="challenges")
_EXCEPTIONS = RowReader(lambda: EligibilityException.objects.all(), by="application")


def application_with_call(pk: int) -> Application:
    """The application with what its step pages show of the call, the startup and any
    deadline extension; Application.DoesNotExist when there is none."""
    return _APPLICATION_WITH_CALL.get(pk)


REQUIRED = {
    "team": [("team_summary", _("Describe the team."))],
    "technology": [
        ("therapeutic_area", _("Choose the therapeutic area.")),
        ("modality", _("Choose the modality.")),
        ("development_stage", _("Choose the development stage.")),
        ("target_indication", _("Give the target and indication.")),
        ("technology_summary", _("Describe the technology.")),
        ("unmet_need", _("Describe the unmet medical need.")),
    ],
    "fit": [("bms_fit", _("Explain the fit with BMS's interests."))],
}


_ANSWER_COLUMNS = {
    name: Application._meta.get_field(name).attname
    for fields in REQUIRED.values()
    for name, _message in fields
}


def published_challenges():
    """The calls the public may see, with their areas."""
    return Challenge.objects.filter(is_published=True).prefetch_related("therapeutic_areas")


def open_challenges(now=None):
    """Published calls open for applications at `now`, closing soonest first."""
    now = now or timezone.now()
    return published_challenges().filter(opens_at__lte=now, closes_at__gt=now).order_by("closes_at")


def days_left(challenge: Challenge, now: datetime) -> int | None:
    """Whole calendar days (Seoul) from `now` to the deadline while the call is open: 0 on the
    last day ("D-day"), None when it is not open."""
    if not challenge.is_open_at(now):
        return None
    seoul = timezone.get_default_timezone()
    # The last moment applications are taken: a call closing at 00:00 ends the day before.
    deadline = timezone.localtime(challenge.closes_at - timedelta(microseconds=1), seoul).date()
    return (deadline - timezone.localtime(now, seoul).date()).days


def applications_of(user):
    """Applications of every startup the person belongs to, with only what their list shows
    (the snapshots and the call's texts are large and not shown there)."""
    return (
        Application.objects.filter(startup__memberships__user=user)
        .select_related("challenge", "startup")
        .only(
            "status",
            "submitted_at",
            "created_at",
            "challenge__title_ko",
            "challenge__title_en",
            "challenge__results_published_at",
            "startup__name",
            "startup__name_en",
        )
        .order_by("-created_at")
    )


def application_list_topics(startup_ids) -> list[str]:
    """What a founder's list of applications is built from (core.fragments): the applications
    and names of their startups, and the calls (titles, results published)."""
    return [topic("challenges"), *(topics.startup(pk) for pk in startup_ids)]


def eligibility_of(application: Application, *, startup=None, area=...) -> eligibility.Eligibility:
    """Evaluate the rules now, honouring staff exceptions. `area`: the one being chosen (the
    application's own by default)."""
    challenge = application.challenge
    challenge_areas = _CALL_AREAS.all(challenge.pk)
    return eligibility.evaluate(
        startup or application.startup,
        challenge,
        area=_area_of(application, challenge_areas) if area is ... else area,
        challenge_areas=challenge_areas,
        excepted_rules={exception.rule for exception in _EXCEPTIONS.all(application.pk)},
    )


def _area_of(application: Application, challenge_areas):
    """The application's therapeutic area: one of the call's areas already read, when it is
    one of them (as it is for nearly every application), instead of another query. Kept on
    the application, for the page that shows it."""
    descriptor = Application.therapeutic_area
    if not descriptor.is_cached(application):
        for candidate in challenge_areas:
            if candidate.pk == application.therapeutic_area_id:
                descriptor.field.set_cached_value(application, candidate)
    return application.therapeutic_area


def missing_items(application: Application, *, documents=None) -> list[tuple[str, str]]:
    """What still stops submission, as (step, message) pairs in step order. `documents`: the
    application's, when read already."""
    missing = []
    for step, fields in REQUIRED.items():
        for field, message in fields:
            # the column, not the row it names: a chosen area costs no query to tell
            if getattr(application, _ANSWER_COLUMNS[field]) in (None, ""):
                missing.append((step, message))
    if application.wants_grant:
        if application.requested_grant_amount in (None, 0):
            missing.append(("support", _("Give the grant amount you request.")))
        elif application.requested_grant_amount > application.challenge.max_grant_amount:
            missing.append(("support", _("The requested grant is above the call's maximum.")))
        if not application.grant_use_plan:
            missing.append(("support", _("Explain how the grant would be used.")))
    if not any((application.wants_grant, application.wants_coaching, application.wants_networking)):
        missing.append(("support", _("Choose at least one kind of support.")))
    if documents is None:
        documents = application.documents.all()
    kinds = {document.kind for document in documents}
    if DocumentKind.PITCH_DECK not in kinds:
        missing.append(("documents", _("Upload the pitch deck.")))
    if application.consent_collection_at is None:
        missing.append(("consents", _("Agree to the collection and use of personal information.")))
    if application.consent_third_party_at is None:
        missing.append(("consents", _("Agree to the provision of personal information to BMS.")))
    return missing


def founder_history(application: Application):
    """The audit entries a founder reads on the application's page: started, submitted,
    withdrawn (staff moves stay internal until the results are published)."""
    return [
        entry
        for entry in history_for(application)
        if entry.action
        in (
            "challenges.application.started",
            "challenges.application.submitted",
            "challenges.application.withdrawn",
        )
    ]


# --- what a founder may do now (asked by the pages and by the services) --------------------


def transition_refusal(current: str, target: str) -> TransitionNotAllowed | None:
    """Why an application that is `current` cannot become `target` (TRANSITIONS), or None."""
    try:
        ensure(
            TRANSITIONS,
            current,
            target,
            message=gettext("An application that is “%(current)s” cannot become “%(target)s”."),
        )
    except TransitionNotAllowed as refusal:
        return refusal
    return None


def edit_refusal(
    application: Application, now: datetime, *, submitting: bool = False
) -> ApplicationError | None:
    """Why the founder cannot change (or, `submitting`, submit) the draft at `now`, or None.

    Only a draft, and only while its call is open.
    """
    if application.status != ApplicationStatus.DRAFT:
        return ApplicationError(
            gettext("This application has been submitted and can no longer be changed."),
            code="not_a_draft",
        )
    challenge = application.challenge
    deadline = fair_selectors.deadline_of(application)  # the call's, or a granted extension
    if now >= deadline:
        if submitting:
            message = gettext(
                "The call closed on %(closed)s, so applications can no longer be submitted."
            ) % {"closed": format_datetime(deadline)}
        else:
            message = gettext("The call has closed, so this draft can no longer be changed.")
        return ApplicationError(message, code="call_closed")
    if now < challenge.opens_at:
        return ApplicationError(
            gettext("The call opens on %(opens)s.")
            % {"opens": format_datetime(challenge.opens_at)},
            code="call_not_open",
        )
    return None


def withdrawal_refusal(application: Application, now: datetime) -> DomainError | None:
    """Why the founder cannot withdraw the application at `now`, or None.

    Any state the transition table lets go to "withdrawn", and only before the call closes.
    """
    refusal = transition_refusal(application.status, ApplicationStatus.WITHDRAWN)
    if refusal is not None:
        return refusal
    if now >= application.challenge.closes_at:
        return ApplicationError(
            gettext("The call has closed; please contact the programme office to withdraw."),
            code="call_closed",
        )
    return None


# --- review -----------------------------------------------------------------------------------


def reviewer_pool():
    """Active people in the reviewers' group: the only ones who can be given applications."""
    return get_user_model().objects.filter(groups__name=REVIEWERS_GROUP, is_active=True)


def excluded_reviewers(startup_ids) -> dict[int, set[int]]:
    """Per startup id, the people who may never review it: its members, and the reviewers who
    declared a conflict with it. Two queries whatever the number of startups."""
    excluded: dict[int, set[int]] = {startup_id: set() for startup_id in startup_ids}
    for startup_id, user_id in StartupMembership.objects.filter(
        startup__in=startup_ids
    ).values_list("startup_id", "user_id"):
        excluded[startup_id].add(user_id)
    for startup_id, reviewer_id in ReviewerConflict.objects.filter(
        startup__in=startup_ids
    ).values_list("startup_id", "reviewer_id"):
        excluded[startup_id].add(reviewer_id)
    return excluded


def has_accepted_review_terms(reviewer, challenge_id: int) -> bool:
    """The reviewer accepted the challenge's confidentiality terms."""
    return ReviewerAgreement.objects.filter(reviewer=reviewer, challenge_id=challenge_id).exists()
