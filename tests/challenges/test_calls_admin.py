"""The challenge (call) form in the admin: every input has an accessible name."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from challenges.models import ChallengeAttachment, ChallengeMilestone
from core.models import AuditEntry
from tests import factories

pytestmark = pytest.mark.django_db


def _input_tags(html: str) -> dict[str, str]:
    """Each visible input, select and textarea of a page by its id."""
    tags = re.findall(r"<(?:input|select|textarea)\b[^>]*>", html)
    return {
        re.search(r'\sid="([^"]+)"', tag).group(1): tag
        for tag in tags
        if 'type="hidden"' not in tag and re.search(r'\sid="([^"]+)"', tag)
    }


def _nameless(html: str) -> list[str]:
    labelled = set(re.findall(r'<label[^>]*\sfor="([^"]+)"', html))
    return sorted(
        element_id
        for element_id, tag in _input_tags(html).items()
        if element_id not in labelled
        and "aria-label=" not in tag
        and "__prefix__" not in element_id  # the hidden template row for "add another"
    )


def test_date_and_time_boxes_of_the_call_are_named_after_their_field(client):
    challenge = factories.ChallengeFactory()
    client.force_login(factories.StaffFactory(language="en"))
    html = client.get(f"/admin/challenges/challenge/{challenge.pk}/change/").content.decode()
    tags = _input_tags(html)
    assert 'aria-label="Applications open: date"' in tags["id_opens_at_0"]
    assert 'aria-label="Applications open: time"' in tags["id_opens_at_1"]
    assert 'aria-label="Applications close: date"' in tags["id_closes_at_0"]
    assert 'aria-label="Applications close: time"' in tags["id_closes_at_1"]


def test_every_input_of_the_call_form_has_a_name_with_inline_rows(client):
    challenge = factories.ChallengeFactory()
    ChallengeMilestone.objects.create(
        challenge=challenge,
        kind=ChallengeMilestone._meta.get_field("kind").choices[0][0],
        starts_at=challenge.closes_at,
    )
    client.force_login(factories.StaffFactory(language="ko"))
    for url in [
        f"/admin/challenges/challenge/{challenge.pk}/change/",
        "/admin/challenges/challenge/add/",
    ]:
        html = client.get(url).content.decode()
        assert _nameless(html) == [], url


def _form_data(html: str) -> dict[str, object]:
    """What the browser would post for the page's main form, as the page stands."""
    form = html[html.index('id="challenge_form"') :]
    data: dict[str, object] = {}
    for tag in re.findall(r"<input\b[^>]*>", form):
        name = re.search(r'\sname="([^"]+)"', tag)
        if not name or "__prefix__" in name.group(1):
            continue
        kind = (re.search(r'\stype="([^"]+)"', tag) or [None, "text"])[1]
        if kind in ("checkbox", "radio"):
            if " checked" in tag:
                data.setdefault(name.group(1), [])
                data[name.group(1)].append((re.search(r'\svalue="([^"]*)"', tag) or [0, "on"])[1])
            continue
        if kind in ("file", "submit"):
            continue
        value = re.search(r'\svalue="([^"]*)"', tag)
        data[name.group(1)] = value.group(1) if value else ""
    for name, body in re.findall(r'<select\b[^>]*\sname="([^"]+)"[^>]*>(.*?)</select>', form, re.S):
        if "__prefix__" in name:
            continue
        chosen = re.findall(r'<option value="([^"]*)"[^>]*selected', body)
        data[name] = chosen if "multiple" in name else (chosen[0] if chosen else "")
    for name, body in re.findall(
        r'<textarea\b[^>]*\sname="([^"]+)"[^>]*>(.*?)</textarea>', form, re.S
    ):
        if "__prefix__" not in name:
            data[name] = body.strip()
    return data


def test_staff_upload_the_call_announcement_in_the_admin(
    client, django_capture_on_commit_callbacks
):
    challenge = factories.ChallengeFactory()
    staff = factories.StaffFactory(language="en")
    client.force_login(staff)
    url = f"/admin/challenges/challenge/{challenge.pk}/change/"
    data = _form_data(client.get(url).content.decode())
    data.update(
        {
            "attachments-TOTAL_FORMS": "1",
            "attachments-0-sort_order": "0",
            "attachments-0-kind": "announcement",
            "attachments-0-title_ko": "2027 공고문",
            "attachments-0-title_en": "2027 call announcement",
            "attachments-0-file": SimpleUploadedFile(
                "공고문.pdf", factories.MINIMAL_PDF, content_type="application/pdf"
            ),
        }
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    attachment = ChallengeAttachment.objects.get(challenge=challenge)
    assert (attachment.original_name, attachment.size, attachment.uploaded_by) == (
        "공고문.pdf",
        len(factories.MINIMAL_PDF),
        staff,
    )
    assert attachment.file.read() == factories.MINIMAL_PDF
    assert AuditEntry.objects.filter(action="challenges.challenge.attachment_saved").count() == 1
