"""Intake: drafts, documents, consents, submission and withdrawal (founders' side)."""

from datetime import datetime

from django.db import connection, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.models import Startup
from accounts.selectors import startup_people
from challenges import consents, receipts, selectors
from challenges.exceptions import ApplicationError
from challenges.models import (
    Application,
    ApplicationDocument,
    ApplicationStatus,
    Challenge,
    DocumentKind,
    EligibilityException,
)
from challenges.services.common import ensure_transition, lock_application, store_upload
from challenges.services.extensions import declared_grants_snapshot, ensure_may_submit
from challenges.services.outcomes import record_outcome_consent_if_changed
from core.audit import log_action
from core.db import insert_unless_present
from notifications.services import notify

# Fields a founder edits on the form's steps; anything else is refused.
EDITABLE_FIELDS = frozenset(
    {
        "team_summary",
        "team_size",
        "therapeutic_area",
        "modality",
        "development_stage",
        "target_indication",
        "technology_summary",
        "unmet_need",
        "bms_fit",
        "wants_grant",
        "wants_coaching",
        "wants_networking",
        "requested_grant_amount",
        "grant_use_plan",
    }
)


def _ensure_editable(application: Application, now: datetime, *, submitting: bool = False) -> None:
    refusal = selectors.edit_refusal(application, now, submitting=submitting)
    if refusal is not None:
        raise refusal


@transaction.atomic
def start_application(
    challenge: Challenge, *, startup: Startup, actor, now: datetime | None = None
) -> Application:
    """Start the startup's draft for `challenge`, or return the one it already has.

    One application per startup per challenge is a database constraint; two co-founders
    starting at once both get the same draft.
    """
    now = now or timezone.now()
    existing = Application.objects.filter(challenge=challenge, startup=startup).first()
    if existing is not None:
        return existing
    if not challenge.is_open_at(now):
        raise ApplicationError(_("This call is not open for applications."), code="call_not_open")
    application = Application(challenge=challenge, startup=startup, created_by=actor)
    if not insert_unless_present(application):  # a co-founder's draft, started just now
        return Application.objects.get(challenge=challenge, startup=startup)
    log_action(application, "challenges.application.started", actor=actor)
    return application


@transaction.atomic
def save_draft(
    application: Application, *, actor, data: dict, now: datetime | None = None
) -> Application:
    """Save answers of the draft. Only the form's fields; refused once submitted or closed."""
    unknown = set(data) - EDITABLE_FIELDS
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    application = lock_application(application)
    _ensure_editable(application, now or timezone.now())
    changed = [name for name, value in data.items() if getattr(application, name) != value]
    if not changed:
        return application
    for name in changed:
        setattr(application, name, data[name])
    application.save(update_fields=[*changed, "updated_at"])
    log_action(
        application, "challenges.application.draft_saved", actor=actor, data={"fields": changed}
    )
    return application


@transaction.atomic
def record_consents(
    application: Application,
    *,
    actor,
    collection: bool,
    third_party: bool,
    outcome_contact: bool | None = None,
    now: datetime | None = None,
) -> Application:
    """Record (or withdraw) the two PIPA consents with the text version and the time, and,
    when `outcome_contact` is given, the optional consent to outcome surveys (recorded only
    when new or changed: outcomes.record_outcome_consent_if_changed). One transaction: the
    step's answers are kept together or not at all."""
    now = now or timezone.now()
    application = lock_application(application)
    _ensure_editable(application, now)
    for prefix, given in (("consent_collection", collection), ("consent_third_party", third_party)):
        already = getattr(application, f"{prefix}_at") is not None
        if given and not already:
            setattr(application, f"{prefix}_at", now)
            setattr(application, f"{prefix}_version", consents.VERSION)
        elif not given:
            setattr(application, f"{prefix}_at", None)
            setattr(application, f"{prefix}_version", "")
    application.save(
        update_fields=[
            "consent_collection_at",
            "consent_collection_version",
            "consent_third_party_at",
            "consent_third_party_version",
            "updated_at",
        ]
    )
    log_action(
        application,
        "challenges.application.consents_recorded",
        actor=actor,
        data={"collection": collection, "third_party": third_party, "version": consents.VERSION},
    )
    if outcome_contact is not None:
        record_outcome_consent_if_changed(application, agreed=outcome_contact, actor=actor)
    return application


@transaction.atomic
def add_document(
    application: Application, *, actor, kind: str, uploaded_file, now: datetime | None = None
) -> ApplicationDocument:
    """Attach a checked upload (core.uploads.check_upload). A new pitch deck or business plan
    replaces the previous one; supporting files add up. The file is written to storage after
    commit, and replaced files deleted then."""
    application = lock_application(application)
    _ensure_editable(application, now or timezone.now())
    replaced = []
    if kind in (DocumentKind.PITCH_DECK, DocumentKind.BUSINESS_PLAN):
        replaced = list(application.documents.filter(kind=kind))
    document = store_upload(
        ApplicationDocument(application=application, kind=kind), uploaded_file, actor=actor
    )
    for old in replaced:
        _delete_document(old)
    log_action(
        application,
        "challenges.application.document_added",
        actor=actor,
        data={"kind": kind, "name": document.original_name, "sha256": document.sha256},
    )
    return document


def _delete_document(document: ApplicationDocument) -> None:
    storage, name = document.file.storage, document.file.name
    document.delete()
    transaction.on_commit(lambda: storage.delete(name))


@transaction.atomic
def remove_document(document: ApplicationDocument, *, actor, now: datetime | None = None) -> None:
    """Remove a document from a draft; the file is deleted after commit."""
    application = lock_application(document.application)
    _ensure_editable(application, now or timezone.now())
    _delete_document(document)
    log_action(
        application,
        "challenges.application.document_removed",
        actor=actor,
        data={"kind": document.kind, "name": document.original_name},
    )


@transaction.atomic
def submit_application(
    application: Application, *, actor, now: datetime | None = None
) -> Application:
    """Submit a complete, eligible draft while the call is open (checked on the server clock).

    Freezes the eligibility result and the answers (the receipt's snapshot), gives the
    application the call's next receipt number (allocate_reference), audit-logs, and queues a
    confirmation to every member of the startup in their own language. A refused submission
    changes nothing, and uses no number.
    """
    now = now or timezone.now()
    application = lock_application(application)
    # read once for the completeness check, the eligibility rules and the snapshot
    documents = selectors.documents_of(application)
    ensure_transition(application.status, ApplicationStatus.SUBMITTED)
    _ensure_editable(application, now, submitting=True)
    ensure_may_submit(application, actor=actor)  # representative-only calls (issue 16)
    missing = selectors.missing_items(application, documents=documents)
    if missing:
        raise ApplicationError(
            _("The application is not complete yet: %(items)s")
            % {"items": "; ".join(str(message) for _step, message in missing)},
            code="incomplete",
        )
    eligibility = selectors.eligibility_of(application)
    if not eligibility.passed:
        raise ApplicationError(
            _("The startup does not meet every eligibility rule: %(rules)s")
            % {"rules": "; ".join(r.explanation for r in eligibility.failing)},
            code="ineligible",
        )
    application.status = ApplicationStatus.SUBMITTED
    application.submitted_at = now
    application.eligibility_passed = eligibility.passed
    application.eligibility_snapshot = {
        **eligibility.snapshot(),
        "evaluated_at": now.isoformat(),
        "other_grants": declared_grants_snapshot(application),  # 중복수혜 확인 (issue 16)
    }
    snapshot = receipts.build_snapshot(
        application, reference_number="", now=now, documents=documents
    )
    challenge = application.challenge
    next_dates = _next_dates_both(selectors.milestones_of(challenge), now)
    people = list(startup_people(application.startup))
    # The number last: from here to the commit every other submission to the call waits
    # on the call's row (allocate_reference), so nothing slow comes after it.
    reference_number = allocate_reference(challenge)
    application.reference_number = snapshot["reference_number"] = reference_number
    application.submitted_snapshot = snapshot
    application.save(
        update_fields=[
            "status",
            "submitted_at",
            "eligibility_passed",
            "eligibility_snapshot",
            "reference_number",
            "submitted_snapshot",
            "updated_at",
        ]
    )
    log_action(
        application,
        "challenges.application.submitted",
        actor=actor,
        data={
            "from": ApplicationStatus.DRAFT,
            "to": ApplicationStatus.SUBMITTED,
            "reference_number": reference_number,
        },
    )
    for person in people:
        notify(
            person,
            "challenges.application_submitted",
            {
                "challenge_title": {"ko": challenge.title_ko, "en": challenge.title_en},
                "startup": application.startup.name_in(person.language),
                "submitted_at": now,
                "closes_at": challenge.closes_at,
                "reference_number": reference_number,
                "next_dates": next_dates,
                "url": application.get_absolute_url(),
            },
            key=f"challenges.application_submitted:{application.pk}:{person.pk}",
        )
    return application


def allocate_reference(challenge: Challenge) -> str:
    """The call's next receipt number. One statement raises the call's counter and returns it
    (UPDATE … RETURNING): it takes the challenge row's lock, so concurrent submissions are
    serialised and a number is never handed out twice (the unique constraint
    one_receipt_number_per_call backs it). Call inside the submit transaction.

    The lock is held until the commit, so on deadline day every submission to the call waits
    for the one before it to commit: one round trip instead of a SELECT … FOR UPDATE and an
    UPDATE shortens that queue. The counter shows on no public page, so the write bypasses the
    call's save signal (which would rebuild every visitor's page after every submission, just
    when the deadline brings the most of both)."""
    table = connection.ops.quote_name(Challenge._meta.db_table)
    counter = connection.ops.quote_name(Challenge._meta.get_field("last_reference").column)
    key = connection.ops.quote_name(Challenge._meta.pk.column)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET {counter} = {counter} + 1 WHERE {key} = %s RETURNING {counter}",  # noqa: S608 -- names from the model, the value a parameter
            [challenge.pk],
        )
        (number,) = cursor.fetchone()
    challenge.last_reference = number
    return receipts.reference_for(challenge, number)


def _next_dates_both(milestones, now: datetime) -> list[dict]:
    """The timeline still ahead, named in both languages (the email is rendered later)."""
    dates = []
    for milestone in milestones:
        if milestone.starts_at < now:
            continue
        label = {}
        for language in ("ko", "en"):
            with translation.override(language):
                label[language] = str(milestone.get_kind_display())
        dates.append({"label": label, "date": milestone.starts_at})
    return dates


@transaction.atomic
def withdraw_application(
    application: Application, *, actor, reason: str = "", now: datetime | None = None
) -> Application:
    """The founder withdraws, from any state the transition table allows and only before the
    call closes (selectors.withdrawal_refusal, which the page asks too). Audit-logged; nobody
    is notified."""
    now = now or timezone.now()
    application = lock_application(application)
    refusal = selectors.withdrawal_refusal(application, now)
    if refusal is not None:
        raise refusal
    previous = application.status
    application.status = ApplicationStatus.WITHDRAWN
    application.withdrawn_at = now
    application.save(update_fields=["status", "withdrawn_at", "updated_at"])
    log_action(
        application,
        "challenges.application.withdrawn",
        actor=actor,
        data={"from": previous, "to": ApplicationStatus.WITHDRAWN, "reason": reason},
    )
    return application


@transaction.atomic
def grant_eligibility_exception(
    application: Application, *, actor, rule: str, reason: str
) -> EligibilityException:
    """Staff let the application through one failing rule. The reason is required."""
    if not reason.strip():
        raise ApplicationError(_("Give the reason for the exception."), code="reason_required")
    exception, created = EligibilityException.objects.get_or_create(
        application=application, rule=rule, defaults={"reason": reason, "created_by": actor}
    )
    if created:
        log_action(
            application,
            "challenges.application.eligibility_exception",
            actor=actor,
            data={"rule": rule, "reason": reason},
        )
    return exception


def record_document_download(document: ApplicationDocument, *, actor) -> None:
    """Staff and reviewer downloads are audit-logged (founders' own are not)."""
    log_action(
        document.application,
        "challenges.application.document_downloaded",
        actor=actor,
        data={"document": document.pk, "kind": document.kind},
    )
