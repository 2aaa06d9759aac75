"""The call's public page: deadline and D-day, one benefits block, attachments, contact, FAQ."""

import itertools
import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from challenges import selectors, services
from challenges.models import ChallengeAttachment, ChallengeFAQ
from core.models import AuditEntry
from core.timefmt import format_datetime
from core.uploads import check_upload
from tests import factories

pytestmark = pytest.mark.django_db

SEOUL = ZoneInfo("Asia/Seoul")
NOW = datetime(2027, 3, 10, 9, 0, tzinfo=SEOUL)


def page(client, challenge, language="en") -> str:
    with translation.override(language):
        response = client.get(f"/challenges/{challenge.slug}/", HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    return response.content.decode()


def upload(name="공고문.pdf"):
    file = SimpleUploadedFile(name, factories.MINIMAL_PDF, content_type="application/pdf")
    file.checked = check_upload(file)
    return file


def attach(challenge, **fields):
    attachment = ChallengeAttachment(
        challenge=challenge,
        title_ko=fields.pop("title_ko", "2027 공고문"),
        title_en=fields.pop("title_en", "2027 call announcement"),
        **fields,
    )
    return services.save_challenge_attachment(attachment, actor=None, uploaded_file=upload())


@pytest.mark.parametrize(
    ("closes_at", "expected"),
    [
        (datetime(2027, 3, 13, 18, 0, tzinfo=SEOUL), 3),
        (datetime(2027, 3, 10, 18, 0, tzinfo=SEOUL), 0),
        # Closing at midnight: the last day to apply is the day before.
        (datetime(2027, 3, 11, 0, 0, tzinfo=SEOUL), 0),
    ],
)
def test_days_left_counts_seoul_calendar_days(closes_at, expected):
    challenge = factories.ChallengeFactory.build(opens_at=datetime(2027, 3, 1, tzinfo=SEOUL))
    challenge.closes_at = closes_at
    assert selectors.days_left(challenge, NOW) == expected


def test_days_left_is_none_when_the_call_is_closed():
    challenge = factories.ChallengeFactory.build(
        opens_at=datetime(2027, 3, 1, tzinfo=SEOUL), closes_at=datetime(2027, 3, 9, tzinfo=SEOUL)
    )
    assert selectors.days_left(challenge, NOW) is None


def test_call_page_shows_d_day_deadline_with_weekday_and_zone_and_the_apply_button(client):
    with time_machine.travel(NOW, tick=False):
        challenge = factories.ChallengeFactory(
            opens_at=datetime(2027, 3, 1, tzinfo=SEOUL),
            closes_at=datetime(2027, 3, 13, 18, 0, tzinfo=SEOUL),
        )
        korean = page(client, challenge, "ko")
        english = page(client, challenge, "en")
    assert "D-3" in korean
    with translation.override("ko"):
        assert format_datetime(challenge.closes_at) == "2027년 3월 13일 (토) 18:00 KST"
    assert "2027년 3월 13일 (토) 18:00 KST" in korean
    assert "Sat 13 Mar 2027, 18:00 KST" in english
    assert re.search(r'<a class="btn btn-primary btn-lg" href="[^"]+/apply/">지원하기</a>', korean)


def test_call_page_has_one_benefits_block_and_headings_in_order(client):
    challenge = factories.ChallengeFactory(benefits_en="Desk space at the Bio Hub.")
    ChallengeFAQ.objects.create(
        challenge=challenge,
        question_ko="질문",
        question_en="Who may apply?",
        answer_ko="답",
        answer_en="Seoul startups.",
    )
    attach(challenge)
    body = page(client, challenge)
    assert body.count('id="benefits"') == 1
    assert body.count("Desk space at the Bio Hub.") == 1
    levels = [int(level) for level in re.findall(r"<h([1-6])[ >]", body)]
    assert levels.count(1) == 1
    assert all(b - a <= 1 for a, b in itertools.pairwise(levels))
    assert "Who may apply?" in body


def test_call_page_lists_attachments_and_the_contact_person(client):
    challenge = factories.ChallengeFactory(
        contact_name="Kim Jiwon", contact_email="call@example.kr", contact_phone="02-1234-5678"
    )
    attachment = attach(challenge)
    body = page(client, challenge)
    assert f'href="/challenges/{challenge.slug}/attachments/{attachment.pk}/"' in body
    assert "2027 call announcement" in body
    assert "Kim Jiwon" in body
    assert 'href="mailto:call@example.kr"' in body
    assert 'href="tel:0212345678"' in body


def test_attachment_of_a_published_call_is_public(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        attachment = attach(factories.ChallengeFactory())
    response = client.get(attachment.get_absolute_url())
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == factories.MINIMAL_PDF
    assert response["X-Content-Type-Options"] == "nosniff"


def test_attachment_of_an_unpublished_call_is_not_found(client):
    attachment = attach(factories.ChallengeFactory(is_published=False))
    assert client.get(attachment.get_absolute_url()).status_code == 404


def test_saving_an_attachment_records_the_checked_file_and_audits():
    staff = factories.StaffFactory()
    challenge = factories.ChallengeFactory()
    attachment = ChallengeAttachment(challenge=challenge, title_ko="양식", title_en="Template")
    services.save_challenge_attachment(attachment, actor=staff, uploaded_file=upload("양식.pdf"))
    attachment.refresh_from_db()
    assert (attachment.original_name, attachment.size, attachment.uploaded_by) == (
        "양식.pdf",
        len(factories.MINIMAL_PDF),
        staff,
    )
    assert attachment.file.name.startswith("challenges/")
    entry = AuditEntry.objects.get(action="challenges.challenge.attachment_saved")
    assert (entry.actor, entry.object_id) == (staff, str(challenge.pk))
