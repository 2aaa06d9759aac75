"""Receipts: the number a submission gets, the frozen answers, the page, the email and the PDF."""

import io
import threading
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from pypdf import PdfReader

from challenges import receipts, services
from challenges.exceptions import ApplicationError
from challenges.models import Application, Challenge, ChallengeMilestone
from tests import factories
from tests.support.race import race

NOW = timezone.datetime(2027, 3, 10, 12, 0, tzinfo=timezone.get_fixed_timezone(0))
DEADLINE = 30.0


def member_of(application, **user_fields):
    return factories.StartupMembershipFactory(startup=application.startup, **user_fields).user


def complete(challenge=None, **fields):
    challenge = challenge or factories.ChallengeFactory()
    return factories.CompleteApplicationFactory(challenge=challenge, **fields)


def normalised(text: str) -> str:
    return "".join(text.split())


# --- the number -----------------------------------------------------------------------------


@pytest.mark.django_db
def test_receipt_numbers_follow_a_sequence_per_call():
    with time_machine.travel(NOW, tick=False):
        challenge = factories.ChallengeFactory()  # opens a day before: 2027
        other_call = factories.ChallengeFactory()
        first, second = complete(challenge), complete(challenge)
        elsewhere = complete(other_call)
        for application in (first, second, elsewhere):
            services.submit_application(application, actor=None)
    numbers = [
        Application.objects.get(pk=a.pk).reference_number for a in (first, second, elsewhere)
    ]
    assert numbers == ["SBH-2027-0001", "SBH-2027-0002", "SBH-2027-0001"]
    challenge.refresh_from_db()
    assert challenge.last_reference == 2


@pytest.mark.django_db
def test_submitting_reads_the_documents_once_for_the_check_and_the_snapshot():
    application = complete()
    with CaptureQueriesContext(connection) as queries:
        services.submit_application(application, actor=None)
    sql = [query["sql"] for query in queries.captured_queries]
    assert len([q for q in sql if 'FROM "challenges_applicationdocument"' in q]) == 1
    snapshot = Application.objects.get(pk=application.pk).submitted_snapshot
    assert [document["kind"] for document in snapshot["documents"]] == ["pitch_deck"]


@pytest.mark.django_db
def test_a_number_is_one_statement_that_raises_the_calls_counter():
    """Every submission to the call waits on the call's row from this statement to its commit:
    one round trip (UPDATE … RETURNING), not a locking read and then a write."""
    challenge = factories.ChallengeFactory(last_reference=41)
    with transaction.atomic(), CaptureQueriesContext(connection) as queries:
        number = services.allocate_reference(challenge)

    assert [query["sql"].split()[0] for query in queries.captured_queries] == ["UPDATE"]
    assert number.endswith("-0042")
    assert challenge.last_reference == 42
    challenge.refresh_from_db()
    assert challenge.last_reference == 42


@pytest.mark.django_db
def test_a_refused_submission_uses_no_number():
    challenge = factories.ChallengeFactory()
    incomplete = factories.ApplicationFactory(challenge=challenge)
    with pytest.raises(ApplicationError):
        services.submit_application(incomplete, actor=None)
    services.submit_application(complete(challenge), actor=None)
    challenge.refresh_from_db()
    assert challenge.last_reference == 1


@pytest.mark.django_db
def test_a_withdrawn_applications_number_is_never_reused():
    challenge = factories.ChallengeFactory()
    first = services.submit_application(complete(challenge), actor=None)
    services.withdraw_application(first, actor=None)
    second = services.submit_application(complete(challenge), actor=None)
    assert (first.reference_number[-4:], second.reference_number[-4:]) == ("0001", "0002")


@pytest.mark.django_db
def test_database_refuses_a_duplicate_receipt_number_in_a_call():
    challenge = factories.ChallengeFactory()
    factories.ApplicationFactory(challenge=challenge, reference_number="SBH-2027-0001")
    factories.ApplicationFactory(
        challenge=factories.ChallengeFactory(), reference_number="SBH-2027-0001"
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        factories.ApplicationFactory(challenge=challenge, reference_number="SBH-2027-0001")


def submit_without_lock(application, *, read: threading.Barrier) -> Application:
    """allocate_reference without the row lock: read the counter, wait until every thread has
    read it, then write. What submit_application would do without select_for_update."""
    with transaction.atomic():
        challenge = Challenge.objects.get(pk=application.challenge_id)
        sequence = challenge.last_reference + 1
        read.wait()
        Challenge.objects.filter(pk=challenge.pk).update(last_reference=sequence)
        application.reference_number = receipts.reference_for(challenge, sequence)
        application.save(update_fields=["reference_number"])
        return application


@pytest.mark.postgres
def test_concurrent_submissions_get_distinct_receipt_numbers(transactional_db):
    challenge = factories.ChallengeFactory()
    applications = [complete(challenge) for _ in range(8)]

    submitted, refusals = race(
        lambda application: services.submit_application(application, actor=None), applications
    )

    assert refusals == []
    numbers = sorted(a.reference_number[-4:] for a in submitted)
    assert numbers == [f"{n:04d}" for n in range(1, 9)]
    challenge.refresh_from_db()
    assert challenge.last_reference == 8


@pytest.mark.postgres
def test_race_harness_catches_numbers_allocated_without_lock(transactional_db):
    """Proof that the race above is real: without the lock every thread reads the same counter,
    and the unique constraint refuses all but one of the duplicate numbers."""
    challenge = factories.ChallengeFactory()
    applications = [complete(challenge) for _ in range(4)]
    read = threading.Barrier(4, timeout=DEADLINE)
    duplicates = []

    def attempt(application):
        try:
            return submit_without_lock(application, read=read)
        except IntegrityError as error:
            duplicates.append(error)
            return None

    _written, refusals = race(attempt, applications)

    assert (len(duplicates), refusals) == (3, [])
    numbers = list(
        Application.objects.exclude(reference_number="").values_list("reference_number", flat=True)
    )
    assert [n[-4:] for n in numbers] == ["0001"]


# --- the frozen answers ---------------------------------------------------------------------


@pytest.mark.django_db
def test_submission_freezes_the_answers_in_both_languages():
    application = complete(technology_summary="항체 플랫폼.", modality="antibody")
    services.submit_application(application, actor=None)
    application.refresh_from_db()
    snapshot = application.submitted_snapshot
    technology = next(s for s in snapshot["sections"] if s["key"] == "technology")
    answers = {a["name"]: a for a in technology["answers"]}
    assert answers["technology_summary"]["value"] == {"ko": "항체 플랫폼.", "en": "항체 플랫폼."}
    assert answers["modality"]["value"]["en"] == "Antibody or other biologic"
    assert answers["modality"]["label"]["en"] == "modality"
    document = application.documents.get()
    assert snapshot["documents"] == [
        {
            "kind": "pitch_deck",
            "kind_label": {"ko": snapshot["documents"][0]["kind_label"]["ko"], "en": "Pitch deck"},
            "name": document.original_name,
            "size": document.size,
            "sha256": document.sha256,
        }
    ]
    assert [c["version"] for c in snapshot["consents"]] == ["2026-11", "2026-11"]
    assert snapshot["reference_number"] == application.reference_number
    # every text in each language: Korean in "ko", English in "en"
    labels = [answers["modality"]["value"], snapshot["consents"][0]["label"], technology["title"]]
    for words in labels:
        assert any("가" <= ch <= "힣" for ch in words["ko"]), words
        assert words["en"].isascii(), words


# --- the pages ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_confirmation_shows_the_receipt_number_and_the_next_dates(client):
    application = complete()
    founder = member_of(application, user__language="en")
    ChallengeMilestone.objects.create(
        challenge=application.challenge,
        kind="results",
        starts_at=timezone.now() + timedelta(days=40),
    )
    services.submit_application(application, actor=founder)
    application.refresh_from_db()
    client.force_login(founder)
    with translation.override("en"):
        response = client.get(
            f"/applications/{application.pk}/confirmation/", HTTP_ACCEPT_LANGUAGE="en"
        )
    body = response.content.decode()
    assert response.status_code == 200
    assert application.reference_number in body
    assert "Results announced" in body
    assert f"/applications/{application.pk}/receipt.pdf" in body


@pytest.mark.django_db
def test_submission_email_carries_the_number_and_the_next_dates(django_capture_on_commit_callbacks):
    application = complete()
    founder = member_of(application, user__language="ko")
    ChallengeMilestone.objects.create(
        challenge=application.challenge,
        kind="screening",
        starts_at=timezone.now() + timedelta(days=20),
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.submit_application(application, actor=founder)
    application.refresh_from_db()
    message = mail.outbox[-1]
    assert application.reference_number in message.subject
    assert application.reference_number in message.body
    with translation.override("ko"):
        screening = str(ChallengeMilestone(kind="screening").get_kind_display())
    assert screening in message.body


@pytest.mark.django_db
def test_application_page_shows_the_submitted_answers_and_the_tracker(client):
    application = complete(unmet_need="재발성 AML 환자.")
    founder = member_of(application)
    ChallengeMilestone.objects.create(
        challenge=application.challenge,
        kind="screening",
        starts_at=timezone.now() + timedelta(days=20),
    )
    services.submit_application(application, actor=founder)
    # Staff correct the row later: the page keeps what the founder submitted.
    Application.objects.filter(pk=application.pk).update(unmet_need="Changed by staff")
    client.force_login(founder)
    body = client.get(f"/applications/{application.pk}/").content.decode()
    assert "재발성 AML 환자." in body
    assert "Changed by staff" not in body
    assert 'class="status-tracker' in body
    assert body.count('aria-current="step"') == 1


# --- the PDF --------------------------------------------------------------------------------


def pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return "\n".join(page.extract_text() for page in reader.pages)


@pytest.mark.django_db
def test_receipt_pdf_embeds_the_font_and_holds_the_snapshots_answers(client):
    application = complete(
        technology_summary="이중특이 항체로 CD47을 표적합니다.",
        bms_fit="혈액암은 BMS의 중점 분야입니다.",
    )
    founder = member_of(application)
    services.submit_application(application, actor=founder)
    application.refresh_from_db()
    Application.objects.filter(pk=application.pk).update(bms_fit="Edited by staff later")
    client.force_login(founder)
    with translation.override("ko"):
        response = client.get(f"/applications/{application.pk}/receipt.pdf")
    assert (response.status_code, response["Content-Type"]) == (200, "application/pdf")
    reader = PdfReader(io.BytesIO(response.content))
    font = next(iter(reader.pages[0]["/Resources"]["/Font"].values())).get_object()
    assert font["/BaseFont"].endswith("+Pretendard")
    descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"].get_object()
    assert len(descriptor["/FontFile2"].get_object().get_data()) > 1_000
    text = normalised(pdf_text(response.content))
    snapshot = application.submitted_snapshot
    values = [
        answer["value"]["ko"]
        for section in snapshot["sections"]
        for answer in section["answers"]
        if answer["value"]["ko"]
    ]
    assert [v for v in values if normalised(v) not in text] == []
    assert application.reference_number in text
    assert "EditedbystafflaterJ" not in text and "Editedbystaff" not in text
    assert application.documents.get().sha256[:32] in text


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("who", "expected"), [("member", 200), ("staff", 200), ("other", 404), ("reviewer", 404)]
)
def test_receipt_pdf_only_for_members_and_staff(client, who, expected):
    application = complete()
    services.submit_application(application, actor=None)
    users = {
        "member": lambda: member_of(application),
        "staff": factories.StaffFactory,
        "other": lambda: factories.StartupMembershipFactory().user,
        "reviewer": factories.ReviewerFactory,
    }
    client.force_login(users[who]())
    assert client.get(f"/applications/{application.pk}/receipt.pdf").status_code == expected


@pytest.mark.django_db
def test_receipt_pdf_of_a_draft_does_not_exist(client):
    application = complete()
    client.force_login(member_of(application))
    assert client.get(f"/applications/{application.pk}/receipt.pdf").status_code == 404
