"""Outcome surveys after selection: scheduling per call, the consent to be contacted, the
signed single-use link, answers editable until the survey closes, reminders.

The link (`/surveys/<token>/`) opens without signing in. The token is signed
(django.core.signing, salt OUTCOME_SALT) and names one response and its nonce. The first
opening marks the link used and binds it to that browser's session; any other opening of
the same link is refused (a forwarded email cannot be answered by someone else). A
reminder rotates the nonce: its new link works once more, the old one no longer.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.core import signing
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.selectors import startup_contact
from challenges import consents
from challenges.models import Application, ApplicationStatus, Challenge
from challenges.models.outcomes import (
    ANSWER_FIELDS,
    OutcomeConsent,
    OutcomeResponse,
    OutcomeSurvey,
    new_nonce,
)
from core.audit import log_action
from core.exceptions import DomainError
from core.i18n import in_language
from notifications.models import Notification
from notifications.services import notify

OUTCOME_SALT = "challenges.outcome_survey"
SURVEY_OPEN_FOR = timedelta(days=30)
REMIND_BEFORE_CLOSE = timedelta(days=7)
SESSION_KEY = "outcome_survey_links"
DECIDED = (ApplicationStatus.SELECTED, ApplicationStatus.NOT_SELECTED)


class OutcomeSurveyError(DomainError):
    """The survey or its link refuses the request."""


@dataclass(frozen=True)
class LinkRefused:
    reason: str  # "forged", "reused", "expired"


def years_later(moment: datetime, years: int) -> datetime:
    """The same day and time `years` later (29 February becomes 28 February)."""
    try:
        return moment.replace(year=moment.year + years)
    except ValueError:
        return moment.replace(year=moment.year + years, day=28)


def schedule_outcome_surveys(
    challenge: Challenge, *, years: list[int], actor, open_for: timedelta = SURVEY_OPEN_FOR
) -> list[OutcomeSurvey]:
    """Create the call's surveys for the given years after its results (1, 3, 5, or every
    year); existing years are kept. Audit-logged. Raises when results are not published."""
    if challenge.results_published_at is None:
        raise OutcomeSurveyError(
            _("Outcome surveys follow the results: publish them first."), code="no_results"
        )
    created = []
    with transaction.atomic():
        for year in sorted(set(years)):
            opens_at = years_later(challenge.results_published_at, year)
            survey, new = OutcomeSurvey.objects.get_or_create(
                challenge=challenge,
                years_after=year,
                defaults={"opens_at": opens_at, "closes_at": opens_at + open_for},
            )
            if new:
                created.append(survey)
        if created:
            log_action(
                challenge,
                "challenges.outcome_survey.scheduled",
                actor=actor,
                data={"years": [survey.years_after for survey in created]},
            )
    return created


def record_outcome_consent(application: Application, *, agreed: bool, actor) -> OutcomeConsent:
    """Record (or change) the optional consent to outcome surveys, with its text version."""
    with transaction.atomic():
        consent, _created = OutcomeConsent.objects.update_or_create(
            application=application,
            defaults={
                "agreed": agreed,
                "version": consents.OUTCOME_CONTACT_VERSION,
                "answered_at": timezone.now(),
            },
        )
        log_action(
            application,
            "challenges.application.outcome_consent",
            actor=actor,
            data={"agreed": agreed, "version": consents.OUTCOME_CONTACT_VERSION},
        )
    return consent


def outcome_consent_given(application: Application) -> bool:
    return OutcomeConsent.objects.filter(application=application, agreed=True).exists()


def record_outcome_consent_if_changed(
    application: Application, *, agreed: bool, actor
) -> OutcomeConsent | None:
    """From the application's consents step: record the answer when it is new or changed
    (saving the step again records nothing)."""
    current = OutcomeConsent.objects.filter(application=application).first()
    if current is not None and current.agreed == agreed:
        return current
    return record_outcome_consent(application, agreed=agreed, actor=actor)


def survey_token(response: OutcomeResponse) -> str:
    return signing.dumps({"r": response.pk, "n": response.nonce}, salt=OUTCOME_SALT)


def _tell(response: OutcomeResponse, occasion: str) -> None:
    person = response.recipient
    survey = response.survey
    with in_language(person):
        notify(
            person,
            f"challenges.outcome_survey_{occasion}",
            {
                "challenge": survey.challenge.title,
                "years_after": survey.years_after,
                "closes_at": survey.closes_at,
                "url": f"/surveys/{survey_token(response)}/",
            },
            # The nonce names the link: a reminder (new nonce) is a new message, once.
            key=f"challenges.outcome_survey:{response.pk}:{occasion}",
        )


def send_outcome_surveys(*, now: datetime | None = None) -> int:
    """Beat: for each survey whose time has come, ask every decided applicant who agreed to
    be contacted, selected and not selected alike. Each application once. Returns how many
    were asked."""
    now = now or timezone.now()
    asked = 0
    for survey in OutcomeSurvey.objects.filter(
        opens_at__lte=now, closes_at__gt=now, sent_at__isnull=True
    ).select_related("challenge"):
        with transaction.atomic():
            survey = OutcomeSurvey.objects.select_for_update().get(pk=survey.pk)
            if survey.sent_at is not None:
                continue
            applications = Application.objects.filter(
                challenge=survey.challenge_id,
                status__in=DECIDED,
                outcome_consent__agreed=True,
            ).select_related("startup")
            for application in applications:
                person = startup_contact(application.startup)
                if person is None:
                    continue
                response, created = OutcomeResponse.objects.get_or_create(
                    survey=survey,
                    application=application,
                    defaults={
                        "selected": application.status == ApplicationStatus.SELECTED,
                        "recipient": person,
                    },
                )
                if created:
                    _tell(response, "invitation")
                    asked += 1
            survey.sent_at = now
            survey.save(update_fields=["sent_at", "updated_at"])
    return asked


def send_outcome_reminders(*, now: datetime | None = None) -> int:
    """Beat: one reminder, a week before the survey closes, to those who have not answered;
    its link is new (the nonce rotates). Returns how many were reminded."""
    now = now or timezone.now()
    due = list(
        OutcomeResponse.objects.filter(
            submitted_at__isnull=True,
            reminder_sent_at__isnull=True,
            recipient__isnull=False,
            survey__closes_at__gt=now,
            survey__closes_at__lte=now + REMIND_BEFORE_CLOSE,
        ).values_list("pk", flat=True)
    )
    for pk in due:
        with transaction.atomic():
            response = (
                # The recipient may be gone (SET_NULL): lock only the response row.
                OutcomeResponse.objects.select_for_update(of=("self",))
                .select_related("survey__challenge", "recipient")
                .get(pk=pk)
            )
            response.nonce = new_nonce()
            response.link_used_at = None
            response.reminder_sent_at = now
            response.save(update_fields=["nonce", "link_used_at", "reminder_sent_at"])
            _tell(response, "reminder")
    return len(due)


def open_survey_link(token: str, session, *, now: datetime | None = None):
    """The response a link opens, or LinkRefused. The first opening marks the link used and
    remembers it in this browser's session; only that session may open it again."""
    now = now or timezone.now()
    try:
        payload = signing.loads(token, salt=OUTCOME_SALT)
    except signing.BadSignature:
        return LinkRefused("forged")
    with transaction.atomic():
        response = (
            OutcomeResponse.objects.select_for_update()
            .select_related("survey__challenge")
            .filter(pk=payload.get("r"))
            .first()
        )
        if response is None or response.nonce != payload.get("n"):
            return LinkRefused("forged" if response is None else "reused")
        if not (response.survey.opens_at <= now < response.survey.closes_at):
            return LinkRefused("expired")
        mine = session.get(SESSION_KEY, {})
        if response.link_used_at is not None:
            if mine.get(str(response.pk)) != response.nonce:
                return LinkRefused("reused")
            return response
        response.link_used_at = now
        response.save(update_fields=["link_used_at"])
    session[SESSION_KEY] = {**mine, str(response.pk): response.nonce}
    return response


def save_outcome_answers(
    response: OutcomeResponse, *, answers: dict, now: datetime | None = None
) -> OutcomeResponse:
    """Store the answers (again, until the survey closes). Audit-logged without the answers."""
    now = now or timezone.now()
    with transaction.atomic():
        response = (
            OutcomeResponse.objects.select_for_update().select_related("survey").get(pk=response.pk)
        )
        if now >= response.survey.closes_at:
            raise OutcomeSurveyError(_("This survey has closed."), code="closed")
        for field in ANSWER_FIELDS:
            setattr(response, field, answers.get(field))
        first = response.submitted_at is None
        response.submitted_at = now
        response.save(update_fields=[*ANSWER_FIELDS, "submitted_at", "updated_at"])
        if first:
            log_action(response, "challenges.outcome_survey.answered", actor=None)
        else:
            log_action(response, "challenges.outcome_survey.edited", actor=None)
    return response


def ask_for_outcome_consent() -> int:
    """Beat: applicants decided before the consent existed, who never answered it, are asked
    once (the outbox key names the application; asked ones are skipped). Returns how many
    were asked now."""
    prefix = "challenges.outcome_consent_request:"
    already = set(Notification.objects.filter(key__startswith=prefix).values_list("key", flat=True))
    asked = 0
    applications = (
        Application.objects.filter(status__in=DECIDED, outcome_consent__isnull=True)
        .select_related("challenge", "startup")
        .order_by("pk")
    )
    for application in applications:
        key = f"{prefix}{application.pk}"
        person = startup_contact(application.startup)
        if key in already or person is None:
            continue
        with in_language(person), transaction.atomic():
            notify(
                person,
                "challenges.outcome_consent_request",
                {
                    "challenge": application.challenge.title,
                    "url": f"/applications/{application.pk}/outcome-consent/",
                },
                key=key,
            )
        asked += 1
    return asked
