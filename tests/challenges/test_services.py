"""Challenge intake services: drafts, documents, consents, submission, withdrawal."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone, translation

from challenges import services
from challenges.models import Application, ApplicationDocument, ApplicationStatus
from core.exceptions import DomainError, TransitionNotAllowed
from core.models import AuditEntry
from core.timefmt import format_datetime
from core.uploads import check_upload
from notifications.models import Notification
from tests import factories
from tests.support.race import beside_an_open_rival

pytestmark = pytest.mark.django_db


def member_of(application, **user_fields):
    return factories.StartupMembershipFactory(startup=application.startup, **user_fields).user


def pdf(name="deck.pdf"):
    upload = SimpleUploadedFile(name, factories.MINIMAL_PDF, content_type="application/pdf")
    upload.checked = check_upload(upload)
    return upload


def test_start_application_is_one_per_startup_and_call():
    challenge = factories.ChallengeFactory()
    startup = factories.StartupFactory()
    founder = factories.UserFactory()
    first = services.start_application(challenge, startup=startup, actor=founder)
    second = services.start_application(challenge, startup=startup, actor=founder)
    assert first == second
    assert Application.objects.count() == 1
    assert first.status == ApplicationStatus.DRAFT


@pytest.mark.postgres
def test_a_co_founder_starting_at_the_same_moment_gets_the_same_draft(transactional_db):
    """The other start has inserted its draft but not committed: this one finds no draft,
    waits on the unique constraint, then returns the other's draft instead of failing."""
    challenge = factories.ChallengeFactory()
    startup = factories.StartupFactory()
    founders = factories.UserFactory.create_batch(2)
    theirs, mine, waited = beside_an_open_rival(
        lambda: services.start_application(challenge, startup=startup, actor=founders[0]),
        lambda: services.start_application(challenge, startup=startup, actor=founders[1]),
    )
    assert (mine.pk, waited) == (theirs.pk, True)
    assert Application.objects.count() == 1
    assert AuditEntry.objects.filter(action="challenges.application.started").count() == 1


def test_start_application_refused_when_the_call_is_closed():
    challenge = factories.ChallengeFactory()
    with pytest.raises(DomainError):
        services.start_application(
            challenge,
            startup=factories.StartupFactory(),
            actor=None,
            now=challenge.closes_at,
        )
    assert Application.objects.count() == 0


def test_database_refuses_a_second_application_of_the_same_startup():
    application = factories.ApplicationFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Application.objects.create(challenge=application.challenge, startup=application.startup)


def test_save_draft_keeps_answers_and_audits_the_fields():
    application = factories.ApplicationFactory()
    founder = member_of(application)
    services.save_draft(application, actor=founder, data={"bms_fit": "Hematology."})
    application.refresh_from_db()
    assert application.bms_fit == "Hematology."
    entry = AuditEntry.objects.get(action="challenges.application.draft_saved")
    assert entry.data == {"fields": ["bms_fit"]}


def test_save_draft_refuses_fields_outside_the_form():
    application = factories.ApplicationFactory()
    with pytest.raises(ValueError):
        services.save_draft(application, actor=None, data={"status": "selected"})
    application.refresh_from_db()
    assert application.status == ApplicationStatus.DRAFT


def test_draft_is_read_only_after_the_close():
    application = factories.ApplicationFactory(bms_fit="Before the close.")
    with pytest.raises(DomainError) as caught:
        services.save_draft(
            application,
            actor=None,
            data={"bms_fit": "Too late."},
            now=application.challenge.closes_at,
        )
    assert caught.value.code == "call_closed"
    application.refresh_from_db()
    assert application.bms_fit == "Before the close."


def test_submit_complete_eligible_application(django_capture_on_commit_callbacks):
    application = factories.CompleteApplicationFactory()
    founder = member_of(application, user__language="en")
    cofounder = member_of(application, role="member", user__language="ko")
    with django_capture_on_commit_callbacks(execute=True):
        services.submit_application(application, actor=founder)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED
    assert application.submitted_at is not None
    assert application.eligibility_passed is True
    assert [r["code"] for r in application.eligibility_snapshot["rules"]] == [
        "seoul_based",
        "company_age",
        "business_number",
        "therapeutic_area",
    ]
    year = timezone.localtime(application.challenge.opens_at).year
    assert application.reference_number == f"SBH-{year}-0001"
    entry = AuditEntry.objects.get(action="challenges.application.submitted")
    assert (entry.actor, entry.data) == (
        founder,
        {"from": "draft", "to": "submitted", "reference_number": f"SBH-{year}-0001"},
    )
    sent = {n.recipient: n.language for n in Notification.objects.filter(status="sent")}
    assert sent == {founder: "en", cofounder: "ko"}
    english = next(m for m in mail.outbox if m.to == [founder.email])
    assert english.subject == (
        f"Application received (SBH-{year}-0001): {application.challenge.title_en}"
    )
    assert f"Receipt number: SBH-{year}-0001" in english.body


def test_submitting_twice_is_refused():
    application = factories.CompleteApplicationFactory()
    services.submit_application(application, actor=None)
    with pytest.raises(TransitionNotAllowed):
        services.submit_application(application, actor=None)


def test_submitting_one_second_after_the_close_is_refused_and_the_draft_stays():
    application = factories.CompleteApplicationFactory()
    before = Application.objects.values().get(pk=application.pk)
    with translation.override("en"), pytest.raises(DomainError) as caught:
        services.submit_application(
            application, actor=None, now=application.challenge.closes_at + timedelta(seconds=1)
        )
    assert caught.value.code == "call_closed"
    closed = format_datetime(application.challenge.closes_at, lang="en")
    assert str(caught.value.message) == (
        f"The call closed on {closed}, so applications can no longer be submitted."
    )
    assert Application.objects.values().get(pk=application.pk) == before
    assert application.documents.count() == 1
    assert Notification.objects.count() == 0


def test_submitting_an_incomplete_draft_names_what_is_missing():
    application = factories.CompleteApplicationFactory(bms_fit="", pitch_deck=False)
    with translation.override("en"), pytest.raises(DomainError) as caught:
        services.submit_application(application, actor=None)
    assert caught.value.code == "incomplete"
    assert "Upload the pitch deck." in str(caught.value)
    assert "Explain the fit with BMS's interests." in str(caught.value)


def test_ineligible_startup_cannot_submit_unless_staff_grant_an_exception():
    application = factories.CompleteApplicationFactory(startup__district="")
    with pytest.raises(DomainError) as caught:
        services.submit_application(application, actor=None)
    assert caught.value.code == "ineligible"
    staff = factories.StaffFactory()
    services.grant_eligibility_exception(
        application, actor=staff, rule="seoul_based", reason="Moving to Hongneung in March."
    )
    services.submit_application(application, actor=None)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED
    seoul = application.eligibility_snapshot["rules"][0]
    assert (seoul["passed"], seoul["excepted"]) == (False, True)
    entry = AuditEntry.objects.get(action="challenges.application.eligibility_exception")
    assert entry.data == {"rule": "seoul_based", "reason": "Moving to Hongneung in March."}


def test_exception_needs_a_reason():
    application = factories.ApplicationFactory()
    with pytest.raises(DomainError):
        services.grant_eligibility_exception(
            application, actor=None, rule="seoul_based", reason=" "
        )


def test_grant_above_the_maximum_blocks_submission():
    application = factories.CompleteApplicationFactory(requested_grant_amount=60_000_000)
    with translation.override("en"), pytest.raises(DomainError) as caught:
        services.submit_application(application, actor=None)
    assert "above the call's maximum" in str(caught.value)


def test_withdraw_before_the_close_and_not_after():
    application = factories.CompleteApplicationFactory()
    services.submit_application(application, actor=None)
    with pytest.raises(DomainError):
        services.withdraw_application(application, actor=None, now=application.challenge.closes_at)
    services.withdraw_application(application, actor=None, reason="Merged with another team.")
    application.refresh_from_db()
    assert application.status == ApplicationStatus.WITHDRAWN
    entry = AuditEntry.objects.get(action="challenges.application.withdrawn")
    assert entry.data == {
        "from": "submitted",
        "to": "withdrawn",
        "reason": "Merged with another team.",
    }


def test_consents_record_version_and_time_and_can_be_withdrawn():
    application = factories.ApplicationFactory()
    services.record_consents(application, actor=None, collection=True, third_party=True)
    application.refresh_from_db()
    assert application.consent_collection_version == "2026-11"
    assert application.consent_third_party_at is not None
    agreed_at = application.consent_collection_at
    services.record_consents(application, actor=None, collection=True, third_party=False)
    application.refresh_from_db()
    assert application.consent_collection_at == agreed_at  # agreeing again keeps the first time
    assert (application.consent_third_party_at, application.consent_third_party_version) == (
        None,
        "",
    )


def test_new_pitch_deck_replaces_the_old_one_and_stores_a_random_name():
    application = factories.ApplicationFactory()
    first = services.add_document(application, actor=None, kind="pitch_deck", uploaded_file=pdf())
    second = services.add_document(
        application, actor=None, kind="pitch_deck", uploaded_file=pdf("deck v2.pdf")
    )
    assert list(application.documents.all()) == [second]
    assert second.original_name == "deck v2.pdf"
    assert "deck" not in second.file.name
    assert second.file.name.startswith("applications/")
    assert ApplicationDocument.objects.filter(pk=first.pk).exists() is False


def test_supporting_documents_add_up():
    application = factories.ApplicationFactory()
    for name in ("a.pdf", "b.pdf"):
        services.add_document(application, actor=None, kind="supporting", uploaded_file=pdf(name))
    assert application.documents.count() == 2
